package org.backprop4j.tensor.simd;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.FMA;
import static jdk.incubator.vector.VectorOperators.MUL;
import static jdk.incubator.vector.VectorOperators.SUB;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.backprop4j.tensor.BatchNormKernels;

/**
 * {@link BatchNormKernels} on 256-bit vectors: the 8 lanes of the sums are a vector's, so the results
 * are {@link org.backprop4j.tensor.PlainBatchNormKernels}'s bit for bit on every machine; the last
 * n mod 8 values in scalar code, as there.
 *
 * <p>Operations are called as {@code lanewise(OP, …)}, not {@code add}/{@code fma}: those are shared
 * methods of FloatVector whose inner call is profiled for every species in the program, and with the
 * 512-bit kernels running too, C2 saw two receiver types there, merged them, and ran the loop-carried
 * sums boxed through the Java fallback (15-25% of a batch-normalized net's training time). Our own call
 * site sees only 256-bit vectors.
 */
public final class VectorBatchNormKernels implements BatchNormKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

    public static final VectorBatchNormKernels INSTANCE = new VectorBatchNormKernels();

    private VectorBatchNormKernels() {}

    @Override
    public String name() { return "vector-256"; }

    @Override
    public void sums(float[] x, int off, int n, float shift, double[] out) {
        int whole = n & -8;
        FloatVector s = FloatVector.zero(S), q = FloatVector.zero(S), m = FloatVector.broadcast(S, shift);
        for (int i = 0; i < whole; i += 8) {
            FloatVector v = FloatVector.fromArray(S, x, off + i).lanewise(SUB, m);
            s = s.lanewise(ADD, v);
            q = v.lanewise(FMA, v, q);
        }
        double sum = BatchNormKernels.tree(s.lane(0), s.lane(1), s.lane(2), s.lane(3), s.lane(4), s.lane(5), s.lane(6), s.lane(7));
        double sq = BatchNormKernels.tree(q.lane(0), q.lane(1), q.lane(2), q.lane(3), q.lane(4), q.lane(5), q.lane(6), q.lane(7));
        for (int i = whole; i < n; i++) {
            double v = x[off + i] - shift;
            sum += v;
            sq += v * v;
        }
        out[0] = sum;
        out[1] = sq;
    }

    @Override
    public void normalize(float[] x, int xOff, float[] z, int zOff, int n, float mu, float inv, float gamma, float beta) {
        int whole = n & -8;
        FloatVector m = FloatVector.broadcast(S, mu), iv = FloatVector.broadcast(S, inv);
        FloatVector g = FloatVector.broadcast(S, gamma), b = FloatVector.broadcast(S, beta);
        for (int i = 0; i < whole; i += 8) {
            g.lanewise(FMA, FloatVector.fromArray(S, x, xOff + i).lanewise(SUB, m).lanewise(MUL, iv), b).intoArray(z, zOff + i);
        }
        for (int i = whole; i < n; i++) z[zOff + i] = Math.fma(gamma, (x[xOff + i] - mu) * inv, beta);
    }

    @Override
    public void gradientSums(float[] x, int xOff, float[] d, int dOff, int n, float mu, float inv, double[] out) {
        int whole = n & -8;
        FloatVector m = FloatVector.broadcast(S, mu), iv = FloatVector.broadcast(S, inv);
        FloatVector s = FloatVector.zero(S), p = FloatVector.zero(S);
        for (int i = 0; i < whole; i += 8) {
            FloatVector dv = FloatVector.fromArray(S, d, dOff + i);
            s = s.lanewise(ADD, dv);
            p = dv.lanewise(FMA, FloatVector.fromArray(S, x, xOff + i).lanewise(SUB, m).lanewise(MUL, iv), p);
        }
        double sum = BatchNormKernels.tree(s.lane(0), s.lane(1), s.lane(2), s.lane(3), s.lane(4), s.lane(5), s.lane(6), s.lane(7));
        double prod = BatchNormKernels.tree(p.lane(0), p.lane(1), p.lane(2), p.lane(3), p.lane(4), p.lane(5), p.lane(6), p.lane(7));
        for (int i = whole; i < n; i++) {
            double dv = d[dOff + i];
            sum += dv;
            prod += dv * ((x[xOff + i] - mu) * inv);
        }
        out[0] = sum;
        out[1] = prod;
    }

    @Override
    public void inputGradient(float[] x, int xOff, float[] d, int dOff, float[] gx, int gOff, int n, float mu, float inv, float k,
                              float count, float sumD, float sumDXhat) {
        int whole = n & -8;
        FloatVector m = FloatVector.broadcast(S, mu), iv = FloatVector.broadcast(S, inv), kv = FloatVector.broadcast(S, k);
        FloatVector cv = FloatVector.broadcast(S, count), sd = FloatVector.broadcast(S, sumD), sdx = FloatVector.broadcast(S, sumDXhat);
        for (int i = 0; i < whole; i += 8) {
            FloatVector xhat = FloatVector.fromArray(S, x, xOff + i).lanewise(SUB, m).lanewise(MUL, iv);
            kv.lanewise(MUL, cv.lanewise(MUL, FloatVector.fromArray(S, d, dOff + i)).lanewise(SUB, sd).lanewise(SUB, xhat.lanewise(MUL, sdx))).intoArray(gx, gOff + i);
        }
        for (int i = whole; i < n; i++) {
            float xhat = (x[xOff + i] - mu) * inv;
            gx[gOff + i] = k * (count * d[dOff + i] - sumD - xhat * sumDXhat);
        }
    }
}

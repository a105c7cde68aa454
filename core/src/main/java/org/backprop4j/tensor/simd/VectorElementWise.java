package org.backprop4j.tensor.simd;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.backprop4j.tensor.ElementWise;
import org.backprop4j.tensor.PlainElementWise;

/**
 * The element-wise kernels on the Vector API at the platform's preferred width (a static constant, so
 * C2 does not box). Transcendentals go through {@link VectorMath}, whose results are bitwise equal to
 * {@link org.backprop4j.tensor.FloatMath}'s: the same in every JIT tier and equal to the plain kernels.
 *
 * <p>Every loop runs unmasked vectors up to the last whole vector and finishes the remaining values
 * (fewer than one vector) with the same formula in scalar code: a masked access whose
 * vector would reach past the end of the array is not intrinsified by C2 and costs ~15× a plain one.
 */
public final class VectorElementWise implements ElementWise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * Bytes and ints with as many lanes as S, for {@link #unsignedBytesToFloats}; no byte vector is narrower
     * than 64 bits, so with 128-bit floats (4 lanes) the conversion stays scalar (BYTES null).
     */
    private static final VectorSpecies<Byte> BYTES = L >= 8 ? VectorSpecies.of(byte.class, VectorShape.forBitSize(8 * L)) : null;
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, S.vectorShape());

    /** Created after the constants above. */
    public static final VectorElementWise INSTANCE = new VectorElementWise();

    private VectorElementWise() {}

    @Override
    public String name() { return "vector-" + S.vectorBitSize(); }

    @Override
    public void addBias(float[] z, float[] bias, int off, int rows, int cols) {
        for (int i = 0; i < rows; i++) addBiasRow(z, off + i * cols, bias, cols);
    }

    @Override
    public void addBiasRelu(float[] z, float[] bias, float[] a, int off, int rows, int cols) {
        // a row at a time, in two sweeps: z's row is still in L1 for the second (one interleaved sweep
        // storing to z and a ran 2x slower on mlp800's first layer: see docs/PERFORMANCE.md)
        for (int i = 0; i < rows; i++) {
            addBiasRow(z, off + i * cols, bias, cols);
            relu(z, a, off + i * cols, cols);
        }
    }

    /** z[row + j] += bias[j] for j in [0, cols). */
    private static void addBiasRow(float[] z, int row, float[] bias, int cols) {
        int jv = S.loopBound(cols);
        for (int j = 0; j < jv; j += L) {
            FloatVector.fromArray(S, z, row + j).add(FloatVector.fromArray(S, bias, j)).intoArray(z, row + j);
        }
        for (int j = jv; j < cols; j++) z[row + j] += bias[j];
    }

    @Override
    public void sigmoid(float[] z, float[] a, int off, int n) { sigmoidInto(z, off, a, off, n); }

    /** out[outOff + i] = σ(in[inOff + i]): e^(−z), then 1 / (1 + e^(−z)), the operations of FloatMath.sigmoid. */
    private static void sigmoidInto(float[] in, int inOff, float[] out, int outOff, int n) {
        negate(in, inOff, out, outOff, n);
        VectorMath.exp(out, outOff, out, outOff, n);
        reciprocalOnePlus(out, outOff, n);
    }

    @Override
    public void sigmoidBackward(float[] a, float[] g, int off, int n) {
        int i = off;
        int end = off + n;
        for (int bound = off + S.loopBound(n); i < bound; i += L) {
            FloatVector av = FloatVector.fromArray(S, a, i);
            FloatVector.fromArray(S, g, i).mul(av.mul(av.neg().add(1f))).intoArray(g, i);
        }
        for (; i < end; i++) g[i] *= a[i] * (1 - a[i]);
    }

    @Override
    public void relu(float[] z, float[] a, int off, int n) {
        int i = off;
        int end = off + n;
        for (int bound = off + S.loopBound(n); i < bound; i += L) FloatVector.fromArray(S, z, i).max(0f).intoArray(a, i);
        for (; i < end; i++) a[i] = Math.max(0f, z[i]);
    }

    @Override
    public void reluBackward(float[] z, float[] g, int off, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = off;
        int end = off + n;
        for (int bound = off + S.loopBound(n); i < bound; i += L) {
            VectorMask<Float> dead = FloatVector.fromArray(S, z, i).compare(VectorOperators.GT, 0f).not();
            FloatVector.fromArray(S, g, i).blend(zero, dead).intoArray(g, i);
        }
        for (; i < end; i++) if (!(z[i] > 0)) g[i] = 0;
    }

    @Override
    public void tanh(float[] z, float[] a, int off, int n) {
        // em = expm1(2|z|), a = ±em / (em + 2): the operations of FloatMath.tanh
        int end = off + n;
        int i = off;
        for (int bound = off + S.loopBound(n); i < bound; i += L) FloatVector.fromArray(S, z, i).abs().mul(2f).intoArray(a, i);
        for (; i < end; i++) a[i] = 2f * Math.abs(z[i]);
        VectorMath.expm1(a, off, a, off, n);
        i = off;
        for (int bound = off + S.loopBound(n); i < bound; i += L) {
            FloatVector em = FloatVector.fromArray(S, a, i);
            FloatVector t = em.div(em.add(2f));
            IntVector sign = FloatVector.fromArray(S, z, i).reinterpretAsInts().and(0x80000000);
            ((IntVector) t.reinterpretAsInts().or(sign)).reinterpretAsFloats().intoArray(a, i);
        }
        for (; i < end; i++) a[i] = Math.copySign(a[i] / (a[i] + 2f), z[i]);
    }

    @Override
    public void tanhBackward(float[] a, float[] g, int off, int n) {
        int i = off;
        int end = off + n;
        for (int bound = off + S.loopBound(n); i < bound; i += L) {
            FloatVector av = FloatVector.fromArray(S, a, i);
            FloatVector.fromArray(S, g, i).mul(av.mul(av).neg().add(1f)).intoArray(g, i);
        }
        for (; i < end; i++) g[i] *= 1 - a[i] * a[i];
    }

    @Override
    public void softplus(float[] z, float[] a, int off, int n) {
        // a = max(z, 0) + ln(1 + e^(−|z|)): the operations of FloatMath.softplus
        int end = off + n;
        int i = off;
        for (int bound = off + S.loopBound(n); i < bound; i += L) FloatVector.fromArray(S, z, i).abs().neg().intoArray(a, i);
        for (; i < end; i++) a[i] = -Math.abs(z[i]);
        VectorMath.exp(a, off, a, off, n);
        VectorMath.log1p(a, off, a, off, n);
        i = off;
        for (int bound = off + S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, z, i).max(0f).add(FloatVector.fromArray(S, a, i)).intoArray(a, i);
        }
        for (; i < end; i++) a[i] = Math.max(z[i], 0f) + a[i];
    }

    @Override
    public void softplusBackward(float[] z, float[] g, int off, int n) {
        // g ⊙= σ(z), σ computed in a per-thread buffer as in sigmoid
        float[] sig = scratch(n);
        sigmoidInto(z, off, sig, 0, n);
        multiplyInto(g, off, sig, 0, n);
    }

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[1024]});

    /** A per-thread buffer of at least n floats, grown (rarely) and then reused. */
    private static float[] scratch(int n) {
        float[][] holder = SCRATCH.get();
        if (holder[0].length < n) holder[0] = new float[Math.max(n, 2 * holder[0].length)];
        return holder[0];
    }

    private static void negate(float[] in, int inOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) FloatVector.fromArray(S, in, inOff + i).neg().intoArray(out, outOff + i);
        for (; i < n; i++) out[outOff + i] = -in[inOff + i];
    }

    /** x = 1 / (1 + x) over [off, off + n). */
    private static void reciprocalOnePlus(float[] x, int off, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = off;
        int end = off + n;
        for (int bound = off + S.loopBound(n); i < bound; i += L) one.div(FloatVector.fromArray(S, x, i).add(one)).intoArray(x, i);
        for (; i < end; i++) x[i] = 1f / (1f + x[i]);
    }

    @Override
    public void softmaxRows(float[] z, float[] a, int off, int rows, int cols) {
        // per row: a = e^(z − max z) / Σ: the exponentials through VectorMath, the sum in index order, so
        // that the result does not depend on how a vector reduction is associated
        float[] row = scratch(cols);
        for (int r = 0; r < rows; r++) {
            int at = off + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) max = Math.max(max, z[at + j]);
            for (int j = 0; j < cols; j++) row[j] = z[at + j] - max;
            VectorMath.exp(row, 0, row, 0, cols);
            float sum = 0f;
            for (int j = 0; j < cols; j++) sum += row[j];
            float inv = 1f / sum;
            for (int j = 0; j < cols; j++) a[at + j] = row[j] * inv;
        }
    }

    @Override
    public void columnSums(float[] x, int off, int rows, int cols, float alpha, float beta, float[] out) {
        int jv = S.loopBound(cols);
        for (int j = 0; j < jv; j += L) {
            FloatVector acc = FloatVector.zero(S);
            for (int i = 0; i < rows; i++) acc = acc.add(FloatVector.fromArray(S, x, off + i * cols + j));
            acc = acc.mul(alpha);
            if (beta != 0) acc = acc.add(FloatVector.fromArray(S, out, j).mul(beta));
            acc.intoArray(out, j);
        }
        for (int j = jv; j < cols; j++) {
            float s = 0;
            for (int i = 0; i < rows; i++) s += x[off + i * cols + j];
            out[j] = alpha * s + (beta == 0 ? 0 : beta * out[j]);
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector av = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(av, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = Math.fma(x[xOff + i], alpha, y[yOff + i]);
    }

    @Override
    public void multiply(float[] x, float[] y, int n) { multiplyInto(x, 0, y, 0, n); }

    /** x[xOff + i] *= y[yOff + i] for i in [0, n). */
    private static void multiplyInto(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).mul(FloatVector.fromArray(S, y, yOff + i)).intoArray(x, xOff + i);
        }
        for (; i < n; i++) x[xOff + i] *= y[yOff + i];
    }

    @Override
    public void unsignedBytesToFloats(byte[] src, int srcOff, float scale, float[] dst, int dstOff, int n) {
        int i = 0;
        for (int bound = BYTES == null ? 0 : S.loopBound(n); i < bound; i += L) {
            ByteVector.fromArray(BYTES, src, srcOff + i).convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0)
                    .convert(VectorOperators.I2F, 0).reinterpretAsFloats().mul(scale).intoArray(dst, dstOff + i);
        }
        for (; i < n; i++) dst[dstOff + i] = (src[srcOff + i] & 0xFF) * scale;
    }

    @Override
    public void sgdStep(float[] w, float[] g, int off, int n, float eta) {
        FloatVector ne = FloatVector.broadcast(S, -eta);
        int i = off;
        int end = off + n;
        for (int bound = off + S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, g, i).fma(ne, FloatVector.fromArray(S, w, i)).intoArray(w, i);
        }
        for (; i < end; i++) w[i] = Math.fma(g[i], -eta, w[i]);
    }

    @Override
    public void momentumStep(float[] w, float[] v, float[] g, int off, int n, float eta, float mu, boolean nesterov) {
        FloatVector muV = FloatVector.broadcast(S, mu);
        FloatVector ne = FloatVector.broadcast(S, -eta);
        FloatVector nem = FloatVector.broadcast(S, -eta * mu);
        int i = off;
        int end = off + n;
        for (int bound = off + S.loopBound(n); i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector vv = FloatVector.fromArray(S, v, i).fma(muV, gv);
            vv.intoArray(v, i);
            FloatVector wv = FloatVector.fromArray(S, w, i);
            (nesterov ? vv.fma(nem, gv.fma(ne, wv)) : vv.fma(ne, wv)).intoArray(w, i);
        }
        PlainElementWise.INSTANCE.momentumStep(w, v, g, i, end - i, eta, mu, nesterov); // the tail, same arithmetic
    }

    @Override
    public void adamStep(float[] w, float[] m, float[] v, float[] g, int off, int n, float eta, float beta1, float beta2,
                         float eps, float c1, float c2) {
        float ob1 = 1 - beta1;
        float ob2 = 1 - beta2;
        FloatVector b1 = FloatVector.broadcast(S, beta1), b2 = FloatVector.broadcast(S, beta2);
        FloatVector ne = FloatVector.broadcast(S, -eta);
        int i = off;
        int end = off + n;
        for (int bound = off + S.loopBound(n); i < bound; i += L) {
            FloatVector gi = FloatVector.fromArray(S, g, i);
            FloatVector mi = FloatVector.fromArray(S, m, i).fma(b1, gi.mul(ob1));
            FloatVector vi = FloatVector.fromArray(S, v, i).fma(b2, gi.mul(ob2).mul(gi));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector step = mi.mul(c1).div(vi.mul(c2).lanewise(VectorOperators.SQRT).add(eps));
            ne.fma(step, FloatVector.fromArray(S, w, i)).intoArray(w, i);
        }
        PlainElementWise.INSTANCE.adamStep(w, m, v, g, i, end - i, eta, beta1, beta2, eps, c1, c2); // the tail
    }
}

package org.backprop4j.tensor.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.backprop4j.tensor.ElementWise;

/**
 * The element-wise kernels on the Vector API at the platform's preferred width (a static constant, so
 * C2 does not box). Transcendentals use the Vector API's EXP/TANH/LOG1P, which C2 maps to SIMD math
 * stubs. Every loop ends with one masked iteration instead of a scalar tail.
 */
public final class VectorElementWise implements ElementWise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Created after the constants above, which its constructor checks. */
    public static final VectorElementWise INSTANCE = new VectorElementWise();

    private VectorElementWise() {}

    @Override
    public String name() { return "vector-" + S.vectorBitSize(); }

    @Override
    public void addBias(float[] z, float[] bias, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                FloatVector.fromArray(S, z, row + j, m).add(FloatVector.fromArray(S, bias, j, m)).intoArray(z, row + j, m);
            }
        }
    }

    @Override
    public void sigmoid(float[] z, float[] a, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector e = FloatVector.fromArray(S, z, i, m).neg().lanewise(VectorOperators.EXP);
            one.div(e.add(one)).intoArray(a, i, m);
        }
    }

    @Override
    public void sigmoidBackward(float[] a, float[] g, int n) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector av = FloatVector.fromArray(S, a, i, m);
            FloatVector d = av.mul(av.neg().add(1f));
            FloatVector.fromArray(S, g, i, m).mul(d).intoArray(g, i, m);
        }
    }

    @Override
    public void relu(float[] z, float[] a, int n) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, z, i, m).max(0f).intoArray(a, i, m);
        }
    }

    @Override
    public void reluBackward(float[] z, float[] g, int n) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            VectorMask<Float> off = FloatVector.fromArray(S, z, i, m).compare(VectorOperators.GT, 0f).not();
            FloatVector.fromArray(S, g, i, m).blend(zero, off).intoArray(g, i, m);
        }
    }

    @Override
    public void tanh(float[] z, float[] a, int n) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, z, i, m).lanewise(VectorOperators.TANH).intoArray(a, i, m);
        }
    }

    @Override
    public void tanhBackward(float[] a, float[] g, int n) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector av = FloatVector.fromArray(S, a, i, m);
            FloatVector d = av.mul(av).neg().add(1f);
            FloatVector.fromArray(S, g, i, m).mul(d).intoArray(g, i, m);
        }
    }

    @Override
    public void softplus(float[] z, float[] a, int n) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector zv = FloatVector.fromArray(S, z, i, m);
            FloatVector tail = zv.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P);
            zv.max(0f).add(tail).intoArray(a, i, m);
        }
    }

    @Override
    public void softplusBackward(float[] z, float[] g, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector e = FloatVector.fromArray(S, z, i, m).neg().lanewise(VectorOperators.EXP);
            FloatVector.fromArray(S, g, i, m).div(e.add(one)).intoArray(g, i, m);
        }
    }

    @Override
    public void softmaxRows(float[] z, float[] a, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            FloatVector mx = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                mx = mx.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, z, row + j, m), m);
            }
            float max = mx.reduceLanes(VectorOperators.MAX);
            FloatVector sum = FloatVector.zero(S);
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                FloatVector e = FloatVector.fromArray(S, z, row + j, m).sub(max).lanewise(VectorOperators.EXP);
                e.intoArray(a, row + j, m);
                sum = sum.add(e, m);
            }
            float inv = 1 / sum.reduceLanes(VectorOperators.ADD);
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                FloatVector.fromArray(S, a, row + j, m).mul(inv).intoArray(a, row + j, m);
            }
        }
    }

    @Override
    public void columnSums(float[] x, int rows, int cols, float alpha, float beta, float[] out) {
        for (int j = 0; j < cols; j += L) {
            VectorMask<Float> m = S.indexInRange(j, cols);
            FloatVector acc = FloatVector.zero(S);
            for (int i = 0; i < rows; i++) acc = acc.add(FloatVector.fromArray(S, x, i * cols + j, m));
            acc = acc.mul(alpha);
            if (beta != 0) acc = acc.add(FloatVector.fromArray(S, out, j, m).mul(beta));
            acc.intoArray(out, j, m);
        }
    }

    @Override
    public void axpy(float alpha, float[] x, float[] y, int n) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, i, m).fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, y, i, m)).intoArray(y, i, m);
        }
    }

    @Override
    public void scaleAdd(float alpha, float[] y, float[] x, int n) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, y, i, m).fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, x, i, m)).intoArray(y, i, m);
        }
    }

    @Override
    public void multiply(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, i, m).mul(FloatVector.fromArray(S, y, i, m)).intoArray(x, i, m);
        }
    }
}

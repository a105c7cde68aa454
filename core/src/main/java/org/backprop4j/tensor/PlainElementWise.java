package org.backprop4j.tensor;

/**
 * The element-wise kernels as plain loops: the fallback, and the twin the vector kernels are tested
 * against. Transcendentals use {@link FloatMath}, so both give the same bits.
 */
public final class PlainElementWise implements ElementWise {
    public static final PlainElementWise INSTANCE = new PlainElementWise();

    private PlainElementWise() {}

    @Override
    public String name() { return "plain"; }

    @Override
    public void addBias(float[] z, float[] bias, int off, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            int row = off + i * cols;
            for (int j = 0; j < cols; j++) z[row + j] += bias[j];
        }
    }

    @Override
    public void addBiasRelu(float[] z, float[] bias, float[] a, int off, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            int row = off + i * cols;
            for (int j = 0; j < cols; j++) {
                float v = z[row + j] + bias[j];
                z[row + j] = v;
                a[row + j] = Math.max(0f, v);
            }
        }
    }

    @Override
    public void sigmoid(float[] z, float[] a, int off, int n) {
        for (int i = off; i < off + n; i++) a[i] = FloatMath.sigmoid(z[i]);
    }

    @Override
    public void sigmoidBackward(float[] a, float[] g, int off, int n) {
        for (int i = off; i < off + n; i++) g[i] *= a[i] * (1 - a[i]);
    }

    @Override
    public void relu(float[] z, float[] a, int off, int n) {
        for (int i = off; i < off + n; i++) a[i] = Math.max(0f, z[i]);
    }

    @Override
    public void reluBackward(float[] z, float[] g, int off, int n) {
        for (int i = off; i < off + n; i++) if (!(z[i] > 0)) g[i] = 0;
    }

    @Override
    public void tanh(float[] z, float[] a, int off, int n) {
        for (int i = off; i < off + n; i++) a[i] = FloatMath.tanh(z[i]);
    }

    @Override
    public void tanhBackward(float[] a, float[] g, int off, int n) {
        for (int i = off; i < off + n; i++) g[i] *= 1 - a[i] * a[i];
    }

    @Override
    public void softplus(float[] z, float[] a, int off, int n) {
        for (int i = off; i < off + n; i++) a[i] = FloatMath.softplus(z[i]);
    }

    @Override
    public void softplusBackward(float[] z, float[] g, int off, int n) {
        for (int i = off; i < off + n; i++) g[i] *= FloatMath.sigmoid(z[i]);
    }

    @Override
    public void softmaxRows(float[] z, float[] a, int off, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            int row = off + i * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) max = Math.max(max, z[row + j]);
            float sum = 0;
            for (int j = 0; j < cols; j++) {
                float e = FloatMath.exp(z[row + j] - max);
                a[row + j] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int j = 0; j < cols; j++) a[row + j] *= inv;
        }
    }

    @Override
    public void columnSums(float[] x, int off, int rows, int cols, float alpha, float beta, float[] out) {
        for (int j = 0; j < cols; j++) out[j] = beta == 0 ? 0 : beta * out[j];
        for (int i = 0; i < rows; i++) {
            int row = off + i * cols;
            for (int j = 0; j < cols; j++) out[j] += alpha * x[row + j];
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = Math.fma(x[xOff + i], alpha, y[yOff + i]);
    }

    @Override
    public void multiply(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) x[i] *= y[i];
    }

    @Override
    public void unsignedBytesToFloats(byte[] src, int srcOff, float scale, float[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) dst[dstOff + i] = (src[srcOff + i] & 0xFF) * scale;
    }

    @Override
    public void sgdStep(float[] w, float[] g, int off, int n, float eta) {
        for (int i = off; i < off + n; i++) w[i] = Math.fma(g[i], -eta, w[i]);
    }

    @Override
    public void momentumStep(float[] w, float[] v, float[] g, int off, int n, float eta, float mu, boolean nesterov) {
        float etaMu = -eta * mu;
        for (int i = off; i < off + n; i++) {
            float vi = Math.fma(v[i], mu, g[i]);
            v[i] = vi;
            w[i] = nesterov ? Math.fma(vi, etaMu, Math.fma(g[i], -eta, w[i])) : Math.fma(vi, -eta, w[i]);
        }
    }

    @Override
    public void adamStep(float[] w, float[] m, float[] v, float[] g, int off, int n, float eta, float beta1, float beta2,
                         float eps, float c1, float c2) {
        float ob1 = 1 - beta1;
        float ob2 = 1 - beta2;
        for (int i = off; i < off + n; i++) {
            float gi = g[i];
            float mi = Math.fma(m[i], beta1, ob1 * gi);
            float vi = Math.fma(v[i], beta2, ob2 * gi * gi);
            m[i] = mi;
            v[i] = vi;
            w[i] = Math.fma(-eta, (mi * c1) / ((float) Math.sqrt(vi * c2) + eps), w[i]);
        }
    }
}

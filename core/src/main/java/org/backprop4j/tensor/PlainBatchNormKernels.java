package org.backprop4j.tensor;

/** The plain-Java {@link BatchNormKernels}: 8 scalar lanes in locals, the reference for the vector twin. */
public final class PlainBatchNormKernels implements BatchNormKernels {
    public static final PlainBatchNormKernels INSTANCE = new PlainBatchNormKernels();

    private PlainBatchNormKernels() {}

    @Override
    public String name() { return "plain"; }

    @Override
    public void sums(float[] x, int off, int n, float shift, double[] out) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        float q0 = 0, q1 = 0, q2 = 0, q3 = 0, q4 = 0, q5 = 0, q6 = 0, q7 = 0;
        int whole = n & -8;
        for (int i = off; i < off + whole; i += 8) {
            float v0 = x[i] - shift, v1 = x[i + 1] - shift, v2 = x[i + 2] - shift, v3 = x[i + 3] - shift;
            float v4 = x[i + 4] - shift, v5 = x[i + 5] - shift, v6 = x[i + 6] - shift, v7 = x[i + 7] - shift;
            s0 += v0; s1 += v1; s2 += v2; s3 += v3; s4 += v4; s5 += v5; s6 += v6; s7 += v7;
            q0 = Math.fma(v0, v0, q0); q1 = Math.fma(v1, v1, q1); q2 = Math.fma(v2, v2, q2); q3 = Math.fma(v3, v3, q3);
            q4 = Math.fma(v4, v4, q4); q5 = Math.fma(v5, v5, q5); q6 = Math.fma(v6, v6, q6); q7 = Math.fma(v7, v7, q7);
        }
        double sum = BatchNormKernels.tree(s0, s1, s2, s3, s4, s5, s6, s7);
        double sq = BatchNormKernels.tree(q0, q1, q2, q3, q4, q5, q6, q7);
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
        for (int i = 0; i < n; i++) z[zOff + i] = Math.fma(gamma, (x[xOff + i] - mu) * inv, beta);
    }

    @Override
    public void gradientSums(float[] x, int xOff, float[] d, int dOff, int n, float mu, float inv, double[] out) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        float p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0;
        int whole = n & -8;
        for (int i = 0; i < whole; i += 8) {
            int a = xOff + i, b = dOff + i;
            float d0 = d[b], d1 = d[b + 1], d2 = d[b + 2], d3 = d[b + 3], d4 = d[b + 4], d5 = d[b + 5], d6 = d[b + 6], d7 = d[b + 7];
            s0 += d0; s1 += d1; s2 += d2; s3 += d3; s4 += d4; s5 += d5; s6 += d6; s7 += d7;
            p0 = Math.fma(d0, (x[a] - mu) * inv, p0); p1 = Math.fma(d1, (x[a + 1] - mu) * inv, p1);
            p2 = Math.fma(d2, (x[a + 2] - mu) * inv, p2); p3 = Math.fma(d3, (x[a + 3] - mu) * inv, p3);
            p4 = Math.fma(d4, (x[a + 4] - mu) * inv, p4); p5 = Math.fma(d5, (x[a + 5] - mu) * inv, p5);
            p6 = Math.fma(d6, (x[a + 6] - mu) * inv, p6); p7 = Math.fma(d7, (x[a + 7] - mu) * inv, p7);
        }
        double sum = BatchNormKernels.tree(s0, s1, s2, s3, s4, s5, s6, s7);
        double prod = BatchNormKernels.tree(p0, p1, p2, p3, p4, p5, p6, p7);
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
        for (int i = 0; i < n; i++) {
            float xhat = (x[xOff + i] - mu) * inv;
            gx[gOff + i] = k * (count * d[dOff + i] - sumD - xhat * sumDXhat);
        }
    }
}

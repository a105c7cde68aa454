package org.backprop4j.tensor;

/**
 * The oracle for convolutions: the definitions as nested loops in double precision, one example at a
 * time, with no im2col and no GEMM.
 * <pre>
 *   z[o, oy, ox]  = b[o] + Σ_{c, ky, kx} W[o, c, ky, kx] · x[c, oy·s − padTop + ky, ox·s − padLeft + kx]
 *   ∇W[o, c, ky, kx] = Σ_n Σ_{oy, ox} δ[o, oy, ox] · x[c, …],   ∇b[o] = Σ_n Σ_{oy, ox} δ[o, oy, ox]
 *   ∂C/∂x[c, iy, ix] = Σ over the (o, oy, ox, ky, kx) that read it of δ[o, oy, ox] · W[o, c, ky, kx]
 * </pre>
 */
public final class ReferenceConvolution {
    private ReferenceConvolution() {}

    /** z for m examples (rows of x and z), with the bias. */
    public static double[] forward(ConvGeometry g, float[] x, int m, float[] w, float[] b) {
        double[] z = new double[m * g.outputSize()];
        visit(g, m, (n, o, c, ky, kx, oy, ox, xi, wi) -> {
            if (xi >= 0) z[n * g.outputSize() + o * g.positions() + oy * g.outWidth() + ox] += (double) w[wi] * x[n * g.inputSize() + xi];
        });
        for (int n = 0; n < m; n++) {
            for (int o = 0; o < g.outChannels(); o++) {
                for (int q = 0; q < g.positions(); q++) z[n * g.outputSize() + o * g.positions() + q] += b[o];
            }
        }
        return z;
    }

    /** ∇W (c_out × K) summed over m examples. */
    public static double[] weightGradient(ConvGeometry g, float[] x, float[] delta, int m) {
        double[] gw = new double[g.outChannels() * g.patch()];
        visit(g, m, (n, o, c, ky, kx, oy, ox, xi, wi) -> {
            if (xi >= 0) gw[wi] += (double) delta[n * g.outputSize() + o * g.positions() + oy * g.outWidth() + ox] * x[n * g.inputSize() + xi];
        });
        return gw;
    }

    /** ∇b (c_out) summed over m examples. */
    public static double[] biasGradient(ConvGeometry g, float[] delta, int m) {
        double[] gb = new double[g.outChannels()];
        for (int n = 0; n < m; n++) {
            for (int o = 0; o < g.outChannels(); o++) {
                for (int q = 0; q < g.positions(); q++) gb[o] += delta[n * g.outputSize() + o * g.positions() + q];
            }
        }
        return gb;
    }

    /** ∂C/∂x for m examples. */
    public static double[] inputGradient(ConvGeometry g, float[] delta, int m, float[] w) {
        double[] gx = new double[m * g.inputSize()];
        visit(g, m, (n, o, c, ky, kx, oy, ox, xi, wi) -> {
            if (xi >= 0) gx[n * g.inputSize() + xi] += (double) delta[n * g.outputSize() + o * g.positions() + oy * g.outWidth() + ox] * w[wi];
        });
        return gx;
    }

    private interface Visit {
        /** xi: the input's index within the example, or −1 in the padding; wi: the weight's index. */
        void at(int n, int o, int c, int ky, int kx, int oy, int ox, int xi, int wi);
    }

    private static void visit(ConvGeometry g, int m, Visit v) {
        for (int n = 0; n < m; n++) {
            for (int o = 0; o < g.outChannels(); o++) {
                for (int c = 0; c < g.inChannels(); c++) {
                    for (int ky = 0; ky < g.kernelHeight(); ky++) {
                        for (int kx = 0; kx < g.kernelWidth(); kx++) {
                            int wi = ((o * g.inChannels() + c) * g.kernelHeight() + ky) * g.kernelWidth() + kx;
                            for (int oy = 0; oy < g.outHeight(); oy++) {
                                for (int ox = 0; ox < g.outWidth(); ox++) {
                                    int iy = oy * g.stride() - g.padTop() + ky, ix = ox * g.stride() - g.padLeft() + kx;
                                    boolean inside = iy >= 0 && iy < g.height() && ix >= 0 && ix < g.width();
                                    v.at(n, o, c, ky, kx, oy, ox, inside ? (c * g.height() + iy) * g.width() + ix : -1, wi);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

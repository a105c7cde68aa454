package org.backprop4j.tensor;

import java.util.Arrays;

/**
 * The plain-Java {@link Im2col}: the reference for the vector twin, and the kernel without the vector
 * module. Segments of stride-1 rows are copied with {@code System.arraycopy}.
 *
 * <p>The im2col matrix of a convolution (Chellapilla et al. 2006, Caffe): for one example, K = c_in·k_h·k_w
 * rows, one per weight of a filter, and P = out_h·out_w columns, one per output position, so that the
 * convolution becomes one product, z = W·col (W is c_out × K, as PyTorch's [c_out, c_in, k_h, k_w]
 * weights are stored). Row (c·k_h + ky)·k_w + kx, column oy·out_w + ox holds the input value at
 * channel c, row oy·stride − padTop + ky, column ox·stride − padLeft + kx, or 0 in the padding.
 *
 * <p>{@link #col2im} is its adjoint: it adds every entry of a K × P gradient back onto the input value
 * it was copied from, ∂C/∂x = Σ over the entries that copied x.
 */
public final class PlainIm2col implements Im2col {
    public static final PlainIm2col INSTANCE = new PlainIm2col();

    private PlainIm2col() {}

    @Override
    public String name() { return "plain"; }

    @Override
    public void im2col(ConvGeometry g, float[] x, int xOff, float[] col, int colOff, int ld) {
        int h = g.height(), w = g.width(), kh = g.kernelHeight(), kw = g.kernelWidth(), s = g.stride();
        int oh = g.outHeight(), ow = g.outWidth();
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = xOff + c * h * w;
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int row = colOff + ((c * kh + ky) * kw + kx) * ld;
                    int x0 = kx - g.padLeft(); // the output columns [lo, hi) read inside the row
                    int lo = g.firstColumn(kx), hi = g.endColumn(kx);
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * s - g.padTop() + ky;
                        int to = row + oy * ow;
                        if (iy < 0 || iy >= h || lo >= hi) {
                            Arrays.fill(col, to, to + ow, 0f);
                            continue;
                        }
                        if (lo > 0) Arrays.fill(col, to, to + lo, 0f);
                        int from = plane + iy * w + x0;
                        if (s == 1) {
                            System.arraycopy(x, from + lo, col, to + lo, hi - lo);
                        } else {
                            for (int ox = lo; ox < hi; ox++) col[to + ox] = x[from + ox * s];
                        }
                        if (hi < ow) Arrays.fill(col, to + hi, to + ow, 0f);
                    }
                }
            }
        }
    }

    @Override
    public void col2im(ConvGeometry g, float[] gcol, int colOff, int ld, float[] gx, int gxOff) {
        int h = g.height(), w = g.width(), kh = g.kernelHeight(), kw = g.kernelWidth(), s = g.stride();
        int oh = g.outHeight(), ow = g.outWidth();
        Arrays.fill(gx, gxOff, gxOff + g.inputSize(), 0f);
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = gxOff + c * h * w;
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int row = colOff + ((c * kh + ky) * kw + kx) * ld;
                    int x0 = kx - g.padLeft();
                    int lo = g.firstColumn(kx), hi = g.endColumn(kx);
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * s - g.padTop() + ky;
                        if (iy < 0 || iy >= h) continue;
                        int from = row + oy * ow;
                        int to = plane + iy * w + x0;
                        if (s == 1) {
                            for (int ox = lo; ox < hi; ox++) gx[to + ox] += gcol[from + ox];
                        } else {
                            for (int ox = lo; ox < hi; ox++) gx[to + ox * s] += gcol[from + ox];
                        }
                    }
                }
            }
        }
    }
}

package org.backprop4j.tensor.simd;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.backprop4j.tensor.ConvGeometry;
import org.backprop4j.tensor.Im2col;

/**
 * {@link Im2col} on 256-bit vectors: the rows of a stride-1 convolution's im2col matrix are runs of a few
 * input values (8 for LeNet's second layer, 24 for its first), too short for {@code System.arraycopy}
 * to pay for its call, so they are moved 8 floats at a time, the rest one by one. The same loops as
 * {@link org.backprop4j.tensor.PlainIm2col}: the same values copied, each gradient summed in the same
 * order, the same bits. 8 lanes on every AVX2 and AVX-512 machine: the runs are rarely 16 long.
 */
public final class VectorIm2col implements Im2col {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = 8;

    public static final VectorIm2col INSTANCE = new VectorIm2col();

    private VectorIm2col() {}

    @Override
    public String name() { return "vector-256"; }

    @Override
    public void im2col(ConvGeometry g, float[] x, int xOff, float[] col, int colOff, int ld) {
        int h = g.height(), w = g.width(), kh = g.kernelHeight(), kw = g.kernelWidth(), s = g.stride();
        int oh = g.outHeight(), ow = g.outWidth();
        if (s == 1 && !g.padded()) { // every run lies inside its input row: whole runs, no bounds to work out
            int whole = ow & -L;
            for (int r = 0; r < g.patch(); r++) {
                int c = r / (kh * kw), ky = r / kw % kh, kx = r % kw;
                int from = xOff + (c * h + ky) * w + kx, to = colOff + r * ld;
                if (ow == L) { // one vector a run (LeNet's second layer): 2 µs an example against 5 with the general loops
                    for (int oy = 0; oy < oh; oy++, from += w, to += L) FloatVector.fromArray(S, x, from).intoArray(col, to);
                    continue;
                }
                for (int oy = 0; oy < oh; oy++, from += w, to += ow) {
                    for (int ox = 0; ox < whole; ox += L) FloatVector.fromArray(S, x, from + ox).intoArray(col, to + ox);
                    for (int ox = whole; ox < ow; ox++) col[to + ox] = x[from + ox];
                }
            }
            return;
        }
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = xOff + c * h * w;
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int row = colOff + ((c * kh + ky) * kw + kx) * ld;
                    int x0 = kx - g.padLeft();
                    int lo = g.firstColumn(kx), hi = g.endColumn(kx);
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * s - g.padTop() + ky;
                        int to = row + oy * ow;
                        if (iy < 0 || iy >= h || lo >= hi) {
                            Arrays.fill(col, to, to + ow, 0f);
                            continue;
                        }
                        for (int ox = 0; ox < lo; ox++) col[to + ox] = 0f;
                        int from = plane + iy * w + x0;
                        if (s == 1) {
                            int ox = lo;
                            for (; ox + L <= hi; ox += L) FloatVector.fromArray(S, x, from + ox).intoArray(col, to + ox);
                            for (; ox < hi; ox++) col[to + ox] = x[from + ox];
                        } else {
                            for (int ox = lo; ox < hi; ox++) col[to + ox] = x[from + ox * s];
                        }
                        for (int ox = hi; ox < ow; ox++) col[to + ox] = 0f;
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
        if (s == 1 && !g.padded()) { // the same loops and order as below, without bounds to work out
            int whole = ow & -L;
            for (int r = 0; r < g.patch(); r++) {
                int c = r / (kh * kw), ky = r / kw % kh, kx = r % kw;
                int to = gxOff + (c * h + ky) * w + kx, from = colOff + r * ld;
                if (ow == L) {
                    for (int oy = 0; oy < oh; oy++, to += w, from += L) {
                        FloatVector.fromArray(S, gx, to).add(FloatVector.fromArray(S, gcol, from)).intoArray(gx, to);
                    }
                    continue;
                }
                for (int oy = 0; oy < oh; oy++, to += w, from += ow) {
                    for (int ox = 0; ox < whole; ox += L) {
                        FloatVector.fromArray(S, gx, to + ox).add(FloatVector.fromArray(S, gcol, from + ox)).intoArray(gx, to + ox);
                    }
                    for (int ox = whole; ox < ow; ox++) gx[to + ox] += gcol[from + ox];
                }
            }
            return;
        }
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
                            int ox = lo;
                            for (; ox + L <= hi; ox += L) {
                                FloatVector.fromArray(S, gx, to + ox).add(FloatVector.fromArray(S, gcol, from + ox)).intoArray(gx, to + ox);
                            }
                            for (; ox < hi; ox++) gx[to + ox] += gcol[from + ox];
                        } else {
                            for (int ox = lo; ox < hi; ox++) gx[to + ox * s] += gcol[from + ox];
                        }
                    }
                }
            }
        }
    }
}

package org.backprop4j.tensor.simd;

import static jdk.incubator.vector.VectorOperators.ADD;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.backprop4j.tensor.ConvGeometry;
import org.backprop4j.tensor.Im2col;

/**
 * {@link Im2col} on 256-bit vectors: the rows of a stride-1 convolution's im2col matrix are runs of a few
 * input values (8 for LeNet's second layer, 24 for a 3 × 3 layer on 26 × 26), too short for
 * {@code System.arraycopy} to pay for its call, so they are moved 8 floats at a time, the rest one by
 * one. The same loops as {@link org.backprop4j.tensor.PlainIm2col}: the same values copied, each gradient
 * summed in the same order, the same bits. 8 lanes on every AVX2 and AVX-512 machine.
 *
 * <p>Each vector loop is a small method of its own ({@link #runs}, {@link #addRuns}, …): one method with
 * all of them exceeded C2's inlining budget, and the vectors it could not inline ran boxed (gigabytes of
 * garbage an epoch, measured with JFR on a 3 × 3 network). Sums call {@code lanewise(ADD, …)}, not
 * {@code add}, as {@link VectorBatchNormKernels} explains.
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
            for (int r = 0; r < g.patch(); r++) {
                int c = r / (kh * kw), ky = r / kw % kh, kx = r % kw;
                runs(x, xOff + (c * h + ky) * w + kx, w, col, colOff + r * ld, oh, ow);
            }
            return;
        }
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
                        Arrays.fill(col, to, to + lo, 0f);
                        int from = plane + iy * w + x0;
                        if (s == 1) runs(x, from + lo, 0, col, to + lo, 1, hi - lo);
                        else for (int ox = lo; ox < hi; ox++) col[to + ox] = x[from + ox * s];
                        Arrays.fill(col, to + hi, to + ow, 0f);
                    }
                }
            }
        }
    }

    /** rows runs of n floats: x[from + i·stride …] to col[to + i·n …], 8 at a time, then one by one. */
    private static void runs(float[] x, int from, int stride, float[] col, int to, int rows, int n) {
        if (n == L) {
            runsOf8(x, from, stride, col, to, rows);
            return;
        }
        int whole = n & -L;
        for (int i = 0; i < rows; i++, from += stride, to += n) {
            for (int j = 0; j < whole; j += L) FloatVector.fromArray(S, x, from + j).intoArray(col, to + j);
            for (int j = whole; j < n; j++) col[to + j] = x[from + j];
        }
    }

    /** Runs of exactly one vector (LeNet's second layer): 2 µs an example against 5 through the general loop. */
    private static void runsOf8(float[] x, int from, int stride, float[] col, int to, int rows) {
        for (int i = 0; i < rows; i++, from += stride, to += L) FloatVector.fromArray(S, x, from).intoArray(col, to);
    }

    @Override
    public void col2im(ConvGeometry g, float[] gcol, int colOff, int ld, float[] gx, int gxOff) {
        int h = g.height(), w = g.width(), kh = g.kernelHeight(), kw = g.kernelWidth(), s = g.stride();
        int oh = g.outHeight(), ow = g.outWidth();
        Arrays.fill(gx, gxOff, gxOff + g.inputSize(), 0f);
        if (s == 1 && !g.padded()) { // the same loops and order as below, without bounds to work out
            for (int r = 0; r < g.patch(); r++) {
                int c = r / (kh * kw), ky = r / kw % kh, kx = r % kw;
                addRuns(gcol, colOff + r * ld, gx, gxOff + (c * h + ky) * w + kx, w, oh, ow);
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
                        if (s == 1) addRuns(gcol, from + lo, gx, to + lo, 0, 1, hi - lo);
                        else for (int ox = lo; ox < hi; ox++) gx[to + ox * s] += gcol[from + ox];
                    }
                }
            }
        }
    }

    /** rows runs of n: gx[to + i·stride …] += gcol[from + i·n …], 8 at a time, then one by one. */
    private static void addRuns(float[] gcol, int from, float[] gx, int to, int stride, int rows, int n) {
        if (n == L) {
            addRunsOf8(gcol, from, gx, to, stride, rows);
            return;
        }
        int whole = n & -L;
        for (int i = 0; i < rows; i++, to += stride, from += n) {
            for (int j = 0; j < whole; j += L) {
                FloatVector.fromArray(S, gx, to + j).lanewise(ADD, FloatVector.fromArray(S, gcol, from + j)).intoArray(gx, to + j);
            }
            for (int j = whole; j < n; j++) gx[to + j] += gcol[from + j];
        }
    }

    private static void addRunsOf8(float[] gcol, int from, float[] gx, int to, int stride, int rows) {
        for (int i = 0; i < rows; i++, to += stride, from += L) {
            FloatVector.fromArray(S, gx, to).lanewise(ADD, FloatVector.fromArray(S, gcol, from)).intoArray(gx, to);
        }
    }
}

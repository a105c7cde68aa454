package org.backprop4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The convolution's products through im2col on every GEMM (the vector kernels and their plain twin)
 * against {@link ReferenceConvolution}'s loops in double, on awkward shapes: one channel, 3 and 7
 * channels, odd images such as 5×7, strides 2 and 3, 'same' padding (even and odd kernels), a 1×1
 * kernel, one example and groups of several.
 */
class ConvolutionKernelTest {
    /** c_in, h, w, c_out, k_h, k_w, stride, same, examples. */
    static final int[][] SHAPES = {
        {1, 28, 28, 20, 5, 5, 1, 0, 3},   // Nielsen's first layer
        {20, 12, 12, 40, 5, 5, 1, 0, 2},  // and his second
        {1, 5, 7, 4, 3, 3, 1, 0, 1},
        {3, 5, 7, 5, 3, 3, 2, 1, 3},
        {7, 9, 6, 3, 2, 3, 1, 1, 2},
        {3, 8, 8, 6, 4, 4, 2, 1, 1},
        {7, 5, 7, 9, 1, 1, 1, 0, 4},
        {2, 11, 10, 33, 3, 3, 3, 0, 2},
        {5, 6, 6, 17, 3, 3, 1, 1, 5},
        {32, 26, 26, 8, 3, 3, 1, 0, 3},  // 288 × 576 a matrix, over 1 MB for two: one example at a time
    };

    /** The plain twins together, and each vector GEMM with the vector im2col. */
    static List<Object[]> kernels() {
        List<Object[]> k = new ArrayList<>();
        k.add(new Object[] {PlainGemm.INSTANCE, PlainIm2col.INSTANCE});
        for (int bits : new int[] {256, 512}) {
            Kernels.vectorGemm(bits).ifPresent(g -> k.add(new Object[] {g, Kernels.vectorIm2col().orElseThrow()}));
        }
        return k;
    }

    static List<Im2col> im2cols() {
        List<Im2col> c = new ArrayList<>(List.of(PlainIm2col.INSTANCE));
        Kernels.vectorIm2col().ifPresent(c::add);
        return c;
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Object[] k : kernels()) for (int[] s : SHAPES) out.add(Arguments.of(k[0], k[1], s));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void productsMatchTheReference(Gemm gemm, Im2col columns, int[] s) {
        ConvGeometry g = ConvGeometry.of(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7] == 1);
        int m = s[8];
        Rng rng = new Rng(g.hashCode());
        float[] x = random(rng, m * g.inputSize(), 1);
        float[] w = random(rng, g.outChannels() * g.patch(), 0.5);
        float[] delta = random(rng, m * g.outputSize(), 1);
        Im2colConvolution conv = new Im2colConvolution(g, gemm, columns);
        int xOff = 3, zOff = 5, wOff = 2; // nothing may assume arrays start at 0
        float[] xs = shifted(x, xOff), ws = shifted(w, wOff), ds = shifted(delta, zOff);
        float[] col = new float[g.patch() * m * g.positions()];
        float[] dgroup = new float[g.outChannels() * m * g.positions()];
        float[] gcol = new float[col.length];

        float[] z = new float[zOff + m * g.outputSize()];
        conv.forward(xs, xOff, 0, m, ws, wOff, z, zOff, col);
        double[] zRef = ReferenceConvolution.forward(g, x, m, w, new float[g.outChannels()]);
        assertClose(zRef, z, zOff, "forward");

        float[] gw = new float[1 + w.length], gb = new float[2 + g.outChannels()], gx = new float[4 + x.length];
        conv.backward(xs, xOff, 0, m, ds, zOff, ws, wOff, gw, 1, gb, 2, gx, 4, col, dgroup, gcol);
        assertClose(ReferenceConvolution.weightGradient(g, x, delta, m), gw, 1, "weight gradient");
        assertClose(ReferenceConvolution.biasGradient(g, delta, m), gb, 2, "bias gradient");
        assertClose(ReferenceConvolution.inputGradient(g, delta, m, w), gx, 4, "input gradient");
    }

    /**
     * col2im is the adjoint of im2col: ⟨im2col(x), G⟩ = ⟨x, col2im(G)⟩ for any x and G; and the vector
     * twin copies and sums exactly as the plain one (the same bits), with examples side by side (ld > P).
     */
    @Test
    void col2imIsTheAdjointOfIm2colAndTheTwinsAgreeBitForBit() {
        for (int[] s : SHAPES) {
            for (Im2col columns : im2cols()) adjoint(columns, s);
            ConvGeometry g = ConvGeometry.of(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7] == 1);
            Rng rng = new Rng(11);
            int ld = 2 * g.positions() + 3;
            float[] x = random(rng, 2 + g.inputSize(), 1);
            float[] big = random(rng, g.patch() * ld + 5, 1);
            float[][] cols = new float[2][], gxs = new float[2][];
            for (int t = 0; t < im2cols().size(); t++) {
                cols[t] = new float[g.patch() * ld + 5];
                java.util.Arrays.fill(cols[t], Float.NaN); // every entry of the example's columns is written
                im2cols().get(t).im2col(g, x, 2, cols[t], g.positions() + 1, ld);
                gxs[t] = random(rng, 3 + g.inputSize(), 1); // and every value of gx
                im2cols().get(t).col2im(g, big, g.positions() + 1, ld, gxs[t], 3);
                for (int r = 0; r < g.patch(); r++) {
                    for (int p = 0; p < g.positions(); p++) {
                        assertEquals(false, Float.isNaN(cols[t][g.positions() + 1 + r * ld + p]), im2cols().get(t) + " left an entry unwritten");
                    }
                }
            }
            if (cols[1] == null) continue;
            for (int i = 0; i < cols[0].length; i++) {
                assertEquals(Float.floatToRawIntBits(cols[0][i]), Float.floatToRawIntBits(cols[1][i]), "im2col at " + i);
            }
            for (int i = 3; i < gxs[0].length; i++) {
                assertEquals(Float.floatToRawIntBits(gxs[0][i]), Float.floatToRawIntBits(gxs[1][i]), "col2im at " + i);
            }
        }
    }

    private static void adjoint(Im2col columns, int[] s) {
        {
            ConvGeometry g = ConvGeometry.of(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7] == 1);
            Rng rng = new Rng(7);
            float[] x = random(rng, g.inputSize(), 1);
            float[] big = random(rng, g.patch() * g.positions(), 1);
            float[] col = new float[big.length];
            columns.im2col(g, x, 0, col, 0, g.positions());
            float[] gx = new float[x.length];
            columns.col2im(g, big, 0, g.positions(), gx, 0);
            double left = 0, right = 0;
            for (int i = 0; i < col.length; i++) left += (double) col[i] * big[i];
            for (int i = 0; i < x.length; i++) right += (double) x[i] * gx[i];
            assertEquals(left, right, 1e-4 * (Math.abs(left) + 1), java.util.Arrays.toString(s));
        }
    }

    @Test
    void samePaddingKeepsTheSizeAndPutsTheOddRowAtTheEnd() {
        ConvGeometry g = ConvGeometry.of(1, 28, 28, 8, 5, 5, 1, true);
        assertEquals(28, g.outHeight());
        assertEquals(2, g.padTop());
        ConvGeometry even = ConvGeometry.of(1, 6, 6, 1, 4, 4, 1, true);
        assertEquals(6, even.outWidth());
        assertEquals(1, even.padLeft());
        assertEquals(2, even.padRight());
        ConvGeometry strided = ConvGeometry.of(1, 7, 7, 1, 3, 3, 2, true);
        assertEquals(4, strided.outHeight(), "⌈7 / 2⌉");
    }

    static float[] random(Rng rng, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
        return v;
    }

    private static float[] shifted(float[] v, int by) {
        float[] s = new float[by + v.length];
        System.arraycopy(v, 0, s, by, v.length);
        return s;
    }

    /** Each value within 1e-5 of the largest magnitude plus 1e-5 of its own (float32 sums of up to ~1000 terms). */
    private static void assertClose(double[] expected, float[] got, int off, String what) {
        double scale = 0;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[off + i], 1e-5 * scale + 1e-5 * Math.abs(expected[i]), what + " at " + i);
        }
    }
}

package org.backprop4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The vector element-wise kernels against their plain twins, on awkward sizes. */
class ElementWiseTest {
    static final ElementWise PLAIN = PlainElementWise.INSTANCE;

    static ElementWise vector() {
        return Kernels.vectorElementWise().orElseThrow(() -> new AssertionError("tests run with --add-modules jdk.incubator.vector"));
    }

    interface Op {
        void run(ElementWise ew, float[] in, float[] out, int n);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 31, 64, 100, 207, 784})
    void activationsAgree(int n) {
        Rng rng = new Rng(n);
        float[] z = new float[n + 3];
        for (int i = 0; i < z.length; i++) z[i] = (float) (rng.nextGaussian() * 6);
        z[0] = n > 1 ? 0f : z[0]; // the kink of ReLU and step
        // exact: both twins compute transcendentals through the same FloatMath operations
        check("sigmoid", n, z, (ew, in, out, len) -> ew.sigmoid(in, out, len), 0, 0);
        check("relu", n, z, (ew, in, out, len) -> ew.relu(in, out, len), 0, 0);
        check("tanh", n, z, (ew, in, out, len) -> ew.tanh(in, out, len), 0, 0);
        check("softplus", n, z, (ew, in, out, len) -> ew.softplus(in, out, len), 0, 0);
        float[] a = new float[z.length];
        PLAIN.sigmoid(z, a, z.length);
        checkInPlace("sigmoidBackward", n, (ew, g) -> ew.sigmoidBackward(a, g, n));
        checkInPlace("reluBackward", n, (ew, g) -> ew.reluBackward(z, g, n));
        checkInPlace("tanhBackward", n, (ew, g) -> ew.tanhBackward(a, g, n));
        checkInPlace("softplusBackward", n, (ew, g) -> ew.softplusBackward(z, g, n));
        checkInPlace("sigmoidBackward exact", n, (ew, g) -> ew.sigmoidBackward(a, g, n));
        checkInPlace("multiply", n, (ew, g) -> ew.multiply(g, a, n));
        checkInPlace("axpy", n, (ew, g) -> ew.axpy(-0.75f, a, g, n));
        // offsets: x read from index 3 on, y written from index 1 on, the last element of y stays
        checkInPlace("axpy with offsets", n, (ew, g) -> ew.axpy(0.9f, a, 3, g, 1, n - 1));
    }

    /**
     * Bytes to floats at offsets on both sides give exactly the float the IDX reader computes in double,
     * (float) (v·(double) scale), in both twins; nothing outside the range is written.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 31, 64, 100, 207, 784})
    void unsignedBytesToFloatsAgree(int n) {
        byte[] src = new byte[n + 5];
        for (int i = 0; i < src.length; i++) src[i] = (byte) (i * 37 + n);
        float scale = 1f / 255f;
        for (ElementWise ew : new ElementWise[] {PLAIN, vector()}) {
            float[] dst = new float[n + 4];
            java.util.Arrays.fill(dst, -1f);
            ew.unsignedBytesToFloats(src, 3, scale, dst, 2, n);
            assertEquals(-1f, dst[0], ew.name());
            assertEquals(-1f, dst[1], ew.name());
            for (int i = 0; i < n; i++) {
                float expected = (float) ((src[3 + i] & 0xFF) * (double) scale);
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(dst[2 + i]), ew.name() + " at " + i);
            }
            assertEquals(-1f, dst[n + 2], ew.name());
            assertEquals(-1f, dst[n + 3], ew.name());
        }
    }

    /** Every one of the 256 byte values converts to the IDX reader's float, in both twins. */
    @Test
    void everyByteValueConvertsExactly() {
        float scale = 1f / 255f;
        byte[] all = new byte[256];
        for (int v = 0; v < 256; v++) all[v] = (byte) v;
        for (ElementWise ew : new ElementWise[] {PLAIN, vector()}) {
            float[] out = new float[256];
            ew.unsignedBytesToFloats(all, 0, scale, out, 0, 256);
            for (int v = 0; v < 256; v++) {
                assertEquals(Float.floatToRawIntBits((float) (v * (double) scale)), Float.floatToRawIntBits(out[v]), ew.name() + " byte " + v);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 31, 64, 100, 207, 784})
    void rowOperationsAgree(int cols) {
        int rows = 5;
        Rng rng = new Rng(cols * 31L);
        float[] z = new float[rows * cols + 2];
        for (int i = 0; i < z.length; i++) z[i] = (float) (rng.nextGaussian() * 20);
        float[] bias = new float[cols];
        for (int i = 0; i < cols; i++) bias[i] = (float) rng.nextGaussian();

        float[] p = z.clone();
        float[] v = z.clone();
        PLAIN.addBias(p, bias, rows, cols);
        vector().addBias(v, bias, rows, cols);
        assertArrayClose("addBias", p, v, 0, 0);

        // bias and ReLU in one call: exactly addBias then relu, z updated too, nothing past rows·cols written
        float[] reluOfP = new float[z.length];
        PLAIN.relu(p, reluOfP, rows * cols);
        for (ElementWise ew : new ElementWise[] {PLAIN, vector()}) {
            float[] zf = z.clone();
            float[] af = new float[z.length];
            af[rows * cols] = af[rows * cols + 1] = -7f;
            ew.addBiasRelu(zf, bias, af, rows, cols);
            for (int i = 0; i < rows * cols; i++) {
                assertEquals(Float.floatToRawIntBits(p[i]), Float.floatToRawIntBits(zf[i]), ew.name() + " addBiasRelu z[" + i + "]");
                assertEquals(Float.floatToRawIntBits(reluOfP[i]), Float.floatToRawIntBits(af[i]), ew.name() + " addBiasRelu a[" + i + "]");
            }
            assertEquals(z[rows * cols], zf[rows * cols], ew.name());
            assertEquals(-7f, af[rows * cols], ew.name());
            assertEquals(-7f, af[rows * cols + 1], ew.name());
        }

        float[] ap = new float[z.length];
        float[] av = new float[z.length];
        PLAIN.softmaxRows(z, ap, rows, cols);
        vector().softmaxRows(z, av, rows, cols);
        assertArrayClose("softmax", ap, av, 0, 0);

        float[] sv = new float[cols];
        float[] spp = new float[cols];
        System.arraycopy(bias, 0, spp, 0, cols);
        System.arraycopy(bias, 0, sv, 0, cols);
        PLAIN.columnSums(z, rows, cols, 0.5f, 2f, spp);
        vector().columnSums(z, rows, cols, 0.5f, 2f, sv);
        assertArrayClose("columnSums", spp, sv, 1e-5, 1e-6);
    }

    @Test
    void softmaxIsStableForLargeInputs() {
        float[] z = {1000f, 1001f, 999f};
        for (ElementWise ew : new ElementWise[] {PLAIN, vector()}) {
            float[] a = new float[3];
            ew.softmaxRows(z, a, 1, 3);
            double sum = a[0] + a[1] + a[2];
            assertEquals(1.0, sum, 1e-6, ew.name());
            assertTrue(a[1] > a[0] && a[0] > a[2], ew.name());
            assertEquals(Math.exp(1) / (1 + Math.exp(1) + Math.exp(-1)), a[1], 1e-6, ew.name());
        }
    }

    @Test
    void softplusDoesNotOverflow() {
        float[] z = {100f, -100f, 0f};
        for (ElementWise ew : new ElementWise[] {PLAIN, vector()}) {
            float[] a = new float[3];
            ew.softplus(z, a, 3);
            assertEquals(100f, a[0], 1e-4, ew.name());
            assertEquals(0f, a[1], 1e-30, ew.name());
            assertEquals(Math.log(2), a[2], 1e-7, ew.name());
        }
    }

    /** A kernel on a batch held from index off: z and a of rows·cols values there, out of cols values from 0. */
    interface Shifted {
        void run(ElementWise ew, float[] z, float[] a, int off, int rows, int cols, float[] out);
    }

    /**
     * The offset forms (a workspace's line-aligned buffers) do the same arithmetic as the forms from 0,
     * on the values from off, in both twins: the same bits, and nothing before off or past the batch
     * written. rows·cols = 3n, so the row kernels see awkward widths too.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 207, 784})
    void offsetFormsAreTheSameArithmeticShifted(int n) {
        int rows = 3;
        float[] bias = new float[n];
        Rng rng = new Rng(n + 11);
        for (int j = 0; j < n; j++) bias[j] = (float) rng.nextGaussian();
        java.util.Map<String, Shifted> ops = new java.util.LinkedHashMap<>();
        ops.put("sigmoid", (ew, z, a, off, r, c, out) -> ew.sigmoid(z, a, off, r * c));
        ops.put("relu", (ew, z, a, off, r, c, out) -> ew.relu(z, a, off, r * c));
        ops.put("tanh", (ew, z, a, off, r, c, out) -> ew.tanh(z, a, off, r * c));
        ops.put("softplus", (ew, z, a, off, r, c, out) -> ew.softplus(z, a, off, r * c));
        ops.put("sigmoidBackward", (ew, z, a, off, r, c, out) -> ew.sigmoidBackward(z, a, off, r * c));
        ops.put("reluBackward", (ew, z, a, off, r, c, out) -> ew.reluBackward(z, a, off, r * c));
        ops.put("tanhBackward", (ew, z, a, off, r, c, out) -> ew.tanhBackward(z, a, off, r * c));
        ops.put("softplusBackward", (ew, z, a, off, r, c, out) -> ew.softplusBackward(z, a, off, r * c));
        ops.put("addBias", (ew, z, a, off, r, c, out) -> ew.addBias(z, bias, off, r, c));
        ops.put("addBiasRelu", (ew, z, a, off, r, c, out) -> ew.addBiasRelu(z, bias, a, off, r, c));
        ops.put("softmaxRows", (ew, z, a, off, r, c, out) -> ew.softmaxRows(z, a, off, r, c));
        ops.put("columnSums", (ew, z, a, off, r, c, out) -> ew.columnSums(z, off, r, c, 0.5f, 0.25f, out));
        int len = rows * n;
        float[] z0 = new float[len];
        float[] a0 = new float[len];
        for (int i = 0; i < len; i++) {
            z0[i] = (float) (rng.nextGaussian() * 4);
            a0[i] = (float) rng.nextDouble();
        }
        float sentinel = -7.25f;
        for (ElementWise ew : new ElementWise[] {PLAIN, vector()}) {
            for (var op : ops.entrySet()) {
                String what = ew.name() + " " + op.getKey() + " n=" + n;
                float[] z = z0.clone(), a = a0.clone(), out = bias.clone();
                op.getValue().run(ew, z, a, 0, rows, n, out);
                for (int off : new int[] {1, 12, 13}) {
                    float[] zs = new float[off + len + 3], as = new float[off + len + 3], outs = bias.clone();
                    java.util.Arrays.fill(zs, sentinel);
                    java.util.Arrays.fill(as, sentinel);
                    System.arraycopy(z0, 0, zs, off, len);
                    System.arraycopy(a0, 0, as, off, len);
                    op.getValue().run(ew, zs, as, off, rows, n, outs);
                    for (int i = 0; i < zs.length; i++) {
                        boolean inside = i >= off && i < off + len;
                        float ez = inside ? z[i - off] : sentinel, ea = inside ? a[i - off] : sentinel;
                        assertEquals(Float.floatToRawIntBits(ez), Float.floatToRawIntBits(zs[i]), what + " off=" + off + ": z at " + i);
                        assertEquals(Float.floatToRawIntBits(ea), Float.floatToRawIntBits(as[i]), what + " off=" + off + ": a at " + i);
                    }
                    for (int j = 0; j < n; j++) assertEquals(Float.floatToRawIntBits(out[j]), Float.floatToRawIntBits(outs[j]), what + ": out at " + j);
                }
            }
        }
    }

    private static void check(String what, int n, float[] z, Op op, double abs, double rel) {
        float[] p = new float[z.length];
        float[] v = new float[z.length];
        p[z.length - 1] = 42f; // beyond n: must stay untouched
        v[z.length - 1] = 42f;
        op.run(PLAIN, z, p, n);
        op.run(vector(), z, v, n);
        assertArrayClose(what + " n=" + n, p, v, abs, rel);
        assertEquals(42f, v[z.length - 1], what + " wrote past n");
    }

    private static void checkInPlace(String what, int n, BiConsumer<ElementWise, float[]> op) {
        Rng rng = new Rng(99);
        float[] g = new float[n + 3];
        for (int i = 0; i < g.length; i++) g[i] = (float) rng.nextGaussian();
        float[] p = g.clone();
        float[] v = g.clone();
        op.accept(PLAIN, p);
        op.accept(vector(), v);
        assertArrayClose(what + " n=" + n, p, v, 1e-7, 1e-6);
        IntStream.range(n, g.length).forEach(i -> assertEquals(g[i], v[i], what + " wrote past n at " + i));
    }

    static void assertArrayClose(String what, float[] expected, float[] actual, double abs, double rel) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double tol = abs + rel * Math.abs(expected[i]);
            assertEquals(expected[i], actual[i], tol, what + " at " + i);
        }
    }
}

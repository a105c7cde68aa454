package org.backprop4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The transposes that the kernels and the input-major layers rely on, and matrices held at an offset. */
class MatrixTest {
    /** A block inside larger arrays (both sides strided and offset, sizes across the 32×32 blocking); nothing else in dst changes. */
    @Test
    void transposesABlockOfAStridedArray() {
        int rows = 37, cols = 70, lds = 75, srcOff = 9, ldd = 41, dstOff = 3;
        float[] src = new float[srcOff + rows * lds];
        for (int i = 0; i < src.length; i++) src[i] = i;
        float[] dst = new float[dstOff + cols * ldd + 5];
        java.util.Arrays.fill(dst, -1f);
        Matrix.transpose(src, srcOff, lds, rows, cols, dst, dstOff, ldd);
        for (int d = 0; d < dst.length; d++) {
            int at = d - dstOff;
            boolean inside = at >= 0 && at / ldd < cols && at % ldd < rows;
            float expected = inside ? src[srcOff + (at % ldd) * lds + at / ldd] : -1f;
            assertEquals(expected, dst[d], "dst[" + d + "]");
        }
    }

    @Test
    void wholeAndInPlaceTransposes() {
        float[] a = {1, 2, 3, 4, 5, 6}; // 2×3
        float[] t = new float[6];
        Matrix.transpose(a, 2, 3, t);
        assertEquals(java.util.List.of(1f, 4f, 2f, 5f, 3f, 6f), java.util.stream.IntStream.range(0, 6).mapToObj(i -> t[i]).toList());
        Matrix.transposeInPlace(t, 3, 2);
        assertEquals(java.util.List.of(1f, 2f, 3f, 4f, 5f, 6f), java.util.stream.IntStream.range(0, 6).mapToObj(i -> t[i]).toList());
        assertThrows(IllegalArgumentException.class, () -> Matrix.transpose(a, 2, 2, t));
    }

    /** A matrix held at an offset: its values are the last rows·cols floats, the leading ones stay 0, reads go through the offset. */
    @Test
    void valuesAtAnOffset() {
        Matrix m = Matrix.withOffset(3, 4, 5);
        assertEquals(5, m.offset());
        assertEquals(17, m.array().length);
        assertEquals(12, m.size());
        m.fillGaussian(new Rng(7), 0, 1);
        Matrix plain = new Matrix(3, 4).fillGaussian(new Rng(7), 0, 1);
        assertArrayEquals(plain.data(), m.values(), "the same draws in the same order");
        for (int i = 0; i < 5; i++) assertEquals(0f, m.array()[i], "leading float " + i);
        m.set(2, 3, 9f);
        assertEquals(9f, m.array()[5 + 11]);
        assertEquals(9f, m.get(2, 3));
        Matrix c = m.copy();
        assertEquals(5, c.offset());
        assertArrayEquals(m.values(), c.values());
        m.fill(1.5f);
        assertEquals(0f, m.array()[4]);
        assertEquals(1.5f, m.array()[5]);
        float[] src = new float[14];
        for (int i = 0; i < src.length; i++) src[i] = i;
        m.setValues(src, 2);
        assertEquals(2f, m.get(0, 0));
        assertEquals(13f, m.get(2, 3));
        IllegalStateException e = assertThrows(IllegalStateException.class, m::data);
        assertTrue(e.getMessage().contains("3x4") && e.getMessage().contains("array() and offset()"), e.getMessage());
        assertSame(plain.array(), plain.data());
        assertEquals(Math.max(0, LineAlignment.alignedIndex()), Matrix.lineAligned(2, 2).offset());
        assertThrows(IllegalArgumentException.class, () -> Matrix.withOffset(2, 2, -1));
    }

    /** The values at the end of an array transpose in place; the floats before them are left alone. */
    @Test
    void transposesTheValuesAtTheEndOfAnArray() {
        float[] a = {-7, -8, 1, 2, 3, 4, 5, 6}; // two leading floats, then 2×3
        Matrix.transposeInPlace(a, 2, 3);
        assertArrayEquals(new float[] {-7, -8, 1, 4, 2, 5, 3, 6}, a);
        Matrix.transposeInPlace(a, 3, 2);
        assertArrayEquals(new float[] {-7, -8, 1, 2, 3, 4, 5, 6}, a);
        assertThrows(IllegalArgumentException.class, () -> Matrix.transposeInPlace(new float[5], 2, 3));
    }
}

package org.backprop4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The transposes that the kernels and the input-major layers rely on. */
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
}

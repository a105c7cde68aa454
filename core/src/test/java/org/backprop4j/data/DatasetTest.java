package org.backprop4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A dataset kept as unsigned bytes hands out exactly the floats of the same data kept as floats. */
class DatasetTest {
    private static final float SCALE = 1f / 255f;

    /** 23 rows of 13 features (awkward for the vector kernels), a third of the values 0. */
    private static byte[] pixels(int rows, int features) {
        byte[] b = new byte[rows * features];
        for (int i = 0; i < b.length; i++) b[i] = i % 3 == 0 ? 0 : (byte) (i * 91 + 7);
        return b;
    }

    private static int[] labels(int rows) {
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) y[i] = i % 4;
        return y;
    }

    private static Dataset asFloats(byte[] b, int[] y, int features) {
        float[] x = new float[b.length];
        for (int i = 0; i < b.length; i++) x[i] = (float) ((b[i] & 0xFF) * (double) SCALE); // what the IDX reader computes
        return new Dataset("floats", x, y, features, 4, 0, 0);
    }

    @Test
    void bytesAndFloatsGiveTheSameRows() {
        int rows = 23, features = 13;
        byte[] b = pixels(rows, features);
        int[] y = labels(rows);
        Dataset bytes = Dataset.ofUnsignedBytes("bytes", b, SCALE, y, features, 4, 0, 0);
        Dataset floats = asFloats(b, y, features);
        for (Dataset[] pair : new Dataset[][] {{bytes, floats}, {bytes.slice(5, 19, "b"), floats.slice(5, 19, "f")}}) {
            Dataset d = pair[0];
            Dataset f = pair[1];
            assertEquals(f.size(), d.size());
            assertEquals(f.zeroFraction(), d.zeroFraction());
            for (int i = 0; i < d.size(); i++) {
                assertArrayEquals(f.row(i), d.row(i), "row " + i);
                assertEquals(f.label(i), d.label(i));
            }
            int[] order = {3, 0, 7, 7, 1, 5};
            float[] gd = new float[(order.length - 1) * features + 2];
            float[] gf = gd.clone();
            d.gather(order, 1, order.length - 1, gd, 0);
            f.gather(order, 1, order.length - 1, gf, 0);
            assertArrayEquals(gf, gd);
            float[] cd = new float[4 * features];
            float[] cf = new float[4 * features];
            d.copyRows(2, 4, cd);
            f.copyRows(2, 4, cf);
            assertArrayEquals(cf, cd);
        }
    }

    @Test
    void withClassesSharesTheDataAndChecksTheLabels() {
        int rows = 9, features = 13;
        Dataset d = Dataset.ofUnsignedBytes("bytes", pixels(rows, features), SCALE, labels(rows), features, 4, 0, 0);
        assertSame(d, d.withClasses(4));
        Dataset wider = d.withClasses(10);
        assertEquals(10, wider.classes());
        assertArrayEquals(d.row(8), wider.row(8));
        assertThrows(IllegalArgumentException.class, () -> d.withClasses(3));
    }

    @Test
    void rejectsABadScaleOrLength() {
        assertThrows(IllegalArgumentException.class, () -> Dataset.ofUnsignedBytes("b", new byte[26], 0f, labels(2), 13, 4, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Dataset.ofUnsignedBytes("b", new byte[25], SCALE, labels(2), 13, 4, 0, 0));
    }
}

package org.backprop4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    static Dataset images(int n) {
        Rng rng = new Rng(3);
        float[] x = new float[n * 28 * 28];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
            // a filled square of random size and place: something with edges to move around
            int s = 6 + rng.nextInt(10);
            int r0 = 2 + rng.nextInt(26 - s);
            int c0 = 2 + rng.nextInt(26 - s);
            for (int r = r0; r < r0 + s; r++) for (int c = c0; c < c0 + s; c++) x[i * 784 + r * 28 + c] = 1f;
        }
        return new Dataset("squares", x, y, 784, 10, 28, 28);
    }

    @Test
    void expandShiftsAddsTheFourOnePixelShifts() {
        float[] x = new float[784];
        x[10 * 28 + 12] = 1f; // one lit pixel at row 10, column 12
        Dataset d = Augmentation.expandShifts(new Dataset("dot", x, new int[] {7}, 784, 10, 28, 28));
        assertEquals(5, d.size());
        int[][] expected = {{10, 12}, {9, 12}, {11, 12}, {10, 11}, {10, 13}}; // original, up, down, left, right
        for (int i = 0; i < 5; i++) {
            float[] img = d.row(i);
            assertEquals(1f, img[expected[i][0] * 28 + expected[i][1]], "copy " + i);
            assertEquals(1.0, sum(img), 0, "copy " + i + " keeps its one pixel");
            assertEquals(7, d.label(i));
        }
    }

    @Test
    void distortionsAreSeededAndIndependentOfThreads() {
        Dataset d = images(40);
        Distortions elastic = new Distortions(Distortions.Params.elastic(), 28, 28);
        float[] one = new float[40 * 784];
        float[] twoThreads = new float[40 * 784];
        float[] other = new float[40 * 784];
        elastic.distort(d, one, 77, ExecutionContext.create(1));
        ExecutionContext two = ExecutionContext.create(2);
        elastic.distort(d, twoThreads, 77, two);
        elastic.distort(d, other, 78, two);
        assertArrayEquals(one, twoThreads, "same seed, any thread count: same images");
        assertNotEquals(Arrays.hashCode(one), Arrays.hashCode(other), "another seed gives other distortions");
        for (int i = 0; i < 40; i++) {
            float[] src = d.row(i);
            float[] dst = Arrays.copyOfRange(one, i * 784, (i + 1) * 784);
            assertTrue(!Arrays.equals(src, dst), "image " + i + " was distorted");
            // elastic moves ink around (~1.4 px) but keeps roughly as much of it; resampling the hard edges
            // of a small square can change it by a third
            assertEquals(sum(src), sum(dst), 0.5 * sum(src), "image " + i + " ink");
        }
    }

    @Test
    void noDistortionLeavesTheImageAsItWas() {
        Dataset d = images(3);
        Distortions none = new Distortions(new Distortions.Params(0f, 0f, 0f, 0f, 0f), 28, 28);
        float[] out = new float[3 * 784];
        none.distort(d, out, 1);
        for (int i = 0; i < 3; i++) assertArrayEquals(d.row(i), Arrays.copyOfRange(out, i * 784, (i + 1) * 784), 1e-6f);
    }

    /** Shifts alone move each image by whole pixels, at most N each way, exactly (no resampling blur). */
    @Test
    void shiftsMoveWholePixels() {
        Dataset d = images(20);
        Distortions shifts = new Distortions(Distortions.Params.none().withShift(2), 28, 28);
        float[] out = new float[20 * 784];
        shifts.distort(d, out, 5);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            float[] src = d.row(i);
            boolean found = false;
            for (int ty = -2; ty <= 2 && !found; ty++) {
                for (int tx = -2; tx <= 2 && !found; tx++) {
                    boolean same = true;
                    for (int y = 0; y < 28 && same; y++) {
                        for (int x = 0; x < 28 && same; x++) {
                            int sy = y - ty, sx = x - tx;
                            float expected = sy < 0 || sx < 0 || sy >= 28 || sx >= 28 ? 0f : src[sy * 28 + sx];
                            same = out[i * 784 + y * 28 + x] == expected;
                        }
                    }
                    if (same) {
                        found = true;
                        seen.add(tx + "," + ty);
                    }
                }
            }
            assertTrue(found, "image " + i + " is its source moved by whole pixels");
        }
        assertTrue(seen.size() > 5, "the shifts vary: " + seen);
    }

    static double sum(float[] a) {
        double s = 0;
        for (float v : a) s += v;
        return s;
    }
}

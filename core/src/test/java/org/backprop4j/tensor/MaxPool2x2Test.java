package org.backprop4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 2 × 2 max-pooling: the plain kernel against the definition (each window's Math.max; its δ to the first
 * value equal to it, row by row), and the vector twin against the plain one bit for bit, on widths that
 * leave every kind of tail (8-window blocks, a 4-window block, single windows) and on values with ties:
 * ReLU's zeros, repeated values, −0 beside +0.
 */
class MaxPool2x2Test {
    static List<MaxPool2x2> kernels() {
        List<MaxPool2x2> k = new ArrayList<>(List.of(PlainMaxPool2x2.INSTANCE));
        Kernels.vectorMaxPool2x2().ifPresent(k::add);
        return k;
    }

    @Test
    void everyKernelFollowsTheDefinition() {
        int[][] shapes = {{1, 2, 2}, {3, 4, 6}, {2, 6, 8}, {20, 24, 24}, {5, 2, 34}, {4, 10, 18}, {1, 8, 16}, {40, 8, 8}, {3, 12, 30}};
        for (int[] s : shapes) {
            int planes = s[0], h = s[1], w = s[2];
            Rng rng = new Rng(planes * 1000 + h * 31 + w);
            int xOff = 3, yOff = 5;
            float[] x = new float[xOff + planes * h * w];
            float[] choices = {0f, 0f, 1.5f, 1.5f, -0f, 2f, -1f};
            for (int i = xOff; i < x.length; i++) x[i] = rng.nextDouble() < 0.5 ? choices[rng.nextInt(choices.length)] : (float) rng.nextDouble();
            int out = planes * (h / 2) * (w / 2);
            float[] dy = new float[yOff + out];
            for (int i = yOff; i < dy.length; i++) dy[i] = (float) (rng.nextDouble() - 0.5);
            float[][] ys = new float[2][], gxs = new float[2][];
            List<MaxPool2x2> kernels = kernels();
            for (int k = 0; k < kernels.size(); k++) {
                ys[k] = new float[yOff + out];
                kernels.get(k).forward(x, xOff, ys[k], yOff, planes, h, w);
                gxs[k] = new float[xOff + x.length];
                java.util.Arrays.fill(gxs[k], Float.NaN); // every value is written
                kernels.get(k).backward(x, xOff, ys[k], yOff, dy, yOff, gxs[k], xOff, planes, h, w);
            }
            // the definition
            for (int p = 0; p < planes; p++) {
                for (int oy = 0; oy < h / 2; oy++) {
                    for (int ox = 0; ox < w / 2; ox++) {
                        int j = yOff + (p * (h / 2) + oy) * (w / 2) + ox;
                        int[] at = new int[4];
                        for (int q = 0; q < 4; q++) at[q] = xOff + (p * h + 2 * oy + q / 2) * w + 2 * ox + q % 2;
                        float max = Math.max(Math.max(x[at[0]], x[at[1]]), Math.max(x[at[2]], x[at[3]]));
                        assertEquals(Float.floatToRawIntBits(max), Float.floatToRawIntBits(ys[0][j]), "y at " + j);
                        int first = 0;
                        while (x[at[first]] != max) first++;
                        for (int q = 0; q < 4; q++) assertEquals(q == first ? dy[j] : 0f, gxs[0][at[q]], "gx in window " + j);
                    }
                }
            }
            if (ys[1] == null) continue;
            for (int i = 0; i < ys[0].length; i++) assertEquals(Float.floatToRawIntBits(ys[0][i]), Float.floatToRawIntBits(ys[1][i]), kernels.get(1) + " y at " + i);
            for (int i = xOff; i < gxs[0].length - xOff; i++) {
                assertEquals(Float.floatToRawIntBits(gxs[0][i]), Float.floatToRawIntBits(gxs[1][i]), kernels.get(1) + " gx at " + i + " of " + java.util.Arrays.toString(s));
            }
        }
    }
}

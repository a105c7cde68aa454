package org.backprop4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 2 × 2 max-pooling: the plain kernel against the definition (each window's first largest value, row by
 * row, and its δ there), and the vector twin against the plain one bit for bit (outputs, kept positions,
 * gradients), on widths that leave every kind of tail and on values with ties: ReLU's zeros, repeated
 * values, −0 beside +0.
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
            byte[][] args = new byte[2][];
            List<MaxPool2x2> kernels = kernels();
            for (int k = 0; k < kernels.size(); k++) {
                ys[k] = new float[yOff + out];
                args[k] = new byte[2 + out];
                kernels.get(k).forward(x, xOff, ys[k], yOff, args[k], 2, planes, h, w);
                float[] alone = new float[yOff + out]; // inference keeps no positions and computes the same maxima
                kernels.get(k).forward(x, xOff, alone, yOff, null, 0, planes, h, w);
                assertEquals(java.util.Arrays.toString(ys[k]), java.util.Arrays.toString(alone));
                gxs[k] = new float[xOff + x.length];
                java.util.Arrays.fill(gxs[k], Float.NaN); // every value is written
                kernels.get(k).backward(args[k], 2, dy, yOff, gxs[k], xOff, planes, h, w);
            }
            // the definition
            for (int p = 0; p < planes; p++) {
                for (int oy = 0; oy < h / 2; oy++) {
                    for (int ox = 0; ox < w / 2; ox++) {
                        int j = yOff + (p * (h / 2) + oy) * (w / 2) + ox;
                        int[] at = new int[4];
                        for (int q = 0; q < 4; q++) at[q] = xOff + (p * h + 2 * oy + q / 2) * w + 2 * ox + q % 2;
                        int first = 0;
                        for (int q = 1; q < 4; q++) if (x[at[q]] > x[at[first]]) first = q;
                        assertEquals(Float.floatToRawIntBits(x[at[first]]), Float.floatToRawIntBits(ys[0][j]), "y at " + j);
                        assertEquals(first, args[0][2 + j - yOff], "argmax at " + j);
                        for (int q = 0; q < 4; q++) assertEquals(q == first ? dy[j] : 0f, gxs[0][at[q]], "gx in window " + j);
                    }
                }
            }
            if (ys[1] == null) continue;
            for (int i = 0; i < ys[0].length; i++) assertEquals(Float.floatToRawIntBits(ys[0][i]), Float.floatToRawIntBits(ys[1][i]), kernels.get(1) + " y at " + i);
            assertEquals(java.util.Arrays.toString(args[0]), java.util.Arrays.toString(args[1]), kernels.get(1) + " argmax");
            for (int i = xOff; i < gxs[0].length - xOff; i++) {
                assertEquals(Float.floatToRawIntBits(gxs[0][i]), Float.floatToRawIntBits(gxs[1][i]), kernels.get(1) + " gx at " + i + " of " + java.util.Arrays.toString(s));
            }
        }
    }
}

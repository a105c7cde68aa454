package org.backprop4j.data;

import org.backprop4j.SettingException;

/** Enlarging an image dataset by transforming its images. */
public final class Augmentation {
    private Augmentation() {}

    /**
     * Nielsen's expand_mnist: every image, followed by its four copies shifted one pixel up, down, left
     * and right (the pixel shifted in is 0), so 50,000 images become 250,000.
     */
    public static Dataset expandShifts(Dataset d) {
        if (!d.isImage()) throw new SettingException("expand", d.name() + ": {setting} shifts needs images (rows and columns), not " + d.features() + " features");
        int n = d.size();
        int h = d.height();
        int w = d.width();
        int f = d.features();
        float[] x = new float[5 * n * f];
        int[] y = new int[5 * n];
        int[][] shifts = {{0, 0}, {-1, 0}, {1, 0}, {0, -1}, {0, 1}}; // (dy, dx): original, up, down, left, right
        float[] img = new float[f];
        for (int i = 0; i < n; i++) {
            d.copyRow(i, img, 0);
            for (int s = 0; s < 5; s++) {
                int out = (5 * i + s) * f;
                int dy = shifts[s][0];
                int dx = shifts[s][1];
                for (int r = 0; r < h; r++) {
                    int sr = r - dy;
                    if (sr < 0 || sr >= h) continue;
                    for (int c = 0; c < w; c++) {
                        int sc = c - dx;
                        if (sc >= 0 && sc < w) x[out + r * w + c] = img[sr * w + sc];
                    }
                }
                y[5 * i + s] = d.label(i);
            }
        }
        return new Dataset(d.name() + "-shifted", x, y, f, d.classes(), h, w);
    }
}

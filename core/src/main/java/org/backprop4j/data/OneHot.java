package org.backprop4j.data;

import java.util.Arrays;
import org.backprop4j.BadInputException;

/** One-hot targets: label 3 of 10 classes is the row (0,0,0,1,0,0,0,0,0,0). */
public final class OneHot {
    private OneHot() {}

    /** Writes m one-hot rows into {@code out} for the examples indices[from..from+m) of {@code data}. */
    public static void encode(Dataset data, int[] indices, int from, int m, int classes, float[] out) {
        Arrays.fill(out, 0, m * classes, 0f);
        for (int r = 0; r < m; r++) {
            int label = data.labelAt(indices[from + r]);
            if (label >= classes) {
                throw new BadInputException(data.name() + ": label " + label + " of example " + indices[from + r]
                        + " does not fit a network with " + classes + " outputs");
            }
            out[r * classes + label] = 1f;
        }
    }

    public static float[] encode(int label, int classes) {
        if (label < 0 || label >= classes) throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
        float[] y = new float[classes];
        y[label] = 1f;
        return y;
    }
}

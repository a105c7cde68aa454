package org.backprop4j.data;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.backprop4j.BadInputException;

/**
 * How the features of a CSV dataset were scaled when read, fitted on its training rows only, so that new
 * rows can be scaled the same way ({@code predict MODEL rows.csv}): x' = (x − shift_j)·factor_j.
 * <ul>
 * <li>{@link #standardize}: each feature to mean 0 and standard deviation 1 (a feature that never varies
 *     only loses its mean). Tabular features of unlike units (wine: proline near 1,000, hue near 1) train
 *     badly otherwise.</li>
 * <li>{@link #pixels}: images (a square of at least 8×8 features, none negative) keep their pictures:
 *     one factor for all, dividing by the largest training value when it exceeds 1 (0–255 to 0–1).</li>
 * </ul>
 * Kept in the model's metadata as {@code input.shift} and {@code input.factor} (one decimal per feature,
 * comma-separated) or {@code input.scale} (one factor).
 */
public final class FeatureScaling {
    private final float[] shift;
    private final float[] factor;
    /** One factor for every feature (then shift is null and factor has one value). */
    private final boolean uniform;

    private FeatureScaling(float[] shift, float[] factor, boolean uniform) {
        this.shift = shift;
        this.factor = factor;
        this.uniform = uniform;
    }

    /** No scaling. */
    public static FeatureScaling none() { return new FeatureScaling(null, new float[] {1f}, true); }

    /** The rule of the class comment, for features of n rows × d (row-major) of which the first trainRows are training rows. */
    public static FeatureScaling fit(float[] x, int trainRows, int d) {
        int side = (int) Math.round(Math.sqrt(d));
        boolean image = side >= 8 && side * side == d;
        for (int i = 0; i < trainRows * d && image; i++) image = x[i] >= 0;
        return image ? pixels(x, trainRows, d) : standardize(x, trainRows, d);
    }

    /** One factor: 1/max when the largest training value exceeds 1, else 1. */
    public static FeatureScaling pixels(float[] x, int trainRows, int d) {
        float max = 0;
        for (int i = 0; i < trainRows * d; i++) max = Math.max(max, Math.abs(x[i]));
        return new FeatureScaling(null, new float[] {max > 1 ? 1 / max : 1f}, true);
    }

    /** Per feature: shift = mean, factor = 1/σ over the training rows (1 where σ = 0). */
    public static FeatureScaling standardize(float[] x, int trainRows, int d) {
        float[] mean = new float[d];
        float[] inv = new float[d];
        for (int j = 0; j < d; j++) {
            double sum = 0;
            for (int i = 0; i < trainRows; i++) sum += x[i * d + j];
            double mu = sum / trainRows;
            double sq = 0;
            for (int i = 0; i < trainRows; i++) {
                double e = x[i * d + j] - mu;
                sq += e * e;
            }
            double sigma = Math.sqrt(sq / trainRows);
            mean[j] = (float) mu;
            inv[j] = sigma > 0 ? (float) (1 / sigma) : 1f;
        }
        return new FeatureScaling(mean, inv, false);
    }

    /** Scales rows of d features in place, from index 0 to the end of x. */
    public void apply(float[] x, int d) {
        if (uniform) {
            if (factor[0] != 1f) for (int i = 0; i < x.length; i++) x[i] *= factor[0];
            return;
        }
        if (d != factor.length) throw new IllegalArgumentException("scaling of " + factor.length + " features applied to " + d);
        for (int i = 0; i < x.length; i++) x[i] = (x[i] - shift[i % d]) * factor[i % d];
    }

    public boolean isNone() { return uniform && factor[0] == 1f; }

    /** The metadata entries that {@link #fromMeta} reads back (none for no scaling). */
    public Map<String, String> toMeta() {
        Map<String, String> m = new LinkedHashMap<>();
        if (isNone()) return m;
        if (uniform) {
            m.put("input.scale", Float.toString(factor[0]));
        } else {
            m.put("input.shift", join(shift));
            m.put("input.factor", join(factor));
        }
        return m;
    }

    /** The scaling a model's metadata records, for d features; none when it records none. */
    public static FeatureScaling fromMeta(Map<String, String> meta, int d) {
        if (meta.containsKey("input.shift") || meta.containsKey("input.factor")) {
            float[] shift = parse(meta, "input.shift", d);
            float[] factor = parse(meta, "input.factor", d);
            return new FeatureScaling(shift, factor, false);
        }
        if (meta.containsKey("input.scale")) return new FeatureScaling(null, parse(meta, "input.scale", 1), true);
        return none();
    }

    private static String join(float[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ",").append(Float.toString(v[i]));
        return sb.toString();
    }

    private static float[] parse(Map<String, String> meta, String key, int d) {
        String s = meta.get(key);
        if (s == null) throw new BadInputException("model metadata has no " + key + " beside its other input scaling");
        String[] parts = s.split(",", -1);
        if (parts.length != d) throw new BadInputException("model metadata " + key + " has " + parts.length + " values for " + d + " features");
        float[] v = new float[d];
        for (int j = 0; j < d; j++) {
            try {
                v[j] = Float.parseFloat(parts[j].trim());
            } catch (NumberFormatException e) {
                throw new BadInputException("model metadata " + key + " value " + (j + 1) + " '" + parts[j] + "' is not a number");
            }
            if (!Float.isFinite(v[j])) throw new BadInputException("model metadata " + key + " value " + (j + 1) + " is " + parts[j]);
        }
        return v;
    }

    @Override
    public String toString() {
        return isNone() ? "none" : uniform ? String.format(Locale.ROOT, "x %.6g", factor[0]) : "standardized per feature";
    }
}

package org.backprop4j.optim;

/**
 * How the learning rate changes from epoch to epoch, and whether it ends the run.
 *
 * <ul>
 * <li>{@code constant}: η throughout.</li>
 * <li>{@code step(s, γ)}: η·γ^⌊e/s⌋, for epoch e = 0, 1, …</li>
 * <li>{@code cosine(E, η_min)}: η_min + ½(η − η_min)(1 + cos(πe/E)) over E epochs.</li>
 * <li>{@code plateau(k, n)}: Nielsen ch. 3: halve η whenever the validation accuracy has not improved
 *     for k epochs, and stop after the n-th halving (n = 7 stops at η/128).</li>
 * </ul>
 * The plateau rule has state, which checkpoints save: {@link #state()} and {@link #restore(double[])}.
 */
public final class Schedule {
    private final String kind;
    private final int stepSize;
    private final float gamma;
    private final int epochs;
    private final float etaMin;
    private final int patience;
    private final int maxHalvings;
    // plateau state
    private double best = Double.NEGATIVE_INFINITY;
    private int sinceBest;
    private int halvings;

    private Schedule(String kind, int stepSize, float gamma, int epochs, float etaMin, int patience, int maxHalvings) {
        this.kind = kind;
        this.stepSize = stepSize;
        this.gamma = gamma;
        this.epochs = epochs;
        this.etaMin = etaMin;
        this.patience = patience;
        this.maxHalvings = maxHalvings;
    }

    public static Schedule constant() { return new Schedule("none", 0, 1, 0, 0, 0, 0); }

    public static Schedule step(int stepSize, float gamma) {
        if (stepSize <= 0 || !(gamma > 0)) throw new IllegalArgumentException("step decay needs a positive step size and γ");
        return new Schedule("step", stepSize, gamma, 0, 0, 0, 0);
    }

    public static Schedule cosine(int epochs, float etaMin) {
        if (!(etaMin >= 0)) throw new IllegalArgumentException("cosine schedule needs η_min ≥ 0");
        return new Schedule("cosine", 0, 1, Math.max(1, epochs), etaMin, 0, 0);
    }

    public static Schedule plateau(int patience, int halvings) {
        if (patience <= 0 || halvings <= 0) throw new IllegalArgumentException("the plateau rule needs positive patience and halvings");
        return new Schedule("plateau", 0, 1, 0, 0, patience, halvings);
    }

    public String kind() { return kind; }

    /** The learning rate for epoch e (0-based), given the base rate and, for plateau, the current rate. */
    public float rate(int epoch, float base, float current) {
        return switch (kind) {
            case "step" -> (float) (base * StrictMath.pow(gamma, epoch / stepSize));
            case "cosine" -> (float) (etaMin + 0.5 * (base - etaMin) * (1 + StrictMath.cos(Math.PI * Math.min(epoch, epochs) / epochs)));
            case "plateau" -> current;
            default -> base;
        };
    }

    /**
     * Called after each epoch with the validation accuracy (NaN when there is none). Returns the new rate
     * for the plateau rule (current otherwise), or NaN when the rule says training should stop.
     */
    public float afterEpoch(double validationAccuracy, float current) {
        if (!kind.equals("plateau") || Double.isNaN(validationAccuracy)) return current;
        if (validationAccuracy > best) {
            best = validationAccuracy;
            sinceBest = 0;
            return current;
        }
        if (++sinceBest < patience) return current;
        sinceBest = 0;
        if (++halvings >= maxHalvings) return Float.NaN;
        return current / 2;
    }

    public int halvings() { return halvings; }

    /** The plateau rule's state: best accuracy, epochs since, halvings so far. */
    public double[] state() { return new double[] {best, sinceBest, halvings}; }

    public void restore(double[] s) {
        if (s.length != 3) throw new IllegalArgumentException("schedule state has 3 values, got " + s.length);
        best = s[0];
        sinceBest = (int) s[1];
        halvings = (int) s[2];
    }
}

package org.backprop4j.nn;

/**
 * Rosenblatt's perceptron as the notes introduce it: output 1 when the weighted evidence w·x reaches
 * the threshold t, else 0. Written with a bias b = −t it is the step unit σ(w·x + b), step(z) = [z ≥ 0].
 */
public final class Perceptron {
    private final double[] w;
    private final double threshold;

    public Perceptron(double[] weights, double threshold) {
        this.w = weights.clone();
        this.threshold = threshold;
    }

    public double weightedSum(double[] x) {
        if (x.length != w.length) throw new IllegalArgumentException("expected " + w.length + " inputs, got " + x.length);
        double s = 0;
        for (int i = 0; i < w.length; i++) s += w[i] * x[i];
        return s;
    }

    /** Threshold form: 1 if w·x ≥ t. */
    public int decide(double[] x) { return weightedSum(x) >= threshold ? 1 : 0; }

    /** Bias form: step(w·x + b) with b = −t; always equal to {@link #decide}. */
    public int decideWithBias(double[] x) { return (int) Step.INSTANCE.value(weightedSum(x) + bias()); }

    public double bias() { return -threshold; }

    public double threshold() { return threshold; }

    public double[] weights() { return w.clone(); }
}

package org.backprop4j.loss;

import org.backprop4j.autodiff.Value;
import org.backprop4j.nn.Activation;
import org.backprop4j.nn.Sigmoid;

/**
 * The cross-entropy cost C_x = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)] (Nielsen ch. 3, eq. 63).
 * With sigmoid outputs the σ' factor cancels and δᴸ = aᴸ − y (eq. 66), so output neurons do not learn
 * slowly when saturated; that case is computed directly, and its value from z, as
 * y·softplus(−z) + (1 − y)·softplus(z), which stays finite when σ(z) rounds to 0 or 1 in float.
 */
public final class CrossEntropy implements Cost {
    public static final CrossEntropy INSTANCE = new CrossEntropy();
    /** Outputs are kept this far from 0 and 1 where the value must be taken from a itself. */
    private static final double EPS = 1e-7;

    @Override
    public String name() { return "cross-entropy"; }

    @Override
    public double value(Activation output, float[] z, float[] a, float[] y, int m, int classes) {
        double sum = 0;
        int n = m * classes;
        if (output instanceof Sigmoid) {
            for (int i = 0; i < n; i++) sum += y[i] * softplus(-z[i]) + (1 - y[i]) * softplus(z[i]);
        } else {
            for (int i = 0; i < n; i++) {
                double ai = Math.min(Math.max(a[i], EPS), 1 - EPS);
                sum -= y[i] * Math.log(ai) + (1 - y[i]) * Math.log(1 - ai);
            }
        }
        return sum / m;
    }

    private static double softplus(double z) { return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))); }

    @Override
    public void outputDelta(Activation output, float[] z, float[] a, float[] y, float[] delta, int m, int classes) {
        if (output instanceof Sigmoid) {
            float inv = 1f / m;
            for (int i = 0; i < m * classes; i++) delta[i] = (a[i] - y[i]) * inv;
        } else {
            Cost.super.outputDelta(output, z, a, y, delta, m, classes);
        }
    }

    @Override
    public void gradientWrtOutput(float[] a, float[] y, float[] g, int n) {
        for (int i = 0; i < n; i++) {
            double ai = Math.min(Math.max(a[i], EPS), 1 - EPS);
            g[i] = (float) ((ai - y[i]) / (ai * (1 - ai)));
        }
    }

    @Override
    public Value apply(Value[] a, double[] y) {
        Value[] terms = new Value[a.length];
        for (int j = 0; j < a.length; j++) {
            terms[j] = a[j].log().mul(y[j]).add(a[j].neg().add(1).log().mul(1 - y[j]));
        }
        return Value.sum(terms).neg();
    }
}

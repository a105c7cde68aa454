package org.backprop4j.loss;

import org.backprop4j.autodiff.Value;
import org.backprop4j.nn.Activation;
import org.backprop4j.nn.Softmax;

/**
 * The negative log-likelihood C_x = −ln a_y of the correct class, written −Σ_j y_j ln a_j for one-hot y.
 * Meant for softmax outputs: then ∂C_x/∂z = a − y (the notes' ∂L/∂f = o − y), computed directly, and
 * the value is taken from z as logsumexp(z) − z_y, which never takes the log of a rounded-off zero.
 */
public final class NegativeLogLikelihood implements Cost {
    public static final NegativeLogLikelihood INSTANCE = new NegativeLogLikelihood();
    private static final double EPS = 1e-30;

    @Override
    public String name() { return "nll"; }

    @Override
    public double value(Activation output, float[] z, float[] a, float[] y, int m, int classes) {
        double sum = 0;
        for (int r = 0; r < m; r++) {
            int row = r * classes;
            if (output instanceof Softmax) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < classes; j++) max = Math.max(max, z[row + j]);
                double s = 0;
                for (int j = 0; j < classes; j++) s += Math.exp(z[row + j] - max);
                double logSumExp = max + Math.log(s);
                for (int j = 0; j < classes; j++) if (y[row + j] != 0) sum += y[row + j] * (logSumExp - z[row + j]);
            } else {
                for (int j = 0; j < classes; j++) if (y[row + j] != 0) sum -= y[row + j] * Math.log(Math.max(a[row + j], EPS));
            }
        }
        return sum / m;
    }

    @Override
    public void outputDelta(Activation output, float[] z, float[] a, float[] y, float[] delta, int m, int classes) {
        if (output instanceof Softmax) {
            float inv = 1f / m;
            for (int i = 0; i < m * classes; i++) delta[i] = (a[i] - y[i]) * inv;
        } else {
            Cost.super.outputDelta(output, z, a, y, delta, m, classes);
        }
    }

    @Override
    public void gradientWrtOutput(float[] a, float[] y, float[] g, int n) {
        for (int i = 0; i < n; i++) g[i] = y[i] == 0 ? 0f : (float) (-y[i] / Math.max(a[i], EPS));
    }

    @Override
    public Value apply(Value[] a, double[] y) {
        Value[] terms = new Value[a.length];
        for (int j = 0; j < a.length; j++) terms[j] = a[j].log().mul(y[j]);
        return Value.sum(terms).neg();
    }
}

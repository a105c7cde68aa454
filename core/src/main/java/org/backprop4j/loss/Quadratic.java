package org.backprop4j.loss;

import org.backprop4j.autodiff.Value;
import org.backprop4j.nn.Activation;

/** The quadratic (mean squared error) cost C_x = ½‖y − aᴸ‖², with ∇ₐC_x = aᴸ − y (Nielsen eq. 6, 26). */
public final class Quadratic implements Cost {
    public static final Quadratic INSTANCE = new Quadratic();

    @Override
    public String name() { return "quadratic"; }

    @Override
    public double value(Activation output, float[] z, float[] a, float[] y, int m, int classes) {
        double sum = 0;
        for (int i = 0; i < m * classes; i++) {
            double d = a[i] - y[i];
            sum += d * d;
        }
        return 0.5 * sum / m;
    }

    @Override
    public void gradientWrtOutput(float[] a, float[] y, float[] g, int n) {
        for (int i = 0; i < n; i++) g[i] = a[i] - y[i];
    }

    @Override
    public Value apply(Value[] a, double[] y) {
        Value[] terms = new Value[a.length];
        for (int j = 0; j < a.length; j++) terms[j] = a[j].sub(y[j]).pow(2);
        return Value.sum(terms).mul(0.5);
    }
}

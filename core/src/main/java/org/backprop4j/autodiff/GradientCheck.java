package org.backprop4j.autodiff;

import java.util.function.Function;

/**
 * Compares the gradient the autodiff graph produces with central finite differences,
 * (f(x + h) − f(x − h)) / 2h, in double precision.
 */
public final class GradientCheck {
    private GradientCheck() {}

    /** The result of one check: the largest relative error and where it occurred. */
    public record Result(double maxRelativeError, int worstIndex, double[] analytic, double[] numeric) {
        @Override
        public String toString() {
            return String.format("max relative error %.3e at %d (analytic %.10g, numeric %.10g)", maxRelativeError,
                    worstIndex, worstIndex < 0 ? 0 : analytic[worstIndex], worstIndex < 0 ? 0 : numeric[worstIndex]);
        }
    }

    /**
     * Checks ∂f/∂x at x. {@code f} builds a scalar graph from leaves; it is called once for the analytic
     * gradient and 2·n more times for the differences.
     */
    public static Result check(Function<Value[], Value> f, double[] x, double h) {
        Value[] leaves = Value.of(x);
        Value out = f.apply(leaves);
        out.backward();
        double[] analytic = new double[x.length];
        for (int i = 0; i < x.length; i++) analytic[i] = leaves[i].grad();
        double[] numeric = numericGradient(v -> f.apply(Value.of(v)).data(), x, h);
        return compare(analytic, numeric);
    }

    /** Central differences of a plain function of doubles. */
    public static double[] numericGradient(java.util.function.ToDoubleFunction<double[]> f, double[] x, double h) {
        double[] g = new double[x.length];
        double[] probe = x.clone();
        for (int i = 0; i < x.length; i++) {
            probe[i] = x[i] + h;
            double plus = f.applyAsDouble(probe);
            probe[i] = x[i] - h;
            double minus = f.applyAsDouble(probe);
            probe[i] = x[i];
            g[i] = (plus - minus) / (2 * h);
        }
        return g;
    }

    /**
     * Relative error |a − n| / max(|a|, |n|, floor) per component, the largest reported. The floor is
     * 1/1000 of the largest numeric component (and at least 1e-12): central differences carry an
     * absolute rounding error of about ε·|f|/h, so a component far smaller than the rest of the
     * gradient cannot be resolved relative to itself and is judged against the gradient's scale.
     */
    public static Result compare(double[] analytic, double[] numeric) {
        if (analytic.length != numeric.length) throw new IllegalArgumentException("lengths differ");
        double largest = 0;
        for (double v : numeric) largest = Math.max(largest, Math.abs(v));
        double floor = Math.max(1e-3 * largest, 1e-12);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < analytic.length; i++) {
            double scale = Math.max(Math.max(Math.abs(analytic[i]), Math.abs(numeric[i])), floor);
            double err = Math.abs(analytic[i] - numeric[i]) / scale;
            if (err > worst || at < 0) {
                worst = err;
                at = i;
            }
        }
        return new Result(worst, at, analytic, numeric);
    }
}

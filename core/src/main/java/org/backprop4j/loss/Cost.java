package org.backprop4j.loss;

import org.backprop4j.autodiff.Value;
import org.backprop4j.nn.Activation;

/**
 * A cost C = (1/m) Σ_x C_x over a mini-batch of m examples, with targets y as one-hot rows.
 *
 * <p>Satisfies the notes' two assumptions: C is the average of per-example costs, and each C_x depends
 * on the network only through its output aᴸ.
 */
public interface Cost {

    /** The name used on the command line and in model files, e.g. {@code quadratic}. */
    String name();

    /**
     * The mean cost of m examples. z and a are the output layer's pre-activations and activations;
     * costs that can evaluate themselves more stably from z (saturated sigmoids, softmax) do so.
     */
    double value(Activation output, float[] z, float[] a, float[] y, int m, int classes);

    /**
     * BP1 for the mean cost: δᴸ = ∂C/∂zᴸ = (1/m)·J_σ(zᴸ)ᵀ ∇ₐC_x, which for element-wise σ is
     * (1/m)·∇ₐC_x ⊙ σ'(zᴸ). Written into {@code delta} (m × classes). The 1/m of the mean travels with δ,
     * so the layer gradients ∇W = δᵀa and ∇b = Σδ come out as those of C itself.
     */
    default void outputDelta(Activation output, float[] z, float[] a, float[] y, float[] delta, int m, int classes) {
        gradientWrtOutput(a, y, delta, m * classes);
        float inv = 1f / m;
        for (int i = 0; i < m * classes; i++) delta[i] *= inv;
        output.backward(z, a, delta, m, classes);
    }

    /** ∇ₐC_x element by element, for n = m·classes values. */
    void gradientWrtOutput(float[] a, float[] y, float[] g, int n);

    /** C_x for one example as a computational graph (double precision), for gradient checks. */
    Value apply(Value[] a, double[] y);
}

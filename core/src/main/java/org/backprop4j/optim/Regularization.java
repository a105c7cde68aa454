package org.backprop4j.optim;

import java.util.List;
import org.backprop4j.nn.Param;
import org.backprop4j.tensor.ElementWise;
import org.backprop4j.tensor.Kernels;

/**
 * Weight penalties added to the cost, on connection weights only (biases are left alone, as in Nielsen
 * ch. 3): L2, C = C₀ + (λ/2n) Σ w², whose gradient adds (λ/n)·w, so that plain SGD becomes Nielsen's
 * w ← (1 − ηλ/n)·w − η∇C₀; and L1, C = C₀ + (λ₁/n) Σ |w|, whose gradient adds (λ₁/n)·sgn(w). n is the
 * number of training examples.
 */
public final class Regularization {
    private static final ElementWise EW = Kernels.elementWise();
    private final float l2;
    private final float l1;
    private final int n;

    public Regularization(float lambda, float l1, int trainingExamples) {
        if (trainingExamples <= 0) throw new IllegalArgumentException("training set is empty");
        this.l2 = lambda;
        this.l1 = l1;
        this.n = trainingExamples;
    }

    public boolean isNone() { return l2 == 0 && l1 == 0; }

    /** Adds the penalty's gradient to the weights' gradients: g += (λ/n)·w + (λ₁/n)·sgn(w). */
    public void addGradients(List<Param> params, float[][] grads) {
        for (int i = 0; i < grads.length; i++) {
            Param p = params.get(i);
            addGradients(p, grads[i], p.offset(), p.offset() + p.size());
        }
    }

    /**
     * The same for indices [from, to) of one parameter's array and of its gradient, which has its layout
     * (nothing for biases), for trainers that split parameters among threads.
     */
    public void addGradients(Param p, float[] g, int from, int to) {
        if (isNone() || !p.weight()) return;
        float a2 = l2 / n;
        float a1 = l1 / n;
        float[] w = p.value().array();
        if (a2 != 0) EW.axpy(a2, w, from, g, from, to - from);
        if (a1 != 0) {
            for (int j = from; j < to; j++) g[j] += a1 * Math.signum(w[j]);
        }
    }

    /** The penalty itself, (λ/2n) Σ w² + (λ₁/n) Σ |w| over the weights, in double. */
    public double penalty(List<Param> params) {
        if (isNone()) return 0;
        double sq = 0;
        double abs = 0;
        for (Param p : params) {
            if (!p.weight()) continue;
            float[] w = p.value().array();
            for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                sq += (double) w[i] * w[i];
                abs += Math.abs(w[i]);
            }
        }
        return l2 / (2.0 * n) * sq + (double) l1 / n * abs;
    }
}

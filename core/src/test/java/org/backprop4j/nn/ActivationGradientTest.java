package org.backprop4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.backprop4j.autodiff.GradientCheck;
import org.backprop4j.autodiff.Value;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each activation's claimed derivative against central finite differences in double precision
 * (relative error ≤ 1e-6), and its float32 batch kernels against its double-precision form.
 */
class ActivationGradientTest {
    static List<ElementWiseActivation> elementWise() {
        return List.of(Sigmoid.INSTANCE, ReLU.INSTANCE, Tanh.INSTANCE, Softplus.INSTANCE, Step.INSTANCE, Identity.INSTANCE);
    }

    static double[] points() {
        // away from the kinks of ReLU and step at 0, where the derivative does not exist, and from the
        // far tails, where σ' is so small against σ that differences cannot resolve it (see tails test)
        return new double[] {-6, -3.5, -2, -1, -0.3, -0.01, 0.01, 0.2, 0.9, 1.7, 4, 6};
    }

    @ParameterizedTest
    @MethodSource("elementWise")
    void derivativeMatchesFiniteDifferences(ElementWiseActivation act) {
        double h = 1e-5;
        for (double z : points()) {
            double numeric = (act.value(z + h) - act.value(z - h)) / (2 * h);
            GradientCheck.Result r = GradientCheck.compare(new double[] {act.derivative(z)}, new double[] {numeric});
            assertTrue(r.maxRelativeError() <= 1e-6, act.name() + " at z = " + z + ": " + r);
        }
    }

    @ParameterizedTest
    @MethodSource("elementWise")
    void autodiffFormUsesTheSameDerivative(ElementWiseActivation act) {
        for (double z : points()) {
            GradientCheck.Result r = GradientCheck.check(v -> act.apply(v)[0], new double[] {z}, 1e-5);
            assertTrue(r.maxRelativeError() <= 1e-6, act.name() + " at z = " + z + ": " + r);
        }
    }

    @Test
    void tailsMatchTheirClosedForms() {
        // σ(±30), tanh(±30), softplus(±30): finite, and with derivatives e^(−30)-small, not NaN
        assertEquals(Math.exp(-30) / Math.pow(1 + Math.exp(-30), 2), Sigmoid.INSTANCE.derivative(30), 1e-25);
        assertEquals(Sigmoid.INSTANCE.derivative(30), Sigmoid.INSTANCE.derivative(-30), 1e-25);
        assertEquals(4 * Math.exp(-60), Tanh.INSTANCE.derivative(30), 1e-30);
        assertEquals(30 + Math.log1p(Math.exp(-30)), Softplus.INSTANCE.value(30), 1e-12);
        assertEquals(Math.log1p(Math.exp(-30)), Softplus.INSTANCE.value(-30), 1e-25);
        assertEquals(1, ReLU.INSTANCE.derivative(30), 0);
        assertEquals(0, ReLU.INSTANCE.derivative(-30), 0);
    }

    @ParameterizedTest
    @MethodSource("elementWise")
    void floatKernelsMatchTheDoubleForm(ElementWiseActivation act) {
        Rng rng = new Rng(11);
        int rows = 3;
        int cols = 37;
        float[] z = new float[rows * cols];
        for (int i = 0; i < z.length; i++) z[i] = (float) (rng.nextGaussian() * 4);
        float[] a = new float[z.length];
        act.forward(z, a, rows, cols);
        float[] g = new float[z.length];
        for (int i = 0; i < g.length; i++) g[i] = (float) rng.nextGaussian();
        float[] gIn = g.clone();
        act.backward(z, a, g, rows, cols);
        for (int i = 0; i < z.length; i++) {
            double v = act.value(z[i]);
            assertEquals(v, a[i], 1e-6 * Math.max(1, Math.abs(v)), act.name() + " forward at " + z[i]);
            double d = gIn[i] * act.derivative(z[i]);
            assertEquals(d, g[i], 2e-6 * Math.max(1, Math.abs(d)), act.name() + " backward at " + z[i]);
        }
    }

    @Test
    void softmaxJacobianMatchesFiniteDifferences() {
        double[] z = {0.3, -1.2, 2.2, 0.0, -0.4};
        double[] c = {0.7, -1.1, 0.25, 2.0, -0.5};
        // a random linear functional of the outputs exercises every column of the Jacobian
        GradientCheck.Result r = GradientCheck.check(v -> {
            Value[] a = Softmax.INSTANCE.apply(v);
            Value[] terms = new Value[a.length];
            for (int j = 0; j < a.length; j++) terms[j] = a[j].mul(c[j]);
            return Value.sum(terms);
        }, z, 1e-6);
        assertTrue(r.maxRelativeError() <= 1e-6, r.toString());

        // the float backward (Jᵀg with g = c) against those autodiff gradients
        float[] zf = new float[z.length];
        float[] g = new float[z.length];
        for (int j = 0; j < z.length; j++) {
            zf[j] = (float) z[j];
            g[j] = (float) c[j];
        }
        float[] a = new float[z.length];
        Softmax.INSTANCE.forward(zf, a, 1, z.length);
        Softmax.INSTANCE.backward(zf, a, g, 1, z.length);
        for (int j = 0; j < z.length; j++) assertEquals(r.analytic()[j], g[j], 1e-6);
    }

    @Test
    void stepCannotBeTrainedByGradients() {
        assertEquals(0, Step.INSTANCE.derivative(0.5), 0);
        assertEquals(1, Step.INSTANCE.value(0), 0, "step(0) = 1: the perceptron fires at the threshold");
        assertEquals(0, Step.INSTANCE.value(-1e-9), 0);
    }

    /** Bias and activation together give exactly addBias then forward, for every activation, softmax too. */
    @Test
    void forwardWithBiasIsAddBiasThenForward() {
        int rows = 3, cols = 37;
        Rng rng = new Rng(11);
        float[] z = new float[rows * cols];
        for (int i = 0; i < z.length; i++) z[i] = (float) (rng.nextGaussian() * 3);
        float[] bias = new float[cols];
        for (int j = 0; j < cols; j++) bias[j] = (float) rng.nextGaussian();
        List<Activation> all = new java.util.ArrayList<>(elementWise());
        all.add(Softmax.INSTANCE);
        for (Activation act : all) {
            float[] z1 = z.clone(), a1 = new float[z.length];
            act.forwardWithBias(z1, bias, a1, rows, cols);
            float[] z2 = z.clone(), a2 = new float[z.length];
            org.backprop4j.tensor.Kernels.elementWise().addBias(z2, bias, rows, cols);
            act.forward(z2, a2, rows, cols);
            for (int i = 0; i < z.length; i++) {
                assertEquals(Float.floatToRawIntBits(z2[i]), Float.floatToRawIntBits(z1[i]), act.name() + " z[" + i + "]");
                assertEquals(Float.floatToRawIntBits(a2[i]), Float.floatToRawIntBits(a1[i]), act.name() + " a[" + i + "]");
            }
        }
    }
}

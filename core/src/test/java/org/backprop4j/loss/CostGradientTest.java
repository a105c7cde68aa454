package org.backprop4j.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.backprop4j.autodiff.GradientCheck;
import org.backprop4j.autodiff.Value;
import org.backprop4j.nn.Activation;
import org.backprop4j.nn.Identity;
import org.backprop4j.nn.Sigmoid;
import org.backprop4j.nn.Softmax;
import org.backprop4j.nn.Tanh;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each cost, through each output activation it is meant for: the double-precision graph against
 * finite differences (≤ 1e-6), then the float32 δᴸ = ∂C/∂zᴸ of a mini-batch against that graph.
 */
class CostGradientTest {
    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (Activation a : new Activation[] {Sigmoid.INSTANCE, Softmax.INSTANCE, Identity.INSTANCE, Tanh.INSTANCE}) {
            out.add(Arguments.of(Quadratic.INSTANCE, a));
        }
        out.add(Arguments.of(CrossEntropy.INSTANCE, Sigmoid.INSTANCE));
        out.add(Arguments.of(CrossEntropy.INSTANCE, Softmax.INSTANCE));
        out.add(Arguments.of(NegativeLogLikelihood.INSTANCE, Softmax.INSTANCE));
        out.add(Arguments.of(NegativeLogLikelihood.INSTANCE, Sigmoid.INSTANCE));
        return out.stream();
    }

    private static final int M = 4;
    private static final int K = 5;

    /** The mean cost of the batch as a graph over the pre-activations z (M × K, row-major). */
    private static Value meanCost(Cost cost, Activation out, Value[] z, double[] y) {
        Value[] perExample = new Value[M];
        for (int r = 0; r < M; r++) {
            Value[] zr = new Value[K];
            double[] yr = new double[K];
            System.arraycopy(z, r * K, zr, 0, K);
            System.arraycopy(y, r * K, yr, 0, K);
            perExample[r] = cost.apply(out.apply(zr), yr);
        }
        return Value.sum(perExample).mul(1.0 / M);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("pairs")
    void gradientMatchesFiniteDifferencesAndFloatKernel(Cost cost, Activation out) {
        Rng rng = new Rng(cost.name().hashCode() * 31L + out.name().hashCode());
        double[] z = new double[M * K];
        for (int i = 0; i < z.length; i++) z[i] = rng.nextGaussian() * 1.5;
        double[] y = new double[M * K];
        for (int r = 0; r < M; r++) y[r * K + rng.nextInt(K)] = 1;

        GradientCheck.Result r = GradientCheck.check(v -> meanCost(cost, out, v, y), z, 1e-5);
        assertTrue(r.maxRelativeError() <= 1e-6, cost.name() + "/" + out.name() + ": " + r);

        float[] zf = new float[z.length];
        float[] yf = new float[y.length];
        for (int i = 0; i < z.length; i++) {
            zf[i] = (float) z[i];
            yf[i] = (float) y[i];
        }
        float[] a = new float[z.length];
        out.forward(zf, a, M, K);
        float[] delta = new float[z.length];
        cost.outputDelta(out, zf, a, yf, delta, M, K);
        double scale = 0;
        for (double g : r.analytic()) scale = Math.max(scale, Math.abs(g));
        for (int i = 0; i < z.length; i++) {
            assertEquals(r.analytic()[i], delta[i], 1e-5 * scale + 1e-5 * Math.abs(r.analytic()[i]), "δ at " + i);
        }
        double value = meanCost(cost, out, Value.of(z), y).data();
        assertEquals(value, cost.value(out, zf, a, yf, M, K), 1e-5 * Math.max(1, Math.abs(value)), "cost value");
    }

    @Test
    void crossEntropyStaysFiniteWhenSigmoidSaturates() {
        float[] z = {40f, -40f};
        float[] a = new float[2];
        Sigmoid.INSTANCE.forward(z, a, 1, 2);
        assertEquals(1f, a[0], "σ(40) rounds to 1 in float");
        float[] y = {0f, 1f}; // both maximally wrong
        double c = CrossEntropy.INSTANCE.value(Sigmoid.INSTANCE, z, a, y, 1, 2);
        assertEquals(80, c, 1e-6, "−ln(1 − σ(40)) − ln σ(−40) = 40 + 40");
    }

    @Test
    void negativeLogLikelihoodStaysFiniteForConfidentMistakes() {
        float[] z = {200f, -200f};
        float[] a = new float[2];
        Softmax.INSTANCE.forward(z, a, 1, 2);
        double c = NegativeLogLikelihood.INSTANCE.value(Softmax.INSTANCE, z, a, new float[] {0f, 1f}, 1, 2);
        assertEquals(400, c, 1e-3);
    }
}

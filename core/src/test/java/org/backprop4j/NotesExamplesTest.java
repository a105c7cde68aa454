package org.backprop4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.backprop4j.autodiff.GradientCheck;
import org.backprop4j.autodiff.Value;
import org.backprop4j.loss.NegativeLogLikelihood;
import org.backprop4j.nn.Perceptron;
import org.backprop4j.nn.Sigmoid;
import org.backprop4j.nn.Softmax;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of the lecture notes (shared/seeds), with their numbers. Where the notes round
 * (df/dx ≈ .20, df/dh ≈ −.53) the test checks the rounded figure and the exact closed form.
 */
class NotesExamplesTest {

    /** Notes 000: should I go to the Oilers game? w = (price, availability, interest) = (1, 6, 3). */
    @Test
    void decisionPerceptronTable() {
        double[][] inputs = {{1, 1, 1}, {1, 0, 0}, {1, 1, 0}, {1, 0, 1}, {0, 1, 1}, {0, 0, 0}, {0, 0, 1}, {0, 1, 0}};
        double[] weightedSums = {10, 1, 7, 4, 9, 0, 3, 6};
        int[] goAtNine = {1, 0, 0, 0, 1, 0, 0, 0};  // only when available and interested
        int[] goAtSeven = {1, 0, 1, 0, 1, 0, 0, 0}; // also when cheap and available
        double[] w = {1, 6, 3};
        Perceptron t9 = new Perceptron(w, 9);
        Perceptron t7 = new Perceptron(w, 7);
        for (int i = 0; i < inputs.length; i++) {
            assertEquals(weightedSums[i], t9.weightedSum(inputs[i]), 0, "w·x for row " + i);
            assertEquals(goAtNine[i], t9.decide(inputs[i]), "t = 9, row " + i);
            assertEquals(goAtSeven[i], t7.decide(inputs[i]), "t = 7, row " + i);
            // the bias form σ_step(w·x + b), b = −t, decides the same
            assertEquals(t9.decide(inputs[i]), t9.decideWithBias(inputs[i]));
            assertEquals(t7.decide(inputs[i]), t7.decideWithBias(inputs[i]));
        }
        assertEquals(-9, t9.bias(), 0);
    }

    /** Notes 004: f(h(g(m(x)))) with m = −z, g = exp, h = z + 1, f = 1/z, at x = 1. */
    @Test
    void chainRuleThroughFourFunctions() {
        Value x = Value.of(1);
        Value m = x.neg();
        Value g = m.exp();
        Value h = g.add(1);
        Value f = Value.of(1).div(h);
        f.backward();
        assertEquals(1.3679, h.data(), 1e-4);               // the notes' 1.37
        assertEquals(-0.53, h.grad(), 0.005);               // df/dh = −1/1.37² ≈ −.53
        assertEquals(-0.53, g.grad(), 0.005);               // df/dg = df/dh · 1
        assertEquals(-0.20, m.grad(), 0.005);               // df/dm = −1/1.37² · e^(−1) ≈ −.20
        assertEquals(0.19661193324148188, x.grad(), 1e-15); // df/dx = .20: the value 0.19661…
        // f(h(g(m(x)))) = 1/(1 + e^(−x)) is the sigmoid, so df/dx = σ(1)(1 − σ(1))
        assertEquals(Sigmoid.INSTANCE.derivative(1), x.grad(), 1e-15);
        assertEquals(Sigmoid.INSTANCE.value(1), f.data(), 1e-15);
        // and at the notes' second data point x = 1.1, against finite differences
        GradientCheck.Result r = GradientCheck.check(v -> Value.of(1).div(v[0].neg().exp().add(1)), new double[] {1.1}, 1e-5);
        assertEquals(0, r.maxRelativeError(), 1e-9, r.toString());
    }

    /** Notes 004: one sigmoid neuron, W = [−1, 0.5, 10], b = −2, x = [4, −2, 1], y = 1, C = (ỹ − y)². */
    @Test
    void singleSigmoidNeuron() {
        Value[] w = Value.of(-1, 0.5, 10);
        Value b = Value.of(-2);
        Value[] x = Value.of(4, -2, 1);
        Value z = Value.dot(w, x).add(b);
        Value yHat = z.sigmoid();
        Value cost = yHat.sub(1).pow(2);
        cost.backward();

        assertEquals(3.0, z.data(), 0);
        assertEquals(0.9525741268224334, yHat.data(), 1e-15);
        assertEquals(0.0022492134466546346, cost.data(), 1e-15);
        assertEquals(-0.09485174635513327, yHat.grad(), 1e-15); // C' = 2(ỹ − y)
        double dCdz = -0.004285085069968628;                     // C' · σ(z)(1 − σ(z))
        assertEquals(dCdz, z.grad(), 1e-15);
        assertEquals(dCdz, b.grad(), 1e-15);                     // the + gate passes the gradient on
        double[] dW = {-0.017140340279874513, 0.008570170139937256, -0.004285085069968628}; // x · dC/dz
        double[] dx = {0.004285085069968628, -0.002142542534984314, -0.042850850699686284}; // W · dC/dz
        for (int i = 0; i < 3; i++) {
            assertEquals(dW[i], w[i].grad(), 1e-15, "dC/dw" + i);
            assertEquals(dx[i], x[i].grad(), 1e-15, "dC/dx" + i);
        }
    }

    /** Notes 003 appendix: z = x² + y², x = u² − v², y = u·v; ∂z/∂u sums the two paths. */
    @Test
    void dependencyGraphSumsEveryPath() {
        for (double[] uv : new double[][] {{2, 1}, {-0.5, 3}, {1.25, -0.75}}) {
            Value u = Value.of(uv[0]);
            Value v = Value.of(uv[1]);
            Value x = u.pow(2).sub(v.pow(2));
            Value y = u.mul(v);
            Value z = x.pow(2).add(y.pow(2));
            z.backward();
            double xv = uv[0] * uv[0] - uv[1] * uv[1];
            double yv = uv[0] * uv[1];
            // path 1 (∂z/∂x · ∂x/∂u) + path 2 (∂z/∂y · ∂y/∂u)
            assertEquals(2 * xv * 2 * uv[0] + 2 * yv * uv[1], u.grad(), 1e-12);
            assertEquals(2 * xv * (-2 * uv[1]) + 2 * yv * uv[0], v.grad(), 1e-12);
            // closed form: z = (u² − v²)² + u²v², ∂z/∂u = 4u(u² − v²) + 2uv²
            assertEquals(4 * uv[0] * xv + 2 * uv[0] * uv[1] * uv[1], u.grad(), 1e-12);
        }
        Value u = Value.of(2);
        Value v = Value.of(1);
        u.pow(2).sub(v.pow(2)).pow(2).add(u.mul(v).pow(2)).backward();
        assertEquals(28, u.grad(), 1e-12);
        assertEquals(-4, v.grad(), 1e-12);
    }

    /** Notes 000: backpropagation through softmax and negative log-likelihood gives ∂L/∂f = o − y. */
    @Test
    void softmaxNegativeLogLikelihoodGradientIsOutputMinusTarget() {
        double[] f = {1.5, -0.3, 0.2, 2.7, -1.1};
        double[] y = {0, 0, 0, 1, 0};
        Value[] logits = Value.of(f);
        Value[] o = Softmax.INSTANCE.apply(logits);
        Value loss = NegativeLogLikelihood.INSTANCE.apply(o, y);
        loss.backward();
        double[] oMinusY = new double[f.length];
        double[] grads = new double[f.length];
        for (int j = 0; j < f.length; j++) {
            oMinusY[j] = o[j].data() - y[j];
            grads[j] = logits[j].grad();
        }
        assertArrayEquals(oMinusY, grads, 1e-12);
        assertEquals(-Math.log(o[3].data()), loss.data(), 1e-12);

        // the float kernel computes the same δ for a batch of one
        float[] z = {1.5f, -0.3f, 0.2f, 2.7f, -1.1f};
        float[] a = new float[5];
        Softmax.INSTANCE.forward(z, a, 1, 5);
        float[] yf = {0, 0, 0, 1, 0};
        float[] delta = new float[5];
        NegativeLogLikelihood.INSTANCE.outputDelta(Softmax.INSTANCE, z, a, yf, delta, 1, 5);
        for (int j = 0; j < 5; j++) assertEquals(oMinusY[j], delta[j], 1e-6);
    }

    /** Notes 004: σ'(z) = σ(z)(1 − σ(z)). */
    @Test
    void sigmoidDerivativeIsSigmaTimesOneMinusSigma() {
        for (double z = -8; z <= 8; z += 0.5) {
            double s = Sigmoid.INSTANCE.value(z);
            assertEquals(s * (1 - s), Sigmoid.INSTANCE.derivative(z), 1e-15);
            double h = 1e-5;
            double numeric = (Sigmoid.INSTANCE.value(z + h) - Sigmoid.INSTANCE.value(z - h)) / (2 * h);
            assertEquals(s * (1 - s), numeric, 1e-9);
        }
    }
}

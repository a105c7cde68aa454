package org.backprop4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.backprop4j.autodiff.GradientCheck;
import org.backprop4j.autodiff.Value;
import org.backprop4j.nn.Param;
import org.backprop4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** Each optimizer's update against a step computed by hand, and the regularizers against their gradients. */
class OptimizerStepTest {
    static List<Param> params(float... w) {
        return List.of(new Param("w", Matrix.of(1, w.length, w), true));
    }

    @Test
    void sgdStep() {
        List<Param> p = params(1f, -2f);
        new Sgd(0.1f).step(p, new float[][] {{0.5f, 0.25f}});
        assertArrayEquals(new float[] {0.95f, -2.025f}, p.get(0).value().data(), 1e-7f);
    }

    @Test
    void momentumTwoSteps() {
        // v1 = g1 = (0.5, 0.25); w1 = w0 − 0.1·v1 = (0.95, −2.025)
        // v2 = 0.9·v1 + g2 = (0.45 − 1, 0.225 + 2) = (−0.55, 2.225); w2 = w1 − 0.1·v2 = (1.005, −2.2475)
        List<Param> p = params(1f, -2f);
        Momentum m = new Momentum(0.1f, 0.9f, false);
        m.step(p, new float[][] {{0.5f, 0.25f}});
        m.step(p, new float[][] {{-1f, 2f}});
        assertArrayEquals(new float[] {1.005f, -2.2475f}, p.get(0).value().data(), 1e-6f);
    }

    @Test
    void nesterovTwoSteps() {
        // step 1: v = g1; w = w0 − η(g1 + μv) = 1 − 0.1(0.5 + 0.45) = 0.905, −2 − 0.1(0.25 + 0.225) = −2.0475
        // step 2: v = 0.9·g1 + g2 = (−0.55, 2.225); w −= 0.1(g2 + 0.9v) = 0.905 − 0.1(−1 − 0.495) = 1.0545,
        //         −2.0475 − 0.1(2 + 2.0025) = −2.44775
        List<Param> p = params(1f, -2f);
        Momentum m = new Momentum(0.1f, 0.9f, true);
        m.step(p, new float[][] {{0.5f, 0.25f}});
        m.step(p, new float[][] {{-1f, 2f}});
        assertArrayEquals(new float[] {1.0545f, -2.44775f}, p.get(0).value().data(), 1e-6f);
    }

    @Test
    void adamTwoStepsAgainstTheFormulaInDouble() {
        double eta = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        double[] w = {1, -2, 0.5};
        double[][] g = {{0.5, 0.25, -3}, {-1, 2, 0.001}};
        double[] m = new double[3];
        double[] v = new double[3];
        List<Param> p = params(1f, -2f, 0.5f);
        Adam adam = new Adam((float) eta, (float) b1, (float) b2, (float) eps);
        for (int t = 1; t <= 2; t++) {
            for (int i = 0; i < 3; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[t - 1][i];
                v[i] = b2 * v[i] + (1 - b2) * g[t - 1][i] * g[t - 1][i];
                double mh = m[i] / (1 - Math.pow(b1, t));
                double vh = v[i] / (1 - Math.pow(b2, t));
                w[i] -= eta * mh / (Math.sqrt(vh) + eps);
            }
            float[] gf = new float[3];
            for (int i = 0; i < 3; i++) gf[i] = (float) g[t - 1][i];
            adam.step(p, new float[][] {gf});
        }
        // the first step moves every weight by η·sign(g): Adam's step size does not depend on the scale of g
        for (int i = 0; i < 3; i++) assertEquals(w[i], p.get(0).value().data()[i], 1e-6, "w" + i);
        assertEquals(2, adam.steps());
    }

    @Test
    void stateRoundTripContinuesIdentically() {
        for (Optimizer o : new Optimizer[] {new Momentum(0.1f, 0.9f, false), new Adam(0.01f, 0.9f, 0.999f, 1e-8f)}) {
            List<Param> a = params(1f, -2f);
            o.step(a, new float[][] {{0.5f, 0.25f}});
            Optimizer copy = o instanceof Adam ? new Adam(0.01f, 0.9f, 0.999f, 1e-8f) : new Momentum(0.1f, 0.9f, false);
            copy.restore(o.state());
            List<Param> b = params(a.get(0).value().data().clone());
            o.step(a, new float[][] {{-1f, 2f}});
            copy.step(b, new float[][] {{-1f, 2f}});
            assertArrayEquals(a.get(0).value().data(), b.get(0).value().data(), o.name());
        }
    }

    @Test
    void l2AndL1GradientsMatchFiniteDifferencesAndSpareBiases() {
        double lambda = 5.0;
        double l1 = 0.3;
        int n = 7;
        double[] w = {0.8, -1.3, 0.05, 2.2, -0.4};
        // the penalty as a graph: λ/2n Σw² + λ₁/n Σ|w|, |w| = relu(w) + relu(−w)
        GradientCheck.Result r = GradientCheck.check(v -> {
            Value[] terms = new Value[v.length];
            for (int i = 0; i < v.length; i++) {
                terms[i] = v[i].pow(2).mul(lambda / (2 * n)).add(v[i].relu().add(v[i].neg().relu()).mul(l1 / n));
            }
            return Value.sum(terms);
        }, w, 1e-6);
        assertTrue(r.maxRelativeError() <= 1e-6, r.toString());

        float[] wf = new float[w.length];
        for (int i = 0; i < w.length; i++) wf[i] = (float) w[i];
        List<Param> ps = List.of(new Param("l.W", Matrix.of(1, 5, wf), true), new Param("l.b", Matrix.of(1, 2, 3f, -4f), false));
        float[][] grads = {new float[5], new float[2]};
        Regularization reg = new Regularization((float) lambda, (float) l1, n);
        reg.addGradients(ps, grads);
        for (int i = 0; i < 5; i++) assertEquals(r.analytic()[i], grads[0][i], 1e-6, "dPenalty/dw" + i);
        assertArrayEquals(new float[] {0f, 0f}, grads[1], "biases are not regularized");
        double expected = 0;
        for (double x : w) expected += lambda / (2 * n) * x * x + l1 / n * Math.abs(x);
        assertEquals(expected, reg.penalty(ps), 1e-6);
    }

    @Test
    void l2WithSgdIsNielsensWeightDecay() {
        // w ← (1 − ηλ/n)·w − η·g
        float eta = 0.5f, lambda = 5f;
        int n = 50_000;
        List<Param> p = params(1.5f, -0.7f);
        float[][] g = {{0.2f, -0.1f}};
        new Regularization(lambda, 0, n).addGradients(p, g);
        new Sgd(eta).step(p, g);
        assertEquals((1 - eta * lambda / n) * 1.5 - eta * 0.2, p.get(0).value().data()[0], 1e-6);
        assertEquals((1 - eta * lambda / n) * -0.7 + eta * 0.1, p.get(0).value().data()[1], 1e-6);
    }

    @Test
    void schedules() {
        Schedule step = Schedule.step(10, 0.5f);
        assertEquals(0.1f, step.rate(9, 0.1f, 0.1f), 1e-9);
        assertEquals(0.05f, step.rate(10, 0.1f, 0.1f), 1e-9);
        assertEquals(0.025f, step.rate(25, 0.1f, 0.1f), 1e-9);
        Schedule cos = Schedule.cosine(10, 0.01f);
        assertEquals(0.1f, cos.rate(0, 0.1f, 0.1f), 1e-7);
        assertEquals(0.055f, cos.rate(5, 0.1f, 0.1f), 1e-7);
        assertEquals(0.01f, cos.rate(10, 0.1f, 0.1f), 1e-7);
        // Nielsen's rule: halve after 2 epochs without improvement, stop at the 3rd halving
        Schedule plateau = Schedule.plateau(2, 3);
        float eta = 1f;
        double[] acc = {0.90, 0.91, 0.91, 0.905, 0.92, 0.92, 0.92, 0.92, 0.92, 0.92};
        // epochs 3-4 and 6-7 do not improve on the best (two in a row: halve); 8-9 are the third time: stop
        float[] expected = {1, 1, 1, 0.5f, 0.5f, 0.5f, 0.25f, 0.25f, Float.NaN};
        for (int e = 0; e < acc.length; e++) {
            eta = plateau.afterEpoch(acc[e], eta);
            assertEquals(expected[e], eta, 0, "after epoch " + (e + 1));
            if (Float.isNaN(eta)) break;
        }
        assertEquals(3, plateau.halvings());
    }
}

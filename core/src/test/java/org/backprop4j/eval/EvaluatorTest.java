package org.backprop4j.eval;

import org.backprop4j.nn.Dense;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.backprop4j.data.Dataset;
import org.backprop4j.loss.NegativeLogLikelihood;
import org.backprop4j.nn.Init;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Softmax;
import org.backprop4j.nn.Workspace;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * On mostly-zero inputs the evaluator runs an input-major copy of the network: it must classify as the
 * network itself does, and follow the network's weights from one call to the next.
 */
class EvaluatorTest {

    @Test
    void sparseInputsAreClassifiedAsByTheNetworkItself() {
        Dataset d = sparse(120, 6, 1234);
        assertTrue(d.zeroFraction() >= 0.5);
        Network net = Network.of(new int[] {120, 70, 6}, ReLU.INSTANCE, Softmax.INSTANCE, Init.HE, new Rng(8));
        assertTrue(((Dense) net.layers().get(0)).skipsZerosOf(d.zeroFraction()), "the case must take the input-major copy");
        Evaluator evaluator = new Evaluator(net);
        for (int round = 0; round < 2; round++) {
            Evaluation e = evaluator.evaluate(d, NegativeLogLikelihood.INSTANCE);
            assertTrue(evaluator.lastCallSkippedZeros(), "the input-major copy ran");
            Workspace ws = net.inferenceWorkspace(d.size());
            float[] x = new float[d.size() * d.features()];
            d.copyRows(0, d.size(), x);
            float[] out = net.forward(ws, x, d.size());
            for (int i = 0; i < d.size(); i++) assertEquals(Matrix.argmaxRow(out, i, 6), e.guess(i), "example " + i + ", round " + round);
            assertFalse(((Dense) net.layers().get(0)).inputMajor(), "the network itself is untouched");
            // every parameter moves between calls: the next call must see them all (the copy is refreshed)
            for (var p : net.params()) {
                float[] w = p.value().values();
                for (int i = 0; i < w.length; i += 3) w[i] = -w[i] + 0.01f;
                p.value().setValues(w, 0);
            }
        }
    }

    @Test
    void denseInputsUseTheNetworkAsItIs() {
        Dataset d = sparse(120, 6, 99);
        float[] x = new float[d.size() * d.features()];
        d.copyRows(0, d.size(), x);
        for (int i = 0; i < x.length; i++) x[i] += 0.25f;
        Dataset dense = d.withFeatures(x, "dense");
        assertTrue(dense.zeroFraction() < 0.5);
        Network net = Network.of(new int[] {120, 70, 6}, ReLU.INSTANCE, Softmax.INSTANCE, Init.HE, new Rng(8));
        Evaluator evaluator = new Evaluator(net);
        Evaluation e = evaluator.evaluate(dense, null);
        assertFalse(evaluator.lastCallSkippedZeros());
        float[] out = net.forward(net.inferenceWorkspace(dense.size()), x, dense.size());
        for (int i = 0; i < dense.size(); i++) assertEquals(Matrix.argmaxRow(out, i, 6), e.guess(i));
    }

    /** 600 examples (more than one batch of 500) of mostly-zero features with a class-dependent band. */
    static Dataset sparse(int features, int classes, long seed) {
        Rng rng = new Rng(seed);
        int n = 600;
        float[] x = new float[n * features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
            for (int j = 0; j < features; j++) {
                if ((j % classes == y[i] && rng.nextDouble() < 0.5) || rng.nextDouble() < 0.1) x[i * features + j] = (float) rng.nextDouble();
            }
        }
        return new Dataset("sparse", x, y, features, classes, 0, 0);
    }
}

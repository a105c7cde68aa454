package org.backprop4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.backprop4j.optim.Sgd;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;

/** One-example serving: the same outputs as the batched feedforward and as a plain double-precision one. */
class PredictorTest {
    static final int[] SIZES = {784, 100, 10};
    static final int M = 13;

    @Test
    void predictionsMatchTheBatchedFeedforwardAndADoublePrecisionOracle() {
        Rng rng = new Rng(3);
        Network net = Network.mlp(SIZES, ReLU.INSTANCE, Softmax.INSTANCE, Init.HE, rng, 0.5f); // serving never drops
        for (Param p : net.params()) if (!p.weight()) p.value().fillGaussian(rng, 0, 0.1);
        float[] x = new float[M * 784];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble();
        float[] batched = net.forward(net.inferenceWorkspace(M), x, M).clone();

        Predictor predictor = new Predictor(net);
        float[] out = new float[10];
        float[] row = new float[784];
        for (int r = 0; r < M; r++) {
            System.arraycopy(x, r * 784, row, 0, 784);
            int guess = predictor.predict(row, out);
            double[] oracle = feedforward(net, row);
            int oracleGuess = 0;
            double sum = 0;
            for (int j = 0; j < 10; j++) {
                assertEquals(batched[r * 10 + j], out[j], 1e-6, "example " + r + " output " + j + " against the batch");
                assertEquals(oracle[j], out[j], 1e-5, "example " + r + " output " + j + " against the double oracle");
                if (oracle[j] > oracle[oracleGuess]) oracleGuess = j;
                sum += out[j];
            }
            assertEquals(oracleGuess, guess, "example " + r);
            assertEquals(guess, predictor.classify(row));
            assertEquals(1.0, sum, 1e-5, "softmax probabilities");
        }
    }

    /** aˡ = σ(Wˡaˡ⁻¹ + bˡ) in double, one neuron at a time, straight from the weights. */
    private static double[] feedforward(Network net, float[] x) {
        double[] a = new double[x.length];
        for (int i = 0; i < x.length; i++) a[i] = x[i];
        for (Layer layer : net.layers()) {
            if (!(layer instanceof Dense d)) continue; // dropout: nothing at inference
            float[] w = d.weights().value().values();
            float[] b = d.bias().value().values();
            double[] z = new double[d.outputSize()];
            for (int j = 0; j < z.length; j++) {
                double s = b[j];
                for (int k = 0; k < a.length; k++) s += (double) w[j * a.length + k] * a[k];
                z[j] = s;
            }
            if (d.activation() instanceof Softmax) {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (double v : z) max = Math.max(max, v);
                for (int j = 0; j < z.length; j++) sum += (z[j] = Math.exp(z[j] - max));
                for (int j = 0; j < z.length; j++) z[j] /= sum;
            } else {
                for (int j = 0; j < z.length; j++) z[j] = Math.max(0, z[j]);
            }
            a = z;
        }
        return a;
    }

    @Test
    void wrongSizesAndTrainingOnAnInferenceWorkspaceAreRefused() {
        Network net = Network.of(new int[] {4, 3, 2}, Sigmoid.INSTANCE, Sigmoid.INSTANCE, Init.NORMAL, new Rng(1));
        Predictor p = new Predictor(net);
        assertThrows(IllegalArgumentException.class, () -> p.predict(new float[5], new float[2]));
        assertThrows(IllegalArgumentException.class, () -> p.predict(new float[4], new float[3]));
        Workspace ws = net.inferenceWorkspace(2);
        net.forward(ws, new float[8], 2);
        assertThrows(IllegalStateException.class, () -> net.backward(ws, new float[8], 2));
        assertThrows(IllegalStateException.class, () -> net.forward(ws, new float[8], 2, new Rng(2)));
        assertThrows(IllegalStateException.class, ws::grads);
        assertThrows(IllegalStateException.class, ws::outputDelta);
        assertThrows(IllegalStateException.class, () -> ws.delta(0));
        // and an optimizer given no gradients says so instead of doing nothing
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1f).step(net.params(), new float[0][]));
    }
}

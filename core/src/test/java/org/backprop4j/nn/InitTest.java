package org.backprop4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The spread of each layer's first draws, against the formula of its scheme. */
class InitTest {
    private static final String LENET = "conv 20 5x5 relu, maxpool 2, conv 40 5x5 relu, maxpool 2, dense 100 relu, dense 10 softmax";

    private static double std(Param p) {
        float[] v = p.value().values();
        double sum = 0, sq = 0;
        for (float x : v) { sum += x; sq += (double) x * x; }
        double mean = sum / v.length;
        return Math.sqrt(sq / v.length - mean * mean);
    }

    private static Param weights(Layer l) { return l.params().get(0); }

    private static Param bias(Layer l) { return l.params().get(1); }

    @Test
    void network3DividesAConvolutionsFanOutByThePoolAreaAndZeroesTheSoftmaxLayer() {
        List<Layer> layers = NetSpec.build(LENET, new Shape(1, 28, 28), Init.NETWORK3, new Rng(3)).layers();
        // network3.py: ConvPoolLayer n_out = 20·5·5/(2·2) = 125 and 40·5·5/4 = 250; FullyConnectedLayer n_out = 100
        assertEquals(Math.sqrt(1.0 / 125), std(weights(layers.get(0))), 0.1 * Math.sqrt(1.0 / 125));   // 500 draws
        assertEquals(Math.sqrt(1.0 / 250), std(weights(layers.get(2))), 0.03 * Math.sqrt(1.0 / 250));  // 20,000 draws
        assertEquals(0.1, std(weights(layers.get(4))), 0.003);                                         // 64,000 draws
        assertEquals(1.0, std(bias(layers.get(4))), 0.2);                                              // 100 draws
        for (float x : layers.get(5).params().get(0).value().values()) assertEquals(0f, x);
        for (float x : bias(layers.get(5)).value().values()) assertEquals(0f, x);
    }

    @Test
    void heUsesTheFanInAndZeroBiases() {
        List<Layer> layers = NetSpec.build(LENET, new Shape(1, 28, 28), Init.HE, new Rng(3)).layers();
        assertEquals(Math.sqrt(2.0 / 500), std(weights(layers.get(2))), 0.03 * Math.sqrt(2.0 / 500));
        assertEquals(Math.sqrt(2.0 / 100), std(weights(layers.get(5))), 0.1 * Math.sqrt(2.0 / 100));
        for (float x : bias(layers.get(2)).value().values()) assertEquals(0f, x);
    }

    @Test
    void aDenseStackDrawsItsLayersInOrderWhateverTheScheme() {
        Rng a = new Rng(5), b = new Rng(5);
        Network net = Network.mlp(new int[] {6, 4, 3}, Activations.byName("relu"), Activations.byName("softmax"), Init.SCALED, a, 0.5f);
        Dense first = new Dense("x", 6, 4, Activations.byName("relu"));
        Init.SCALED.initialize(first, b);
        assertTrue(java.util.Arrays.equals(first.weights().value().values(), ((Dense) net.layers().get(0)).weights().value().values()));
    }
}

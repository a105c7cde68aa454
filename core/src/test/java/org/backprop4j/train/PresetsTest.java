package org.backprop4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.backprop4j.nn.Network;
import org.backprop4j.nn.Shape;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;

/** Nielsen's chapter 6 networks as network3.py builds them, on MNIST's 1 × 28 × 28. */
class PresetsTest {
    static String layers(String preset) {
        Network n = Presets.get(preset).newNetwork(new Shape(1, 28, 28), new Rng(1));
        return n.spec() + " | " + n.layers().get(n.layers().size() - 1).inputShape() + " | " + n.parameterCount();
    }

    @Test
    void chapterSixNetworks() {
        assertEquals("dense 100 sigmoid, dense 10 softmax | 100 | 79510", layers("nielsen-ch6-fc"));
        assertEquals("conv 20 5x5 sigmoid, maxpool 2, dense 100 sigmoid, dense 10 softmax | 100 | 289630", layers("nielsen-ch6-conv"));
        String conv2 = "conv 20 5x5 %s, maxpool 2, conv 40 5x5 %s, maxpool 2, dense 100 %s, dense 10 softmax | 100 | 85670";
        assertEquals(String.format(conv2, "sigmoid", "sigmoid", "sigmoid"), layers("nielsen-ch6-conv2"));
        assertEquals(String.format(conv2, "relu", "relu", "relu"), layers("nielsen-ch6-relu"));
        assertEquals("shifts", Presets.get("nielsen-ch6-expanded").expand());
        assertEquals(1.0f, Presets.get("nielsen-ch6-relu").lambda(), "network3's lmbda 0.1 over batches of 10");
        assertEquals("conv 20 5x5 relu, maxpool 2, conv 40 5x5 relu, maxpool 2, dropout 0.5 inference-scaled, dense 1000 relu,"
                + " dropout 0.5 inference-scaled, dense 1000 relu, dropout 0.5 inference-scaled, dense 10 softmax | 1000 | 1672570",
                layers("nielsen-ch6-dropout"));
        for (String p : new String[] {"nielsen-ch6-fc", "nielsen-ch6-conv", "nielsen-ch6-dropout"}) {
            TrainConfig c = Presets.get(p);
            assertEquals(10, c.batchSize(), p);
            assertEquals("sgd", c.optimizer(), p);
            assertEquals(10_000, c.validationFor(60_000), p + ": network3 holds out 10,000 of MNIST's 60,000");
        }
    }

    @Test
    void bestSingleModelTrainsOnAllImagesWithFreshDistortions() {
        // 28 → 26 → 24 → pool 12 → 10 → 8 → pool 4: 64·4·4 = 1024 inputs to the dense layer; parameters
        // 320 + 9248 + 18496 + 36928 (convolutions) + 2·(32 + 32 + 64 + 64 + 256) (batch norm's γ, β)
        // + 262400 + 2570 (dense)
        assertEquals("conv 32 3x3 identity, batchnorm relu, conv 32 3x3 identity, batchnorm relu, maxpool 2,"
                + " conv 64 3x3 identity, batchnorm relu, conv 64 3x3 identity, batchnorm relu, maxpool 2,"
                + " dense 256 identity, batchnorm relu, dropout 0.4, dense 10 softmax | 256 | 330858", layers("mnist-best"));
        TrainConfig c = Presets.get("mnist-best");
        assertEquals(0, c.validation());
        assertEquals("affine", c.distort());
        assertEquals(2, c.shift());
        assertEquals(25f, c.lambda(), "weight decay chosen on validation");
    }
}

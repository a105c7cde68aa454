package org.backprop4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.backprop4j.eval.Baselines;
import org.backprop4j.eval.Evaluation;
import org.backprop4j.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Learning on the real MNIST (fetched by ./backprop4j test before the tests run). A missing dataset
 * fails these tests with the command that fetches it; they are never skipped.
 */
class MnistEndToEndTest {
    static Datasets.Split mnist;

    @BeforeAll
    static void load() {
        mnist = TestData.mnistOrSkip();
        assertEquals(60_000, mnist.train().size());
        assertEquals(10_000, mnist.test().size());
        assertEquals(784, mnist.train().features());
    }

    @Test
    void averageDarknessBaselineMatchesNielsen() {
        // Nielsen ch. 1: 2,225 of 10,000 with class means from his 50,000 training images
        Dataset train = mnist.train().slice(0, 50_000, "train");
        Evaluation e = Baselines.averageDarkness(train, mnist.test(), 10);
        assertEquals(0.2225, e.accuracy(), 0.005, "average darkness " + e.accuracy());
        Evaluation random = Baselines.randomGuess(mnist.test(), 10, 1);
        assertEquals(0.10, random.accuracy(), 0.015, "random guess " + random.accuracy());
    }

    @Test
    void nielsenNetworkLearnsFromTwoThousandImages() {
        // 10 epochs: with N(0,1) weights and the quadratic cost this network starts slowly (about 77% after 5)
        TrainConfig c = Presets.get("nielsen").withLimit(2_000).withEpochs(10);
        Training.Result r = Training.run(c, mnist, (result, net) -> { });
        double acc = r.last().test().accuracy();
        assertTrue(acc > 0.80, "784-30-10 sigmoid on 2,000 images reached only " + acc + " (chance: 0.10)");
        assertTrue(r.last().trainCost() < r.epochs().get(0).trainCost(), "the cost went down");
    }

    @Test
    void reluSoftmaxNetworkLearnsFromTwoThousandImages() {
        TrainConfig c = Presets.get("default").withLimit(2_000).withEpochs(5);
        Training.Result r = Training.run(c, mnist, (result, net) -> { });
        double acc = r.last().test().accuracy();
        assertTrue(acc > 0.85, "the default 784-256-10 on 2,000 images reached only " + acc);
    }
}

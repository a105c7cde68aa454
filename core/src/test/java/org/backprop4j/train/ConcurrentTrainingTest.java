package org.backprop4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Param;
import org.backprop4j.nn.Predictor;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * Two trainings and a predictor at once in one JVM, each on its own {@link ExecutionContext}: each gives
 * the bits it gives alone. The trainings are chosen to use every parallel path: a convolutional network
 * (example groups, split products, the optimizer's split update) and a dense one whose batches take the
 * unit split of the first layer (threads meeting at a barrier).
 */
class ConcurrentTrainingTest {
    static TrainConfig conv() {
        return TrainConfig.builder().net("conv 6 5x5 relu, maxpool 2, batchnorm relu, dense 32 relu, dense 4 softmax").cost("nll")
                .optimizer("momentum").eta(0.02f).batchSize(16).validation(60).epochs(2).seed(5).build();
    }

    static TrainConfig dense() {
        return TrainConfig.builder().layers(784, 100, 4).activation("relu").output("softmax").cost("nll").optimizer("adam").eta(0.002f)
                .batchSize(10).validation(60).epochs(3).seed(6).build();
    }

    static float[][] weights(Network n) {
        List<Param> ps = n.tensors();
        float[][] w = new float[ps.size()][];
        for (int i = 0; i < w.length; i++) w[i] = ps.get(i).value().values();
        return w;
    }

    static float[][] train(TrainConfig c, Datasets.Split data) {
        try (ExecutionContext context = ExecutionContext.create(2)) {
            return weights(Training.run(c, data, (r, net) -> { }, null, context).network());
        }
    }

    static float[] predictAll(Network net, Dataset d) {
        Predictor p = new Predictor(net, ExecutionContext.create(2));
        float[] all = new float[d.size() * net.outputSize()];
        float[] out = new float[net.outputSize()];
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < d.size(); i++) {
                p.predict(d.row(i), out);
                System.arraycopy(out, 0, all, i * out.length, out.length);
            }
        }
        return all;
    }

    @Test
    void twoTrainingsAndAPredictorAtOnceGiveTheirBitsAlone() throws Exception {
        Datasets.Split data = CheckpointTest.data();
        assertEquals(true, UnitSplitEpoch.suits(dense().newNetwork(Training.inputShape(data.train()), new Rng(1)), 10, 2),
                "the dense run takes the unit split");
        Network served = Network.of(new int[] {784, 1200, 4}, org.backprop4j.nn.ReLU.INSTANCE, org.backprop4j.nn.Softmax.INSTANCE,
                org.backprop4j.nn.Init.HE, new Rng(3)); // a million weights: even one row's product is split

        float[][] convAlone = train(conv(), data);
        float[][] denseAlone = train(dense(), data);
        float[] predictedAlone = predictAll(served, data.test());

        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> running = new ArrayList<>();
            running.add(pool.submit(() -> train(conv(), data)));
            running.add(pool.submit(() -> train(dense(), data)));
            running.add(pool.submit(() -> predictAll(served, data.test())));
            float[][] convTogether = (float[][]) running.get(0).get();
            float[][] denseTogether = (float[][]) running.get(1).get();
            float[] predictedTogether = (float[]) running.get(2).get();
            for (int i = 0; i < convAlone.length; i++) assertArrayEquals(convAlone[i], convTogether[i], "conv tensor " + i);
            for (int i = 0; i < denseAlone.length; i++) assertArrayEquals(denseAlone[i], denseTogether[i], "dense tensor " + i);
            assertArrayEquals(predictedAlone, predictedTogether, "predictions");
        } finally {
            pool.shutdownNow();
        }
    }
}

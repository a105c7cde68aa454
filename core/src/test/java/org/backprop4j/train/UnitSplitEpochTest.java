package org.backprop4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.data.Dataset;
import org.backprop4j.loss.Costs;
import org.backprop4j.nn.Activations;
import org.backprop4j.nn.Init;
import org.backprop4j.nn.Network;
import org.backprop4j.optim.Adam;
import org.backprop4j.optim.Momentum;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.OptimizerState;
import org.backprop4j.optim.Regularization;
import org.backprop4j.optim.Sgd;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The unit-split epoch must train the same network, bit for bit, as the one-thread trainer. */
class UnitSplitEpochTest {
    /** The threads the trainers below compute on (set by each test). */
    private static ExecutionContext ctx = ExecutionContext.create();


    @Test
    void splitsOnlyWhereItPays() {
        Network nielsen = net(new int[] {784, 30, 10}, "sigmoid", "sigmoid");
        assertTrue(UnitSplitEpoch.suits(nielsen, 10, 2));
        assertFalse(UnitSplitEpoch.suits(nielsen, 10, 1), "one thread");
        assertFalse(UnitSplitEpoch.suits(nielsen, 64, 2), "the product is big enough for the kernels to split");
        assertFalse(UnitSplitEpoch.suits(nielsen, 10, 5), "30 units make 4 blocks of 8, not 5");
        assertFalse(UnitSplitEpoch.suits(net(new int[] {20, 8, 400, 10}, "relu", "softmax"), 10, 2), "the first layer is not most of the weights");
        Network dropped = TrainConfig.builder().layers(784, 30, 10).activation("sigmoid").output("sigmoid").dropout(0.5f).build()
                .newNetwork(org.backprop4j.nn.Shape.flat(784), new org.backprop4j.tensor.Rng(1));
        assertFalse(UnitSplitEpoch.suits(dropped, 10, 2), "dropout");
    }

    @Test
    void nielsenShapeSameBitsWithSgd() {
        assertSameTraining(new int[] {784, 30, 10}, "sigmoid", "sigmoid", "quadratic", 10, () -> new Sgd(3f), null, 2);
    }

    @Test
    void awkwardShapesAndTailBatchSameBits() {
        // 37 units: blocks of 8 leave 5 over; 13 inputs; a batch of 7 over 150 examples leaves a tail of 3
        assertSameTraining(new int[] {13, 37, 4}, "tanh", "softmax", "nll", 7, () -> new Momentum(0.05f, 0.9f, true), null, 2);
        assertSameTraining(new int[] {207, 17, 3}, "relu", "sigmoid", "cross-entropy", 1, () -> new Sgd(0.1f), null, 2);
    }

    @Test
    void deeperNetworkAdamAndPenaltiesSameBits() {
        assertSameTraining(new int[] {100, 64, 12, 5}, "softplus", "softmax", "nll", 9, () -> new Adam(0.01f, 0.9f, 0.999f, 1e-8f),
                new Regularization(5f, 0.5f, 150), 2);
    }

    @Test
    void threeThreadsSameBits() {
        // three threads share one pool worker set; on a two-core machine they take turns, slowly but correctly
        assertSameTraining(new int[] {60, 40, 6}, "sigmoid", "softmax", "nll", 5, () -> new Momentum(0.1f, 0.5f, false), null, 3);
    }

    @Test
    void divergenceStopsAtTheSameBatchWithTheSameMessageAndOptimizerState() {
        List<Supplier<Optimizer>> optimizers = List.of(() -> new Sgd(1e30f), () -> new Momentum(1e30f, 0.9f, false),
                () -> new Adam(1e30f, 0.9f, 0.999f, 1e-8f));
        Dataset d = DeterminismProbe.data(30, 3);
        for (Supplier<Optimizer> make : optimizers) {
            String[] messages = new String[2];
            OptimizerState[] states = new OptimizerState[2];
            for (int threads = 1; threads <= 2; threads++) {
                ctx = ExecutionContext.create(threads);
                Optimizer opt = make.get();
                Trainer t = new Trainer(net(new int[] {30, 16, 3}, "relu", "softmax"), Costs.byName("nll"), opt, null, 5, new Rng(3), null, ctx);
                messages[threads - 1] = assertThrows(TrainingDivergedException.class, () -> {
                    for (int e = 0; e < 5; e++) t.epoch(d);
                }).getMessage();
                states[threads - 1] = opt.state();
            }
            assertEquals(messages[0], messages[1]);
            assertEquals(states[0].steps(), states[1].steps(), "steps taken");
            assertTrue(java.util.Arrays.deepEquals(states[0].buffers(), states[1].buffers()), "first moments / velocity");
            assertTrue(java.util.Arrays.deepEquals(states[0].buffers2(), states[1].buffers2()), "second moments");
        }
    }

    /** A stop (Ctrl-C) is asked before every batch on both paths, and leaves the same network behind. */
    @Test
    void aStopEndsTheEpochBeforeTheSameBatchWithTheSameWeights() {
        int[] sizes = {784, 30, 10};
        Dataset d = DeterminismProbe.data(sizes[0], sizes[2]);
        Network[] nets = new Network[2];
        for (int threads = 1; threads <= 2; threads++) {
            ctx = ExecutionContext.create(threads);
            Network net = net(sizes, "sigmoid", "sigmoid");
            assertEquals(threads == 2, UnitSplitEpoch.suits(net, 10, threads), "the two-thread case must take the split path");
            Trainer t = new Trainer(net, Costs.byName("quadratic"), new Sgd(3f), null, 10, new Rng(11), null, ctx);
            t.epoch(d);
            int[] asked = {0};
            t.stopWhen(() -> ++asked[0] > 7);
            Trainer.Stats s = t.epoch(d);
            assertEquals(70, s.examples(), threads + " thread(s): examples trained before the stop");
            assertEquals(8, asked[0], threads + " thread(s): asked once per batch");
            nets[threads - 1] = net;
        }
        for (int p = 0; p < nets[0].params().size(); p++) {
            assertArrayEquals(nets[0].params().get(p).value().values(), nets[1].params().get(p).value().values(),
                    nets[0].params().get(p).name() + " differs");
        }
    }

    private static void assertSameTraining(int[] sizes, String hidden, String output, String cost, int batch,
                                           Supplier<Optimizer> optimizer, Regularization reg, int threads) {
        Dataset d = DeterminismProbe.data(sizes[0], sizes[sizes.length - 1]);
        ctx = ExecutionContext.create(1);
        Network serial = net(sizes, hidden, output);
        Trainer.Stats s1 = train(serial, cost, optimizer.get(), reg, batch, d);
        ctx = ExecutionContext.create(threads);
        Network split = net(sizes, hidden, output);
        assertTrue(UnitSplitEpoch.suits(split, batch, threads), "the case must take the split path");
        Trainer.Stats s2 = train(split, cost, optimizer.get(), reg, batch, d);
        for (int p = 0; p < serial.params().size(); p++) {
            assertArrayEquals(serial.params().get(p).value().values(), split.params().get(p).value().values(),
                    serial.params().get(p).name() + " differs");
        }
        assertEquals(s1, s2, "epoch statistics");
    }

    private static Trainer.Stats train(Network net, String cost, Optimizer opt, Regularization reg, int batch, Dataset d) {
        Trainer t = new Trainer(net, Costs.byName(cost), opt, reg, batch, new Rng(11), null, ctx);
        Trainer.Stats last = null;
        for (int e = 0; e < 3; e++) last = t.epoch(d);
        return last;
    }

    private static Network net(int[] sizes, String hidden, String output) {
        return Network.of(sizes, Activations.byName(hidden), Activations.byName(output), Init.XAVIER, new Rng(5));
    }
}

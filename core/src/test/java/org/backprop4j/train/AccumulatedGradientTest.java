package org.backprop4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.function.Supplier;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.data.Dataset;
import org.backprop4j.loss.Costs;
import org.backprop4j.nn.Activations;
import org.backprop4j.nn.Init;
import org.backprop4j.nn.NetSpec;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Shape;
import org.backprop4j.optim.Adam;
import org.backprop4j.optim.Momentum;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.Regularization;
import org.backprop4j.optim.Sgd;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Momentum's v ← μv + ∇W done in the epilogue of ∇W's product (the weights' gradients never stored on
 * their own) trains the very network, and leaves the very velocity, of storing ∇W and then stepping: the
 * same bits, with the first layer held input-major (the sparse kernel) or not, on one and two threads
 * (where the products are split), over a short last batch. Optimizers without an accumulator, and weight
 * penalties, keep the usual step.
 */
class AccumulatedGradientTest {
    /** The threads the trainers below compute on (set by each test). */
    private static ExecutionContext ctx = ExecutionContext.create();


    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2})
    void momentumGivesTheBitsOfStoringTheGradient(int threads) {
        ctx = ExecutionContext.create(threads);
        Dataset d = InputMajorEpochTest.sparseData(784, 10); // 150 examples: batches of 64, 64 and 22
        for (boolean sparse : new boolean[] {true, false}) {
            Momentum[] opts = new Momentum[2];
            Network[] nets = new Network[2];
            for (int path = 0; path < 2; path++) {
                opts[path] = new Momentum(0.05f, 0.9f, false);
                nets[path] = net();
                Trainer t = new Trainer(nets[path], Costs.byName("nll"), opts[path], null, 64, new Rng(11), null, ctx);
                t.setSkipZeroInputs(sparse);
                t.setAccumulateGradients(path == 1);
                for (int e = 0; e < 2; e++) {
                    t.epoch(d);
                    assertEquals(sparse, t.lastEpochInputMajor());
                    assertEquals(path == 1, t.lastStepAccumulated(), "path " + path);
                }
            }
            assertSameBits(nets, sparse + ", " + threads + " threads");
            float[][] v0 = opts[0].state().buffers();
            float[][] v1 = opts[1].state().buffers();
            for (int p = 0; p < v0.length; p++) assertArrayEquals(v0[p], v1[p], "velocity " + p + ", sparse " + sparse);
        }
    }

    /** A convolution's weight gradient, summed over groups, goes into the velocity as fma(v, μ, Σ): the same bits. */
    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2})
    void aConvolutionsGradientGoesIntoTheVelocityWithTheSameBits(int threads) {
        ctx = ExecutionContext.create(threads);
        Dataset d = InputMajorEpochTest.sparseData(784, 10); // 784 values a row: the 1 × 28 × 28 the network takes
        Momentum[] opts = new Momentum[2];
        Network[] nets = new Network[2];
        for (int path = 0; path < 2; path++) {
            opts[path] = new Momentum(0.05f, 0.9f, false);
            nets[path] = NetSpec.build("conv 4 5x5 relu, maxpool 2, conv 6 3x3 relu, dense 10 softmax", new Shape(1, 28, 28), Init.HE, new Rng(5));
            Trainer t = new Trainer(nets[path], Costs.byName("nll"), opts[path], null, 64, new Rng(11), null, ctx);
            t.setAccumulateGradients(path == 1);
            t.epoch(d);
            assertEquals(path == 1, t.lastStepAccumulated(), "path " + path);
        }
        assertSameBits(nets, "conv, " + threads + " threads");
        float[][] v0 = opts[0].state().buffers();
        float[][] v1 = opts[1].state().buffers();
        for (int p = 0; p < v0.length; p++) assertArrayEquals(v0[p], v1[p], "velocity " + p);
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2})
    void othersKeepTheUsualStep(int threads) {
        ctx = ExecutionContext.create(threads);
        Dataset d = InputMajorEpochTest.sparseData(784, 10);
        Regularization l2 = new Regularization(2f, 0f, d.size());
        record Case(Supplier<Optimizer> make, Regularization reg) {}
        for (Case c : new Case[] {new Case(() -> new Momentum(0.05f, 0.9f, true), null), new Case(() -> new Sgd(0.1f), null),
                new Case(() -> new Adam(0.002f, 0.9f, 0.999f, 1e-8f), null), new Case(() -> new Momentum(0.05f, 0.9f, false), l2)}) {
            Network[] nets = new Network[2];
            for (int path = 0; path < 2; path++) {
                nets[path] = net();
                Trainer t = new Trainer(nets[path], Costs.byName("nll"), c.make().get(), c.reg(), 64, new Rng(11), null, ctx);
                t.setAccumulateGradients(path == 1);
                t.epoch(d);
                assertFalse(t.lastStepAccumulated());
            }
            assertSameBits(nets, threads + " threads");
        }
    }

    private static void assertSameBits(Network[] nets, String what) {
        for (int p = 0; p < nets[0].params().size(); p++) {
            assertArrayEquals(nets[0].params().get(p).value().values(), nets[1].params().get(p).value().values(),
                    nets[0].params().get(p).name() + ", " + what);
        }
    }

    /** 784-128-160-10: the first layer's ∇V and the second's ∇W are large enough to be split over two threads. */
    private static Network net() {
        return Network.of(new int[] {784, 128, 160, 10}, Activations.byName("relu"), Activations.byName("softmax"), Init.HE, new Rng(5));
    }
}

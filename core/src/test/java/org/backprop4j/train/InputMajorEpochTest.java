package org.backprop4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.backprop4j.optim.Regularization;
import org.backprop4j.optim.Sgd;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * Epochs that hold the first layer input-major on sparse inputs train the same network as the usual
 * path, up to the order of the sums; the same bits for any number of threads; and leave the layer and
 * the optimizer's state as they found them, even when training diverges.
 */
class InputMajorEpochTest {
    /** The threads the trainers below compute on (set by each test). */
    private static ExecutionContext ctx = ExecutionContext.create();


    /** One thread unless a test says otherwise: on two, these small batches take the unit split instead. */
    @org.junit.jupiter.api.BeforeEach
    void oneThread() { ctx = ExecutionContext.create(1); }

    /** The networks here have a wide second layer: with most weights above the first, the unit split never takes them. */
    @Test
    void takenOnlyForSparseInputsAndWideLayers() {
        Dataset sparse = sparseData(100, 5);
        assertTrue(sparse.zeroFraction() > 0.7, "the probe data is mostly zeros: " + sparse.zeroFraction());
        assertTrue(epochTaken(new int[] {100, 64, 150, 5}, sparse), "sparse inputs, 64 units");
        assertFalse(epochTaken(new int[] {100, 63, 150, 5}, sparse), "too narrow for the kernel's tiles");
        Dataset dense = DeterminismProbe.data(100, 5);
        assertTrue(dense.zeroFraction() < 0.01);
        assertFalse(epochTaken(new int[] {100, 64, 150, 5}, dense), "dense inputs");
    }

    @Test
    void trainsTheSameNetworkAsTheUsualPath() {
        // three epochs of momentum: a velocity left transposed after the first would scramble the next two
        for (Supplier<Optimizer> make : java.util.List.<Supplier<Optimizer>>of(() -> new Momentum(0.05f, 0.9f, false),
                () -> new Adam(0.002f, 0.9f, 0.999f, 1e-8f))) {
            Dataset d = sparseData(120, 6);
            Network usual = net(new int[] {120, 70, 200, 6});
            Network held = net(new int[] {120, 70, 200, 6});
            Regularization l2 = new Regularization(2f, 0f, d.size());
            Trainer.Stats s1 = train(usual, make.get(), l2, d, false);
            Trainer.Stats s2 = train(held, make.get(), l2, d, true);
            for (int p = 0; p < usual.params().size(); p++) {
                float[] a = usual.params().get(p).value().values();
                float[] b = held.params().get(p).value().values();
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[i], b[i], 2e-4 * (1 + Math.abs(a[i])), usual.params().get(p).name() + "[" + i + "]");
                }
            }
            assertEquals(s1.cost(), s2.cost(), 1e-4 * s1.cost());
            assertEquals(s1.accuracy(), s2.accuracy(), 0.02);
            assertFalse(held.denseLayers().get(0).inputMajor(), "put back after the epoch");
        }
    }

    @Test
    void sameBitsOnOneTwoAndThreeThreads() {
        Dataset d = sparseData(784, 10);
        float[][] first = null;
        for (int threads = 1; threads <= 3; threads++) {
            ctx = ExecutionContext.create(threads);
            Network n = net(new int[] {784, 100, 10});
            train(n, new Momentum(0.1f, 0.9f, false), null, d, true);
            float[][] w = new float[n.params().size()][];
            for (int p = 0; p < w.length; p++) w[p] = n.params().get(p).value().values();
            if (first == null) first = w;
            else for (int p = 0; p < w.length; p++) assertArrayEquals(first[p], w[p], threads + " threads, " + n.params().get(p).name());
        }
    }

    /**
     * Batches small enough for the unit split (nielsen-ch3's 10 × 784 · 784 × 100) keep the layout of the
     * notes on every thread count: otherwise one thread would sum in another order than two.
     */
    @Test
    void sameBitsWhereTheUnitSplitMayTakeTheEpoch() {
        Dataset d = sparseData(784, 10);
        float[][] first = null;
        for (int threads = 1; threads <= 2; threads++) {
            ctx = ExecutionContext.create(threads);
            Network n = net(new int[] {784, 100, 10});
            assertTrue(UnitSplitEpoch.suits(n, 10, 2));
            Trainer t = new Trainer(n, Costs.byName("nll"), new Sgd(0.5f), null, 10, new Rng(4), null, ctx);
            for (int e = 0; e < 2; e++) {
                t.epoch(d);
                assertFalse(t.lastEpochInputMajor(), threads + " threads");
            }
            float[][] w = new float[n.params().size()][];
            for (int p = 0; p < w.length; p++) w[p] = n.params().get(p).value().values();
            if (first == null) first = w;
            else for (int p = 0; p < w.length; p++) assertArrayEquals(first[p], w[p], n.params().get(p).name());
        }
    }

    @Test
    void aLayerAlreadyInputMajorIsRefused() {
        Network n = net(new int[] {100, 64, 5});
        n.denseLayers().get(0).setInputMajor(true);
        Trainer t = new Trainer(n, Costs.byName("nll"), new Sgd(0.1f), null, 16, new Rng(2), null, ctx);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.epoch(sparseData(100, 5)));
        assertTrue(e.getMessage().contains("input-major"), e.getMessage());
    }

    @Test
    void divergenceLeavesTheLayerAndTheVelocityAsInTheNotes() {
        Dataset d = sparseData(100, 5);
        String[] messages = new String[2];
        float[][] weights = new float[2][];
        float[][] velocity = new float[2][];
        for (int path = 0; path < 2; path++) {
            Network n = net(new int[] {100, 64, 150, 5});
            Momentum opt = new Momentum(1e20f, 0.9f, false);
            Trainer t = new Trainer(n, Costs.byName("nll"), opt, null, 16, new Rng(3), null, ctx);
            t.setSkipZeroInputs(path == 1);
            messages[path] = assertThrows(TrainingDivergedException.class, () -> {
                for (int e = 0; e < 5; e++) t.epoch(d);
            }).getMessage();
            assertEquals(path == 1, t.lastEpochInputMajor());
            assertFalse(n.denseLayers().get(0).inputMajor());
            weights[path] = n.params().get(0).value().values();
            velocity[path] = opt.state().buffers()[0];
        }
        assertEquals(messages[0], messages[1]);
        for (int i = 0; i < weights[0].length; i++) {
            assertEquals(weights[0][i], weights[1][i], 1e-2 * Math.abs(weights[0][i]) + 1e-3, "W[" + i + "]");
            assertEquals(velocity[0][i], velocity[1][i], 1e-2 * Math.abs(velocity[0][i]) + 1e-6, "velocity[" + i + "]");
        }
    }

    private static boolean epochTaken(int[] sizes, Dataset d) {
        Trainer t = new Trainer(net(sizes), Costs.byName("nll"), new Sgd(0.1f), null, 16, new Rng(2), null, ctx);
        t.epoch(d);
        assertFalse(t.network().denseLayers().get(0).inputMajor());
        return t.lastEpochInputMajor();
    }

    private static Trainer.Stats train(Network net, Optimizer opt, Regularization reg, Dataset d, boolean skipZeros) {
        Trainer t = new Trainer(net, Costs.byName("nll"), opt, reg, 16, new Rng(11), null, ctx);
        t.setSkipZeroInputs(skipZeros);
        Trainer.Stats last = null;
        for (int e = 0; e < 3; e++) {
            last = t.epoch(d);
            assertEquals(skipZeros, t.lastEpochInputMajor());
        }
        return last;
    }

    /** 150 examples whose features are 0 but for a few bright ones, a band that depends on the class. */
    static Dataset sparseData(int features, int classes) {
        Rng rng = new Rng(features * 7L + classes);
        int n = 150;
        float[] x = new float[n * features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
            for (int j = 0; j < features; j++) {
                boolean band = j % classes == y[i] && rng.nextDouble() < 0.5;
                if (band || rng.nextDouble() < 0.08) x[i * features + j] = (float) rng.nextDouble();
            }
        }
        return new Dataset("sparse-probe", x, y, features, classes, 0, 0);
    }

    private static Network net(int[] sizes) {
        return Network.of(sizes, Activations.byName("relu"), Activations.byName("softmax"), Init.HE, new Rng(5));
    }
}

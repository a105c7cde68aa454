package org.backprop4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Param;
import org.backprop4j.optim.OptimizerState;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints hold everything needed to continue a run, so that resuming changes nothing. */
class CheckpointTest {
    @TempDir
    Path dir;

    static Datasets.Split data() {
        Rng rng = new Rng(11);
        int n = 400;
        float[] x = new float[n * 784];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 4;
            int s = 5 + 3 * y[i];
            int r0 = 3 + rng.nextInt(20 - s + 3);
            int c0 = 3 + rng.nextInt(20 - s + 3);
            for (int r = r0; r < r0 + s; r++) for (int c = c0; c < c0 + s; c++) x[i * 784 + r * 28 + c] = (float) (0.5 + 0.5 * rng.nextDouble());
        }
        Dataset all = new Dataset("squares", x, y, 784, 4, 28, 28);
        return new Datasets.Split(all.slice(0, 300, "squares-train"), all.slice(300, 400, "squares-test"));
    }

    /** Everything at once: Adam, dropout, L2, the plateau schedule and elastic distortions. */
    static TrainConfig config(int epochs) {
        return TrainConfig.builder().layers(784, 24, 4).activation("relu").output("softmax").cost("nll").optimizer("adam")
                .eta(0.003f).dropout(0.25f).lambda(0.5f).plateau(1, 5).batchSize(16).validation(60).distort("elastic")
                .epochs(epochs).seed(21).build();
    }

    /**
     * A convolutional network with every kind of layer, batch normalization's running statistics among
     * its state, and momentum (whose velocity a convolution's weight gradient goes into).
     */
    static TrainConfig convConfig(int epochs) {
        return TrainConfig.builder().net("conv 4 5x5 relu, maxpool 2, conv 6 3x3 identity same, batchnorm relu, avgpool 2, dropout 0.25,"
                + " dense 4 softmax").cost("nll").optimizer("momentum").eta(0.02f).lambda(0.5f).batchSize(16).validation(60)
                .distort("affine").epochs(epochs).seed(22).build();
    }

    static Training.Listener quiet() { return (r, net) -> { }; }

    @Test
    void resumingGivesTheSameWeightsAsNotStopping() {
        resumeGivesTheSameWeights(CheckpointTest::config);
    }

    @Test
    void resumingAConvolutionalNetworkGivesTheSameWeightsAsNotStopping() {
        resumeGivesTheSameWeights(CheckpointTest::convConfig);
    }

    private void resumeGivesTheSameWeights(java.util.function.IntFunction<TrainConfig> config) {
        Datasets.Split data = data();
        Training.Result straight = Training.run(config.apply(4), data, quiet());

        Checkpoints cp = new Checkpoints(dir, Map.of("dataset", "squares"));
        Training.run(config.apply(4).toBuilder().epochs(2).build(), data, quiet(), cp);
        // the checkpoint says 2 epochs were done of a 2-epoch run; continue it as the 4-epoch run would
        Checkpoints.Resumed r = Checkpoints.loadLatest(dir, w -> { throw new AssertionError(w); });
        assertEquals(2, r.state().epoch());
        TrainState continued = rebuildWithEpochs(r.state(), 4);
        Training.Result resumed = Training.resume(continued, data, quiet(), cp);

        assertSameWeights(straight.network(), resumed.network());
        assertEquals(straight.state().bestEpoch(), resumed.state().bestEpoch());
        assertArrayEquals(straight.state().history().stream().mapToDouble(EpochMetrics::testAccuracy).toArray(),
                resumed.state().history().stream().mapToDouble(EpochMetrics::testAccuracy).toArray());
        assertEquals(List.of(3, 4), Checkpoints.epochsIn(dir), "only the last two checkpoints are kept");
    }

    /**
     * A stop that lands after an epoch has begun but before its first batch: the epoch has drawn its shuffle
     * and distortions, so the run must be resumed from the snapshot taken at the epoch's start (what Ctrl-C
     * writes), and the state says it stopped inside the epoch though no example was trained.
     */
    @Test
    void aStopBeforeAnEpochsFirstBatchResumesFromThatEpochsStart() {
        Datasets.Split data = data();
        Training.Result straight = Training.run(config(4), data, quiet());

        Checkpoints cp = new Checkpoints(dir, Map.of("dataset", "squares"));
        byte[][] epochStart = new byte[1][];
        Training.Listener stopAtEpoch3 = new Training.Listener() {
            boolean stop;

            @Override
            public void epochStarting(TrainState state) {
                epochStart[0] = cp.snapshot(state);
                stop = state.epoch() == 2;
            }

            @Override
            public boolean stopRequested() { return stop; }

            @Override
            public void epochFinished(EpochResult r, Network network) {}
        };
        TrainState stopped = Training.run(config(4), data, stopAtEpoch3).state();
        assertTrue(stopped.interrupted() && stopped.interruptedInEpoch(), "stopped inside epoch 3");
        assertEquals(0, stopped.interruptedAt());
        assertEquals(2, stopped.epoch());

        cp.write(2, epochStart[0]);
        Checkpoints.Resumed r = Checkpoints.loadLatest(dir, w -> { throw new AssertionError(w); });
        assertSameWeights(straight.network(), Training.resume(r.state(), data, quiet(), cp).network());
    }

    /** The same state with another epoch budget (what --resume of a longer run amounts to). */
    static TrainState rebuildWithEpochs(TrainState s, int epochs) {
        byte[] bytes = Checkpoints.encode(s, Map.of());
        TrainState copy = Checkpoints.decode(Path.of("mem"), org.backprop4j.io.ModelFile.decode("mem", bytes)).state();
        TrainState t = new TrainState(s.config.toBuilder().epochs(epochs).build(), copy.network, copy.optimizer, copy.schedule,
                copy.shuffleRng, copy.dropoutRng, copy.distortRng);
        t.epoch = copy.epoch;
        t.learningRate = copy.learningRate;
        t.bestEpoch = copy.bestEpoch;
        t.bestValidation = copy.bestValidation;
        t.bestParams = copy.bestParams;
        t.sinceBest = copy.sinceBest;
        t.history.addAll(copy.history);
        return t;
    }

    @Test
    void aCheckpointRoundTripIsExact() {
        Datasets.Split data = data();
        Checkpoints cp = new Checkpoints(dir, Map.of("dataset", "squares"));
        Training.Result run = Training.run(config(2), data, quiet(), cp);
        TrainState a = run.state();
        TrainState b = Checkpoints.loadLatest(dir, w -> { throw new AssertionError(w); }).state();
        assertEquals(a.config, b.config);
        assertEquals(a.epoch, b.epoch);
        assertEquals(a.learningRate, b.learningRate);
        assertEquals(a.bestEpoch, b.bestEpoch);
        assertEquals(a.bestValidation, b.bestValidation);
        assertSameWeights(a.network, b.network);
        for (int i = 0; i < a.bestParams.length; i++) assertArrayEquals(a.bestParams[i], b.bestParams[i]);
        OptimizerState oa = a.optimizer.state();
        OptimizerState ob = b.optimizer.state();
        assertEquals(oa.steps(), ob.steps());
        for (int i = 0; i < oa.buffers().length; i++) {
            assertArrayEquals(oa.buffers()[i], ob.buffers()[i]);
            assertArrayEquals(oa.buffers2()[i], ob.buffers2()[i]);
        }
        assertArrayEquals(a.shuffleRng.state(), b.shuffleRng.state());
        assertArrayEquals(a.dropoutRng.state(), b.dropoutRng.state());
        assertArrayEquals(a.distortRng.state(), b.distortRng.state());
        assertArrayEquals(a.schedule.state(), b.schedule.state());
        assertEquals(a.history, b.history);
    }

    @Test
    void aCorruptNewestCheckpointFallsBackToThePreviousOne() throws Exception {
        Checkpoints cp = new Checkpoints(dir, Map.of());
        Training.run(config(2), data(), quiet(), cp);
        Path newest = cp.file(2);
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, Arrays.copyOf(bytes, bytes.length - 100));
        List<String> warnings = new ArrayList<>();
        Checkpoints.Resumed r = Checkpoints.loadLatest(dir, warnings::add);
        assertEquals(1, r.state().epoch());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("checkpoint-0002.bp4j") && warnings.get(0).contains("previous"), warnings.get(0));
    }

    /** Every tensor, batch normalization's running statistics too. */
    static void assertSameWeights(Network a, Network b) {
        List<Param> pa = a.tensors();
        List<Param> pb = b.tensors();
        assertEquals(pa.size(), pb.size());
        for (int i = 0; i < pa.size(); i++) assertArrayEquals(pa.get(i).value().values(), pb.get(i).value().values(), pa.get(i).name());
    }
}

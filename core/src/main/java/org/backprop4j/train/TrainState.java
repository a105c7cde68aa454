package org.backprop4j.train;

import java.util.ArrayList;
import java.util.List;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Param;
import org.backprop4j.nn.Shape;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.Schedule;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Rng;

/**
 * A training run between two epochs: everything needed to continue it exactly as if it had never
 * stopped. A checkpoint is this state written down ({@link Checkpoints}).
 */
public final class TrainState {
    final TrainConfig config;
    final Network network;
    final Optimizer optimizer;
    final Schedule schedule;
    final Rng shuffleRng;
    final Rng dropoutRng;
    final Rng distortRng;
    /** Epochs completed. */
    int epoch;
    float learningRate;
    /** The epoch with the best validation accuracy so far (0: none yet), its accuracy and tensors ({@link Network#tensors()}). */
    int bestEpoch;
    double bestValidation = Double.NEGATIVE_INFINITY;
    float[][] bestParams;
    /** Epochs since the best one, for early stopping. */
    int sinceBest;
    /** Why training ended early, or null. */
    String stopReason;
    /**
     * When the run was interrupted ({@link Training.Listener#stopRequested}): the examples of the unfinished
     * epoch that were trained (0: it stopped between epochs); −1 when it was not.
     */
    int interruptedAt = -1;
    /**
     * Whether the interruption came inside an epoch (even before its first example: the epoch had already
     * drawn its shuffle and distortions, so the state is no longer that of an epoch boundary).
     */
    boolean interruptedInEpoch;
    final List<EpochMetrics> history = new ArrayList<>();

    TrainState(TrainConfig config, Network network, Optimizer optimizer, Schedule schedule, Rng shuffleRng, Rng dropoutRng, Rng distortRng) {
        this.config = config;
        this.network = network;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.shuffleRng = shuffleRng;
        this.dropoutRng = dropoutRng;
        this.distortRng = distortRng;
        this.learningRate = config.eta();
    }

    /** A new run on inputs of the given shape: the network initialized and every generator seeded from the config's seed. */
    static TrainState fresh(TrainConfig config, Shape input) {
        Rng root = new Rng(config.seed());
        Rng initRng = root.fork(1);
        Rng shuffle = root.fork(2);
        Rng dropout = root.fork(3);
        Rng distort = root.fork(4);
        return new TrainState(config, config.newNetwork(input, initRng), config.newOptimizer(), config.newSchedule(), shuffle, dropout, distort);
    }

    public TrainConfig config() { return config; }

    public Network network() { return network; }

    public int epoch() { return epoch; }

    public int bestEpoch() { return bestEpoch; }

    public List<EpochMetrics> history() { return List.copyOf(history); }

    public String stopReason() { return stopReason; }

    /**
     * Whether the run was stopped by {@link Training.Listener#stopRequested} rather than ending or stopping by a
     * rule ({@link #stopReason()} stays null, so that its checkpoints continue).
     */
    public boolean interrupted() { return interruptedAt >= 0; }

    /** The examples of the unfinished epoch trained before an interruption (0: it stopped between epochs), else −1. */
    public int interruptedAt() { return interruptedAt; }

    /** Whether an interruption left an epoch unfinished: resume then starts that epoch again from its start. */
    public boolean interruptedInEpoch() { return interruptedInEpoch; }

    void rememberBest(double validationAccuracy) {
        bestEpoch = epoch;
        bestValidation = validationAccuracy;
        List<Param> params = network.tensors(); // batch normalization's running statistics belong to the epoch too
        if (bestParams == null) bestParams = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            Matrix w = params.get(i).value();
            if (bestParams[i] == null) bestParams[i] = new float[w.size()];
            System.arraycopy(w.array(), w.offset(), bestParams[i], 0, w.size());
        }
    }
}

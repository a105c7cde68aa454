package org.backprop4j.train;

import java.util.ArrayList;
import java.util.List;
import org.backprop4j.BadInputException;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.backprop4j.eval.Evaluation;
import org.backprop4j.eval.Evaluator;
import org.backprop4j.loss.Cost;
import org.backprop4j.nn.Network;
import org.backprop4j.tensor.Rng;

/**
 * A whole training run from a {@link TrainConfig}: split off the validation examples, build and
 * initialize the network from the seed, train epoch by epoch, and evaluate on validation and test data
 * after each epoch. The network is returned as it is after the last epoch; the epoch with the best
 * validation accuracy is reported beside it.
 */
public final class Training {
    private Training() {}

    /** Called as the run progresses; the CLI prints and writes metrics from here. */
    public interface Listener {
        default void started(Network network, Splits splits) {}

        void epochFinished(EpochResult result, Network network);
    }

    /** The examples a run trains, validates and tests on. {@code validation} may be null. */
    public record Splits(Dataset train, Dataset validation, Dataset test) {}

    public record Result(Network network, List<EpochResult> epochs, Splits splits) {
        public EpochResult last() { return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1); }

        /** The epoch with the highest validation accuracy (the first such), or null without validation data. */
        public EpochResult bestByValidation() {
            EpochResult best = null;
            for (EpochResult e : epochs) {
                if (e.validation() != null && (best == null || e.validation().accuracy() > best.validation().accuracy())) best = e;
            }
            return best;
        }
    }

    /** Holds out the last {@code validation} training examples (as Nielsen does), then applies the limit. */
    public static Splits split(TrainConfig config, Datasets.Split data) {
        Dataset all = data.train();
        int[] layers = config.layers();
        if (layers[0] != all.features()) {
            throw new BadInputException("--layers starts with " + layers[0] + " inputs but " + all.name() + " has " + all.features()
                    + " features per example");
        }
        if (layers[layers.length - 1] < data.train().classes()) {
            throw new BadInputException("--layers ends with " + layers[layers.length - 1] + " outputs but " + all.name() + " has "
                    + data.train().classes() + " classes");
        }
        int v = config.validation();
        if (v >= all.size()) {
            throw new BadInputException("--validation " + v + " leaves no training data: " + all.name() + " has " + all.size() + " examples");
        }
        Dataset train = all.slice(0, all.size() - v, all.name());
        Dataset validation = v > 0 ? all.slice(all.size() - v, all.size(), all.name().replace("-train", "") + "-validation") : null;
        if (config.limit() > 0 && config.limit() < train.size()) train = train.slice(0, config.limit(), train.name());
        return new Splits(train, validation, data.test());
    }

    public static Result run(TrainConfig config, Datasets.Split data, Listener listener) {
        Splits splits = split(config, data);
        Rng root = new Rng(config.seed());
        Rng initRng = root.fork(1);
        Rng shuffleRng = root.fork(2);
        Network network = config.newNetwork(initRng);
        Cost cost = config.costFunction();
        Trainer trainer = new Trainer(network, cost, config.newOptimizer(), config.batchSize(), shuffleRng);
        Evaluator evaluator = new Evaluator(network);
        listener.started(network, splits);
        List<EpochResult> epochs = new ArrayList<>();
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long t0 = System.nanoTime();
            Trainer.Stats stats = trainer.epoch(splits.train());
            long t1 = System.nanoTime();
            Evaluation validation = splits.validation() == null ? null : evaluator.evaluate(splits.validation(), cost);
            Evaluation test = evaluator.evaluate(splits.test(), cost);
            long t2 = System.nanoTime();
            EpochResult r = new EpochResult(epoch, stats.cost(), stats.accuracy(), validation, test, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            epochs.add(r);
            listener.epochFinished(r, network);
        }
        return new Result(network, epochs, splits);
    }
}

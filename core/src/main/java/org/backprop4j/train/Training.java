package org.backprop4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.backprop4j.BadInputException;
import org.backprop4j.SettingException;
import org.backprop4j.data.Augmentation;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.backprop4j.data.Distortions;
import org.backprop4j.eval.Evaluation;
import org.backprop4j.eval.Evaluator;
import org.backprop4j.loss.Cost;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Param;
import org.backprop4j.nn.Shape;

/**
 * A whole training run from a {@link TrainConfig}: split off the validation examples, build the network
 * from the seed, and train epoch by epoch, evaluating on validation and test data after each epoch,
 * following the learning-rate schedule, stopping early when validation accuracy stops improving, and
 * writing a checkpoint after every epoch when asked. A run resumed from a checkpoint continues exactly
 * as the uninterrupted run would have.
 */
public final class Training {
    private Training() {}

    /** Called as the run progresses; the CLI prints and writes metrics from here. */
    public interface Listener {
        default void started(Network network, Splits splits) {}

        /** Before each epoch, with the state a checkpoint of the epochs done so far would hold. */
        default void epochStarting(TrainState state) {}

        void epochFinished(EpochResult result, Network network);

        /**
         * Polled before every mini-batch: true ends the run there (a user's Ctrl-C), with
         * {@link TrainState#interrupted()} set and the epoch under way left unfinished.
         */
        default boolean stopRequested() { return false; }

        /**
         * After every mini-batch of epoch {@code epoch} (from 1): {@code examplesDone} of its {@code examples}
         * trained so far, at a mean training cost of {@code meanCost}. On the training thread: return quickly.
         */
        default void batchFinished(int epoch, int examplesDone, int examples, double meanCost) {}
    }

    /** The examples a run trains, validates and tests on. {@code validation} may be null. */
    public record Splits(Dataset train, Dataset validation, Dataset test) {}

    /** The run's final state and the epochs this process ran. */
    public record Result(TrainState state, List<EpochResult> epochs, Splits splits) {
        public Network network() { return state.network; }

        public EpochResult last() { return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1); }

        /** The weights of the best-validation epoch over the whole run when there is validation data, else the last. */
        public Network modelToKeep() {
            if (state.bestParams == null) return state.network;
            Network copy = state.network.copy();
            List<Param> to = copy.tensors();
            for (int i = 0; i < to.size(); i++) to.get(i).value().setValues(state.bestParams[i], 0);
            return copy;
        }
    }

    /** Holds out the last {@code validation} training examples (as Nielsen does), then applies the limit. */
    public static Splits split(TrainConfig config, Datasets.Split data) {
        Dataset all = data.train();
        if (!config.hasNet()) {
            int[] layers = config.layers();
            if (layers[0] != all.features()) {
                throw new SettingException("layers", "{setting} starts with " + layers[0] + " inputs but " + all.name() + " has " + all.features()
                        + " features per example");
            }
            if (layers[layers.length - 1] < data.train().classes()) {
                throw new SettingException("layers", "{setting} ends with " + layers[layers.length - 1] + " outputs but " + all.name() + " has "
                        + data.train().classes() + " classes");
            }
        }
        int v = config.validationFor(all.size());
        if (v >= all.size()) {
            throw new SettingException("validation", "{setting} " + v + " leaves no training data: " + all.name() + " has " + all.size() + " examples");
        }
        Dataset train = all.slice(0, all.size() - v, all.name());
        Dataset validation = v > 0 ? heldOut(all, v) : null;
        if (config.limit() > 0 && config.limit() < train.size()) train = train.slice(0, config.limit(), train.name());
        return new Splits(train, validation, data.test());
    }

    /** The last v examples of a training set, which a run holds out for validation (v > 0). */
    public static Dataset heldOut(Dataset all, int v) {
        return all.slice(all.size() - v, all.size(), all.name().replace("-train", "") + "-validation");
    }

    public static Result run(TrainConfig config, Datasets.Split data, Listener listener) {
        return run(config, data, listener, null);
    }

    /** A new run on a context of its own; with {@code checkpoints}, the state is written after every epoch. */
    public static Result run(TrainConfig config, Datasets.Split data, Listener listener, Checkpoints checkpoints) {
        try (ExecutionContext context = ExecutionContext.create()) {
            return run(config, data, listener, checkpoints, context);
        }
    }

    /** A new run on the threads of {@code context}; checkpoints may be null. */
    public static Result run(TrainConfig config, Datasets.Split data, Listener listener, Checkpoints checkpoints, ExecutionContext context) {
        Splits splits = split(config, data);
        TrainState state;
        try {
            state = TrainState.fresh(config, inputShape(splits.train()));
        } catch (IllegalArgumentException e) {
            if (config.hasNet()) throw new SettingException("net", "{setting}: " + e.getMessage());
            throw new BadInputException(e.getMessage());
        }
        if (state.network.outputSize() < splits.train().classes()) {
            throw new BadInputException("the network ends with " + state.network.outputSize() + " outputs but " + splits.train().name() + " has "
                    + splits.train().classes() + " classes");
        }
        return loop(state, splits, listener, checkpoints, context);
    }

    /** The shape of one example: 1 × h × w for images, else a vector of the features. */
    public static Shape inputShape(Dataset data) {
        return data.isImage() ? new Shape(data.features() / (data.height() * data.width()), data.height(), data.width()) : Shape.flat(data.features());
    }

    /** Continues a run from a checkpoint's state, on the same data. */
    public static Result resume(TrainState state, Datasets.Split data, Listener listener, Checkpoints checkpoints) {
        try (ExecutionContext context = ExecutionContext.create()) {
            return resume(state, data, listener, checkpoints, context);
        }
    }

    /** Continues a run from a checkpoint's state, on the threads of {@code context}. */
    public static Result resume(TrainState state, Datasets.Split data, Listener listener, Checkpoints checkpoints, ExecutionContext context) {
        return loop(state, split(state.config, data), listener, checkpoints, context);
    }

    private static Result loop(TrainState st, Splits splits, Listener listener, Checkpoints checkpoints, ExecutionContext context) {
        TrainConfig config = st.config;
        Network network = st.network;
        Cost cost = config.costFunction();
        Dataset train = config.expand().equals("shifts") ? Augmentation.expandShifts(splits.train()) : splits.train();
        Distortions distortions = null;
        float[] distorted = null;
        if (!config.distort().equals("none") || config.shift() > 0) {
            if (!train.isImage()) {
                throw new SettingException(config.shift() > 0 ? "shift" : "distort", train.name() + ": {setting} needs images, not "
                        + train.features() + " features");
            }
            if (config.shift() >= Math.min(train.height(), train.width())) {
                throw new SettingException("shift", "{setting} " + config.shift() + " would move " + train.height() + "x" + train.width()
                        + " images out of the picture: give fewer pixels than the image's side");
            }
            Distortions.Params p = switch (config.distort()) {
                case "elastic" -> Distortions.Params.elastic();
                case "affine" -> Distortions.Params.affine();
                default -> Distortions.Params.none();
            };
            distortions = new Distortions(p.withShift(config.shift()), train.height(), train.width());
            distorted = new float[train.size() * train.features()];
        }
        // the distorted epoch's dataset: one view over a buffer refilled every epoch
        Dataset distortedData = distortions == null ? null : train.withFeatures(distorted, train.name() + "-distorted");
        boolean dropout = network.hasDropout();
        Trainer trainer;
        Evaluator evaluator;
        try {
            trainer = new Trainer(network, cost, st.optimizer, config.regularization(train.size()), config.batchSize(),
                    st.shuffleRng, dropout ? st.dropoutRng : null, context);
            evaluator = new Evaluator(network, context);
        } catch (IllegalArgumentException e) { // buffers too large for Java arrays
            throw new BadInputException(e.getMessage());
        }
        listener.started(network, splits);
        // the untrained (or resumed) network's cost on up to 1,000 training examples: what a diverging run rises far above
        double startingCost = evaluator.evaluate(train.slice(0, Math.min(1000, train.size()), train.name()), cost).cost();
        List<EpochResult> results = new ArrayList<>();
        trainer.stopWhen(listener::stopRequested);
        int[] epochNumber = {0};
        trainer.onBatch((done, examples, costSum) -> listener.batchFinished(epochNumber[0], done, examples, costSum / done));
        while (st.epoch < config.epochs() && st.stopReason == null) {
            listener.epochStarting(st);
            epochNumber[0] = st.epoch + 1;
            float lr = st.schedule.rate(st.epoch, config.eta(), st.learningRate);
            st.learningRate = lr;
            st.optimizer.setLearningRate(lr);
            Dataset epochData = train;
            if (distortions != null) {
                distortions.distort(train, distorted, st.distortRng.nextLong(), context);
                epochData = distortedData;
            }
            long t0 = System.nanoTime();
            Trainer.Stats stats;
            try {
                stats = trainer.epoch(epochData);
            } catch (TrainingDivergedException e) {
                throw new TrainingDivergedException("epoch " + (st.epoch + 1) + ": " + e.template());
            }
            if (stats.examples() < epochData.size()) { // stopped by the listener: the epoch's updates so far stay, uncounted
                st.interruptedAt = stats.examples();
                st.interruptedInEpoch = true;
                break;
            }
            if (stats.cost() > 10 * startingCost + 1) {
                throw new TrainingDivergedException(String.format(Locale.ROOT, "epoch %d: training diverged: the cost rose to %.4g, more than ten"
                        + " times its starting %.4g (learning rate %.4g); lower {setting}", st.epoch + 1, stats.cost(), startingCost, lr));
            }
            long t1 = System.nanoTime();
            Evaluation validation = splits.validation() == null ? null : evaluator.evaluate(splits.validation(), cost);
            Evaluation test = evaluator.evaluate(splits.test(), cost);
            long t2 = System.nanoTime();
            st.epoch++;
            EpochResult r = new EpochResult(st.epoch, stats.cost(), stats.accuracy(), validation, test, (t1 - t0) / 1e9, (t2 - t1) / 1e9, lr);
            results.add(r);
            st.history.add(r.metrics());
            if (validation != null) {
                // A tie keeps the later epoch, as network3.py's "validation_accuracy >= best" does: as good on
                // validation and trained longer (a validation set of 20 rows ties often). Early stopping and the
                // plateau rule count the epochs without a strictly better one.
                boolean better = validation.accuracy() > st.bestValidation;
                if (better || validation.accuracy() == st.bestValidation) st.rememberBest(validation.accuracy());
                st.sinceBest = better ? 0 : st.sinceBest + 1;
            }
            float next = st.schedule.afterEpoch(validation == null ? Double.NaN : validation.accuracy(), lr);
            if (Float.isNaN(next)) {
                st.stopReason = "the learning rate came to its " + st.schedule.halvings() + "th halving without a better validation accuracy (plateau rule)";
            } else {
                st.learningRate = next;
            }
            if (config.patience() > 0 && st.sinceBest >= config.patience()) {
                st.stopReason = "no better validation accuracy for " + config.patience() + " epochs (early stopping)";
            }
            listener.epochFinished(r, network);
            if (checkpoints != null) checkpoints.save(st);
            if (listener.stopRequested() && st.stopReason == null && st.epoch < config.epochs()) {
                st.interruptedAt = 0;
                break;
            }
        }
        return new Result(st, results, splits);
    }
}

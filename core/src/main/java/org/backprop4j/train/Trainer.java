package org.backprop4j.train;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.backprop4j.BadInputException;
import org.backprop4j.data.Dataset;
import org.backprop4j.loss.Cost;
import org.backprop4j.data.OneHot;
import org.backprop4j.nn.Dense;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Param;
import org.backprop4j.nn.Workspace;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.Regularization;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Parallel;
import org.backprop4j.tensor.Rng;

/**
 * Mini-batch stochastic gradient descent: each epoch shuffles the training examples, cuts them into
 * mini-batches of m and, for each, runs the forward pass, the cost's δᴸ, backpropagation over the
 * whole batch in matrix form, and one optimizer step.
 *
 * <p>All buffers are allocated when the trainer is built (plus one workspace for a short last batch),
 * so an epoch allocates nothing per batch.
 */
public final class Trainer {
    private final Network network;
    private final Cost cost;
    private final Optimizer optimizer;
    private final Regularization regularization;
    private final int batchSize;
    private final Rng shuffleRng;
    private final Rng dropoutRng;
    private final List<Param> params;
    private final float[] x;
    private final float[] y;
    private final Workspace full;
    private Workspace tail;
    private int[] order;
    private BooleanSupplier stop = () -> false;
    private final ExecutionContext context;

    public Trainer(Network network, Cost cost, Optimizer optimizer, int batchSize, Rng shuffleRng) {
        this(network, cost, optimizer, null, batchSize, shuffleRng, null);
    }

    /**
     * @param regularization weight penalties whose gradients are added before each step (null: none)
     * @param dropoutRng     draws the dropout masks of layers that have dropout (null: no dropout)
     */
    public Trainer(Network network, Cost cost, Optimizer optimizer, Regularization regularization, int batchSize,
                   Rng shuffleRng, Rng dropoutRng) {
        this(network, cost, optimizer, regularization, batchSize, shuffleRng, dropoutRng, ExecutionContext.create());
    }

    /** As above, computing on the threads of {@code context} (the optimizer's updates too). */
    public Trainer(Network network, Cost cost, Optimizer optimizer, Regularization regularization, int batchSize,
                   Rng shuffleRng, Rng dropoutRng, ExecutionContext context) {
        this.context = context;
        optimizer.useContext(context);
        this.network = network;
        this.cost = cost;
        this.optimizer = optimizer;
        this.regularization = regularization;
        this.batchSize = batchSize;
        this.shuffleRng = shuffleRng;
        this.dropoutRng = dropoutRng;
        this.params = network.params();
        this.x = new float[batchSize * network.inputSize()];
        this.y = new float[batchSize * network.outputSize()];
        this.full = network.workspace(batchSize, context);
        this.into = new float[params.size()][];
        this.intoBeta = new float[params.size()];
        this.accumulated = new boolean[params.size()];
        this.gatherTask = (part, parts) -> {
            int from = gatherRows * part / parts;
            int to = gatherRows * (part + 1) / parts;
            gatherData.gather(order, gatherStart + from, to - from, x, from);
        };
    }

    public Network network() { return network; }

    /** The threads this trainer computes on. */
    public ExecutionContext context() { return context; }

    public Optimizer optimizer() { return optimizer; }

    /** Mean cost (plus the weight penalty at the end of the epoch) and accuracy over the epoch's mini-batches. */
    public record Stats(double cost, double accuracy, int examples) {}

    /** One pass over {@code data} in a fresh random order. */
    public Stats epoch(Dataset data) {
        int n = data.size();
        if (data.features() != network.inputSize()) {
            throw new BadInputException(data.name() + " has " + data.features() + " features per example but the network takes "
                    + network.inputSize());
        }
        if (order == null || order.length != n) {
            order = new int[n];
        }
        for (int i = 0; i < n; i++) order[i] = i;
        shuffleRng.shuffle(order);
        Dense first = network.layers().get(0) instanceof Dense d ? d : null;
        if (first != null && first.inputMajor()) throw new IllegalStateException(first + " is already held input-major: is another trainer using it?");
        lastEpochInputMajor = false;
        Stats split = splitEpoch(data);
        if (split != null) return split;
        boolean inputMajor = holdsInputMajor(first, data);
        lastEpochInputMajor = inputMajor;
        int classes = network.outputSize();
        double costSum = 0;
        long correct = 0;
        boolean stateMoved = false;
        try {
            if (inputMajor) {
                first.setInputMajor(true);
                optimizer.transposeState(0, first.outputSize(), first.inputSize());
                stateMoved = true;
            }
            for (int start = 0; start < n; start += batchSize) {
                if (stop.getAsBoolean()) return stats(costSum, correct, start); // a partial epoch: `start` examples trained
                int m = Math.min(batchSize, n - start);
                Workspace ws = m == batchSize ? full : tailWorkspace(m);
                gather(data, start, m);
                OneHot.encode(data, order, start, m, classes, y);
                float[] out = network.forward(ws, x, m, dropoutRng);
                double batchCost = cost.value(network.outputActivation(), ws.outputZ(), out, y, m, classes);
                if (!Double.isFinite(batchCost)) throw diverged(batchCost, start / batchSize);
                costSum += batchCost * m;
                correct += countCorrect(out, y, m, classes);
                cost.outputDelta(network.outputActivation(), ws.outputZ(), out, y, ws.outputDelta(), m, classes);
                lastStepAccumulated = false;
                if (accumulatesGradients()) {
                    backwardIntoOptimizer(ws, m);
                } else {
                    network.backward(ws, x, m);
                    if (regularization != null) regularization.addGradients(params, ws.grads());
                    optimizer.step(params, ws.grads(), m);
                }
                if (onBatch != null) onBatch.batchFinished(start + m, n, costSum);
            }
        } finally {
            if (inputMajor) first.setInputMajor(false);
            if (stateMoved) optimizer.transposeState(0, first.inputSize(), first.outputSize());
        }
        return stats(costSum, correct, n);
    }

    /**
     * Whether this epoch holds the first layer input-major ({@link Dense#setInputMajor}), so that its two
     * products skip the zeros of the input: when {@link Dense#skipsZerosOf} the data (MNIST: 81% zeros)
     * and the optimizer can follow a transposed parameter, unless the batches are small enough for the
     * unit split (which keeps the layout of the notes) to take them on two threads; first is null when the
     * first layer is not dense. The layer and the
     * optimizer's state are put back at the end of the epoch, so checkpoints, evaluation and model files
     * never see the difference. The products then sum in another order than the dense path (the same
     * bits for any number of threads).
     */
    private boolean holdsInputMajor(Dense first, Dataset data) {
        // never where the unit split may take the epoch on some thread count: one thread would then sum in
        // another order than two, and the same seed would give different networks
        return first != null && skipZeroInputs && optimizer.canTransposeState() && !UnitSplitEpoch.suits(network, batchSize, 2)
                && first.skipsZerosOf(data.zeroFraction());
    }

    private boolean skipZeroInputs = true;

    /**
     * Whether the weights' gradients go straight into the optimizer's accumulator (momentum's velocity,
     * v ← μv + ∇W in the epilogue of ∇W's product; {@link Optimizer#accumulator}). The same bits as
     * storing ∇W and then stepping, with less memory traffic: the update reads w and v instead of w, v
     * and ∇W, and nothing writes ∇W. Not with a weight penalty, whose gradient is added to ∇W first.
     */
    private boolean accumulatesGradients() {
        return accumulateGradients && (regularization == null || regularization.isNone());
    }

    /** Backpropagation and the optimizer's step, the weights' gradients accumulated where the optimizer allows. */
    private void backwardIntoOptimizer(Workspace ws, int m) {
        optimizer.beginStep(params);
        float[][] grads = ws.grads();
        for (int i = 0; i < into.length; i++) {
            float[] s = params.get(i).weight() && network.accumulates(i) ? optimizer.accumulator(i) : null;
            accumulated[i] = s != null;
            into[i] = s != null ? s : grads[i];
            intoBeta[i] = s != null ? optimizer.accumulatorBeta() : 0f;
        }
        network.backward(ws, x, m, into, intoBeta);
        optimizer.finishStep(params, grads, accumulated, m);
        for (boolean a : accumulated) lastStepAccumulated |= a; // reset before each step by epoch()
    }

    private boolean lastStepAccumulated;

    /** For tests: whether the last step on the usual path added some weight gradient straight into the optimizer's accumulator. */
    boolean lastStepAccumulated() { return lastStepAccumulated; }

    private boolean accumulateGradients = true;
    private final float[][] into;
    private final float[] intoBeta;
    private final boolean[] accumulated;

    /** For tests: whether weight gradients may go straight into the optimizer's accumulator (default true). */
    void setAccumulateGradients(boolean allowed) { accumulateGradients = allowed; }

    private boolean lastEpochInputMajor;

    /** For tests: whether the last epoch on the usual path held the first layer input-major. */
    boolean lastEpochInputMajor() { return lastEpochInputMajor; }

    /** For tests: whether epochs may hold the first layer input-major on sparse inputs (default true). */
    void setSkipZeroInputs(boolean allowed) { skipZeroInputs = allowed; }

    /** The epoch's mean cost, with the weight penalty at its end, and accuracy, over its n examples trained. */
    private Stats stats(double costSum, long correct, int n) {
        double penalty = regularization == null ? 0 : regularization.penalty(params);
        return new Stats(costSum / n + penalty, (double) correct / n, n);
    }

    /**
     * Ends an epoch early, before its next mini-batch, once {@code stop} says so (a user's Ctrl-C): the
     * epoch's stats then count the examples trained (on the unit-split path of small MLPs too, whose
     * threads agree on the batch to stop before).
     */
    public void stopWhen(BooleanSupplier stop) { this.stop = stop; }

    /** Progress within an epoch, told after every mini-batch on the training thread; it should return quickly. */
    @FunctionalInterface
    public interface BatchListener {
        /** {@code examplesDone} of the epoch's {@code examples} trained, their costs summing to {@code costSum}. */
        void batchFinished(int examplesDone, int examples, double costSum);
    }

    private BatchListener onBatch;

    /** Tells {@code listener} after every mini-batch (null: nobody). */
    public void onBatch(BatchListener listener) { this.onBatch = listener; }

    private TrainingDivergedException diverged(double batchCost, int batch) {
        return new TrainingDivergedException("training diverged: the cost became " + batchCost + " at mini-batch "
                + (batch + 1) + " (learning rate " + optimizer.learningRate() + "); lower {setting}");
    }

    /**
     * The epoch with the first layer's units split among the threads ({@link UnitSplitEpoch}) when that
     * suits the network and batch size; null to train on the usual path. Both give the same bits.
     */
    private Stats splitEpoch(Dataset data) {
        int threads = context.threads();
        if (!UnitSplitEpoch.suits(network, batchSize, threads)) return null;
        if (unitSplit == null || unitSplit.threads() != threads) {
            unitSplit = new UnitSplitEpoch(network, cost, optimizer, regularization, batchSize, context);
        }
        unitSplit.onBatch = onBatch;
        unitSplit.stop = stop;
        UnitSplitEpoch.Outcome o;
        try {
            o = unitSplit.epoch(data, order);
        } catch (RuntimeException | Error e) {
            unitSplit = null; // its barrier is broken and its lanes half-way through a batch: start afresh next time
            throw e;
        }
        if (o == null) return null;
        if (o.divergedBatch() >= 0) throw diverged(o.divergedCost(), o.divergedBatch());
        return stats(o.costSum(), o.correct(), o.examples()); // fewer than data.size() when stopped
    }

    private UnitSplitEpoch unitSplit;

    /** Copies the mini-batch's rows into x, split over the kernel threads when the batch is large. */
    private void gather(Dataset data, int start, int m) {
        if ((long) m * data.features() < GATHER_PARALLEL) {
            data.gather(order, start, m, x);
            return;
        }
        gatherData = data;
        gatherStart = start;
        gatherRows = m;
        context.run(gatherTask, context.threads());
        gatherData = null;
    }

    /** Gathers of at least this many floats are split: copying rows from a large dataset is memory-bound. */
    private static final long GATHER_PARALLEL = 32_768;
    private Dataset gatherData;
    private int gatherStart;
    private int gatherRows;
    private final Parallel.Task gatherTask;

    private Workspace tailWorkspace(int m) {
        if (tail == null || tail.capacity() != m) tail = network.workspace(m, context);
        return tail;
    }

    static int countCorrect(float[] out, float[] y, int m, int classes) {
        int c = 0;
        for (int r = 0; r < m; r++) {
            if (y[r * classes + Matrix.argmaxRow(out, r, classes)] == 1f) c++;
        }
        return c;
    }
}

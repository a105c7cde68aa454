package org.backprop4j.eval;

import java.util.List;
import org.backprop4j.BadInputException;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.OneHot;
import org.backprop4j.loss.Cost;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.nn.Dense;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Param;
import org.backprop4j.nn.Workspace;
import org.backprop4j.tensor.Matrix;

/**
 * Classifies a dataset with a network in batches (forward pass only) and keeps the buffers between
 * calls, so evaluating after every epoch allocates only the per-example guesses.
 *
 * <p>On inputs that are mostly zeros (MNIST), it evaluates a copy of the network whose first layer is
 * input-major ({@link Dense#setInputMajor}), so that the first product skips the zeros; the copy is
 * refreshed from the network at every call, so the evaluator always sees the network's current weights.
 */
public final class Evaluator {
    private static final int BATCH = 500;
    private final Network network;
    private final Workspace ws;
    private final float[] x;
    private final float[] y;
    private final int[] rowIndex = new int[BATCH];
    private boolean lastCallSkippedZeros;

    /** For tests: whether the last call evaluated the input-major copy. */
    boolean lastCallSkippedZeros() { return lastCallSkippedZeros; }

    /** The input-major copy and its buffers, made on first use. */
    private Network sparse;
    private final ExecutionContext context;
    private Workspace sparseWs;

    /** An evaluator on a context of its own. */
    public Evaluator(Network network) { this(network, ExecutionContext.create()); }

    /** An evaluator computing on the threads of {@code context}. */
    public Evaluator(Network network, ExecutionContext context) {
        this.network = network;
        this.context = context;
        this.ws = network.inferenceWorkspace(BATCH, context);
        this.x = new float[BATCH * network.inputSize()];
        this.y = new float[BATCH * network.outputSize()];
    }

    /** Guesses (argmax of the output) for every example, and the mean cost if {@code cost} is not null. */
    public Evaluation evaluate(Dataset data, Cost cost) {
        return evaluate(data, cost, null);
    }

    /**
     * The network's output for every example, example after example (n × n_out; for a softmax output, each
     * row the class probabilities): what an ensemble combines.
     */
    public float[] outputs(Dataset data) {
        float[] all = new float[data.size() * network.outputSize()];
        evaluate(data, null, all);
        return all;
    }

    /** {@link #evaluate(Dataset, Cost)}, copying the outputs into {@code outputs} when it is not null. */
    private Evaluation evaluate(Dataset data, Cost cost, float[] outputs) {
        if (data.features() != network.inputSize()) {
            throw new BadInputException(data.name() + " has " + data.features() + " features per example but the network takes "
                    + network.inputSize());
        }
        int n = data.size();
        int classes = network.outputSize();
        Network net = network;
        Workspace ws = this.ws;
        lastCallSkippedZeros = network.layers().get(0) instanceof Dense first && first.skipsZerosOf(data.zeroFraction());
        if (lastCallSkippedZeros) {
            net = refreshedSparseCopy();
            ws = sparseWs;
        }
        int[] guesses = new int[n];
        int[] answers = new int[n];
        double costSum = 0;
        for (int start = 0; start < n; start += BATCH) {
            int m = Math.min(BATCH, n - start);
            data.copyRows(start, m, x);
            float[] out = net.forward(ws, x, m);
            if (outputs != null) System.arraycopy(out, 0, outputs, start * classes, m * classes);
            for (int r = 0; r < m; r++) {
                guesses[start + r] = Matrix.argmaxRow(out, r, classes);
                answers[start + r] = data.labelAt(start + r);
                rowIndex[r] = start + r;
            }
            if (cost != null) {
                OneHot.encode(data, rowIndex, 0, m, classes, y);
                costSum += cost.value(network.outputActivation(), ws.outputZ(), out, y, m, classes) * m;
            } else {
                for (int r = 0; r < m; r++) {
                    if (answers[start + r] >= classes) {
                        throw new BadInputException(data.name() + ": label " + answers[start + r] + " of example " + (start + r)
                                + " does not fit a network with " + classes + " outputs");
                    }
                }
            }
        }
        return new Evaluation(classes, guesses, answers, cost == null ? Double.NaN : costSum / Math.max(1, n));
    }

    /** The copy with the network's current weights: W¹ transposed into its input-major layer, the rest as they are. */
    private Network refreshedSparseCopy() {
        if (sparse == null) {
            sparse = network.copy();
            ((Dense) sparse.layers().get(0)).setInputMajor(true);
            sparseWs = sparse.inferenceWorkspace(BATCH, context);
        }
        List<Param> from = network.tensors();
        List<Param> to = sparse.tensors();
        Dense first = (Dense) network.layers().get(0);
        Matrix w = from.get(0).value();
        Matrix v = to.get(0).value();
        if (first.inputMajor()) v.setValues(w.array(), w.offset()); // already V
        else Matrix.transpose(w.array(), w.offset(), first.inputSize(), first.outputSize(), first.inputSize(), v.array(), v.offset(), first.outputSize());
        for (int p = 1; p < from.size(); p++) {
            Matrix src = from.get(p).value();
            to.get(p).value().setValues(src.array(), src.offset());
        }
        return sparse;
    }
}

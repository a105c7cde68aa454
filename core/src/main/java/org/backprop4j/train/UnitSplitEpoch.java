package org.backprop4j.train;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.OneHot;
import org.backprop4j.loss.Cost;
import org.backprop4j.nn.Activation;
import org.backprop4j.nn.Dense;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Param;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.Regularization;
import org.backprop4j.tensor.ElementWise;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.tensor.Kernels;
import org.backprop4j.tensor.Parallel;
import org.backprop4j.tensor.SpinBarrier;

/**
 * One epoch of mini-batch SGD with the first layer's units divided among the kernel threads (model
 * parallelism), for mini-batches too small to split their products: Nielsen's 10 × 784 · 784 × 30
 * is a few microseconds of work, and handing half of it to another core and back per product costs as
 * much as it saves. Here the threads meet twice per mini-batch instead of once per product.
 *
 * <p>Thread t owns a block of the first layer's units: those rows of W¹ and b¹, columns of z¹ and rows
 * of ∇W¹. Per mini-batch:
 * <ol>
 *   <li>each thread gathers its share of the batch's rows; they meet;
 *   <li>each computes its columns of z¹ = x·W¹ᵀ + b¹ (most of the forward work); they meet;
 *   <li>each, on its own buffers, does the rest of the forward pass (σ, the layers above), the
 *       cost and δᴸ … δ¹: the same values on every thread, small work next to the first layer's;
 *   <li>each computes its rows of ∇W¹ = δ¹ᵀx (BP4), its part of ∇b¹ (BP3), and moves its slice of W¹ and b¹.
 *       Thread 0 also computes the gradients of the layers above, and moves those layers just after the
 *       next meeting of step 1, when every thread is done reading them.
 * </ol>
 * Every number comes from the same code, in the same order, as in the one-thread {@link Trainer}
 * (splits fall on whole kernel tiles, {@link Dense#UNIT_BLOCK}), so training gives the same network,
 * bit for bit, whichever path runs.
 */
final class UnitSplitEpoch implements Parallel.Task {
    private static final ElementWise EW = Kernels.elementWise();
    /**
     * First layers of this many multiply-adds per mini-batch (batch × weights) or more go to the kernels'
     * own split instead. Measured against the kernels' split: nielsen (235 K) best
     * epochs 0.095 s against 0.142, nielsen-ch3 (784 K) 18.9 s against 21.2 for the whole run.
     */
    static final long MAX_FIRST_LAYER_WORK = 1L << 20;

    private final Network network;
    private final Cost cost;
    private final Optimizer optimizer;
    private final Regularization regularization;
    private final int batchSize;
    private final int threads;
    private final ExecutionContext context;
    /** Told after each mini-batch, on thread 0 (the caller's), or null. */
    Trainer.BatchListener onBatch;
    private final List<Dense> layers;
    private final List<Param> params;
    private final Dense first;
    /** Two batches of inputs, alternating: one is gathered while a slower thread may still read the other. */
    private final float[][] x = new float[2][];
    /** z¹; thread t writes its columns. */
    private final float[] z1;
    /** ∇W¹, in W¹'s layout; thread t writes its rows. */
    private final float[] gradW1;
    private final Lane[] lanes;
    private final SpinBarrier barrier;
    /** The first exception any thread threw in the epoch in progress. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    // the epoch in progress
    private Dataset data;
    private int[] order;
    private double costSum;
    private long correct;
    private int divergedBatch;
    private double divergedCost;
    /** Examples trained when the epoch was stopped ({@link #stop}), or −1. */
    private int stoppedAt;
    /** Thread 0's reading of {@link #stop} for the next batch, made before the barrier that all threads then read it after. */
    private boolean stopNow;
    /** Asked by thread 0 before each batch, as the one-thread trainer does: true stops the epoch there. */
    java.util.function.BooleanSupplier stop = () -> false;

    /** What one thread owns of the first layer, and its own copies of everything else. */
    private static final class Lane {
        final int from;
        final int to;
        final float[][] z;
        final float[][] a;
        final float[][] delta;
        /** ∇b¹ for every thread; thread 0 also has the gradients of the layers above (index as params). */
        final float[][] grads;
        final float[] y;
        /** Thread 0: gradients of the layers above wait to be applied at the next batch. */
        boolean pending;

        Lane(Network net, int capacity, int from, int to, boolean leader) {
            this.from = from;
            this.to = to;
            List<Dense> layers = net.denseLayers();
            z = new float[layers.size()][];
            a = new float[layers.size()][];
            delta = new float[layers.size()][];
            for (int l = 0; l < layers.size(); l++) {
                int size = capacity * layers.get(l).outputSize();
                z[l] = new float[size];
                a[l] = new float[size];
                delta[l] = new float[size];
            }
            List<Param> ps = net.params();
            grads = new float[ps.size()][];
            for (int p = 1; p < (leader ? ps.size() : 2); p++) grads[p] = ps.get(p).newBuffer();
            y = new float[capacity * net.outputSize()];
        }
    }

    /**
     * Whether this path suits the network at this batch size on {@code threads} threads: the first
     * layer's product is small (below {@link #MAX_FIRST_LAYER_WORK}), it
     * holds at least half the weights (the rest is repeated on every thread), it has a block of units
     * for every thread, and every layer is dense (no dropout layer, whose masks are drawn in one sequence).
     */
    static boolean suits(Network net, int batchSize, int threads) {
        if (threads < 2) return false;
        List<Dense> dense = net.denseLayers(); // dropout layers, whose masks are drawn in one sequence, make it null too
        if (dense == null) return false;
        Dense first = dense.get(0);
        long firstWeights = (long) first.inputSize() * first.outputSize();
        if ((long) batchSize * firstWeights >= MAX_FIRST_LAYER_WORK) return false;
        if (firstWeights * 2 < net.parameterCount()) return false;
        return blocks(first.outputSize()) >= threads;
    }

    /** The first unit of range q when the blocks of units are dealt out in `threads` contiguous ranges. */
    private int rangeStart(int units, int blocks, int q) {
        return Math.min(units, blocks * q / threads * Dense.UNIT_BLOCK);
    }

    private int rangeSize(int units, int blocks, int q) {
        return rangeStart(units, blocks, q + 1) - rangeStart(units, blocks, q);
    }

    private static int blocks(int units) { return (units + Dense.UNIT_BLOCK - 1) / Dense.UNIT_BLOCK; }

    UnitSplitEpoch(Network network, Cost cost, Optimizer optimizer, Regularization regularization, int batchSize, ExecutionContext context) {
        this.context = context;
        int threads = context.threads();
        if (!suits(network, batchSize, threads)) throw new IllegalArgumentException("the unit split does not suit " + network);
        this.network = network;
        this.cost = cost;
        this.optimizer = optimizer;
        this.regularization = regularization;
        this.batchSize = batchSize;
        this.threads = threads;
        this.layers = network.denseLayers();
        this.params = network.params();
        this.first = layers.get(0);
        int in = first.inputSize();
        int units = first.outputSize();
        x[0] = new float[batchSize * in];
        x[1] = new float[batchSize * in];
        z1 = new float[batchSize * units];
        gradW1 = first.weights().newBuffer();
        lanes = new Lane[threads];
        int blocks = blocks(units);
        // thread 0 also does the layers above and the bookkeeping, so it takes the smallest range of units
        int smallest = 0;
        for (int q = 1; q < threads; q++) {
            if (rangeSize(units, blocks, q) < rangeSize(units, blocks, smallest)) smallest = q;
        }
        for (int t = 0; t < threads; t++) {
            int range = (smallest + t) % threads; // thread 0 the smallest, the others the rest in turn
            lanes[t] = new Lane(network, batchSize, rangeStart(units, blocks, range), rangeStart(units, blocks, range + 1), t == 0);
        }
        barrier = new SpinBarrier(threads);
    }

    int threads() { return threads; }

    /**
     * The outcome of an epoch: the stats over the examples trained (all, or fewer when it was stopped),
     * or the batch where the cost stopped being finite.
     */
    record Outcome(double costSum, long correct, int examples, int divergedBatch, double divergedCost) {}

    /**
     * One pass over data in the given order, or null when the kernel threads are taken (the caller
     * then trains on one thread).
     */
    Outcome epoch(Dataset data, int[] order) {
        this.data = data;
        this.order = order;
        costSum = 0;
        correct = 0;
        divergedBatch = -1;
        stoppedAt = -1;
        lanes[0].pending = false;
        try {
            failure.set(null);
            try {
                if (!context.runConcurrently(this, threads)) return null;
            } catch (RuntimeException | Error e) {
                // a thread that failed first is the story; the others only saw the broken barrier
                Throwable first = failure.get();
                if (first instanceof RuntimeException re) throw re;
                if (first instanceof Error err) throw err;
                throw e;
            }
            return new Outcome(costSum, correct, stoppedAt >= 0 ? stoppedAt : data.size(), divergedBatch, divergedCost);
        } finally {
            this.data = null;
            this.order = null;
        }
    }

    @Override
    public void run(int part, int parts) {
        try {
            train(lanes[part], part);
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
            barrier.breakBarrier(t);
            throw t;
        }
    }

    private void train(Lane lane, int part) {
        int n = data.size();
        for (int start = 0, batch = 0; start < n; start += batchSize, batch++) {
            Step s = step(lane, part, batch, start, Math.min(batchSize, n - start));
            if (s == Step.DIVERGED) return;
            if (s == Step.STOPPED) break;
        }
        barrier.await(); // every thread is done reading the layers above
        if (part == 0 && lane.pending) applyAbove(lane);
    }

    private enum Step { TRAINED, STOPPED, DIVERGED }

    /**
     * One mini-batch on one thread; every thread returns the same: trained, stopped before it (thread 0
     * read {@link #stop} as true) or diverged (the cost stopped being finite).
     * A method per batch rather than one loop, so that the JIT compiles it as a whole method, with the
     * profile of both threads, instead of on-stack replacing a loop that runs once per epoch.
     */
    private Step step(Lane lane, int part, int batch, int start, int m) {
        boolean leader = part == 0;
        int in = first.inputSize();
        int units = first.outputSize();
        int classes = network.outputSize();
        int top = layers.size() - 1;
        Activation output = network.outputActivation();
        float[] xb = x[batch & 1];
        int r0 = m * part / threads;
        int r1 = m * (part + 1) / threads;
        data.gather(order, start + r0, r1 - r0, xb, r0);
        // written here, read after the barrier: no thread reads it again before thread 0 passes the next
        // batch's barrier, which waits for them all
        if (leader) stopNow = stop.getAsBoolean();
        barrier.await(); // the batch is whole, and every thread is done with the last one
        if (stopNow) {
            if (leader) stoppedAt = start; // the last batch's pending gradients are applied as at the epoch's end
            return Step.STOPPED;
        }
        if (leader) {
            if (lane.pending) applyAbove(lane);
            optimizer.beginStep(params);
        }
        first.weightedInputs(xb, 0, m, lane.from, lane.to, z1, 0);
        barrier.await(); // z¹ is whole
        System.arraycopy(z1, 0, lane.z[0], 0, m * units);
        first.activation().forward(lane.z[0], lane.a[0], m, units);
        for (int l = 1; l <= top; l++) layers.get(l).forward(lane.a[l - 1], m, lane.z[l], lane.a[l]);
        float[] out = lane.a[top];
        OneHot.encode(data, order, start, m, classes, lane.y);
        double c = cost.value(output, lane.z[top], out, lane.y, m, classes);
        if (!Double.isFinite(c)) {
            // every thread computed the same cost, so all stop here, at the same batch, having moved
            // nothing of this batch: the optimizer goes back to where the one-thread path leaves it
            if (leader) {
                optimizer.cancelStep();
                divergedBatch = batch;
                divergedCost = c;
            }
            return Step.DIVERGED;
        }
        if (leader) {
            costSum += c * m;
            correct += Trainer.countCorrect(out, lane.y, m, classes);
        }
        cost.outputDelta(output, lane.z[top], out, lane.y, lane.delta[top], m, classes);
        for (int l = top; l >= 1; l--) {
            Dense d = layers.get(l);
            if (leader) d.backward(lane.a[l - 1], m, lane.delta[l], lane.grads[2 * l], lane.grads[2 * l + 1], lane.delta[l - 1]);
            else d.backpropagate(lane.delta[l], 0, m, lane.delta[l - 1], 0);
            Dense below = layers.get(l - 1);
            below.activation().backward(lane.z[l - 1], lane.a[l - 1], lane.delta[l - 1], m, below.outputSize());
        }
        first.weightGradient(xb, 0, m, lane.delta[0], 0, lane.from, lane.to, 0f, gradW1);
        EW.columnSums(lane.delta[0], m, units, 1f, 0f, lane.grads[1]);
        int w0 = first.weights().offset(); // rows [from, to) of W¹ and of ∇W¹, which has its layout
        if (regularization != null) regularization.addGradients(first.weights(), gradW1, w0 + lane.from * in, w0 + lane.to * in);
        optimizer.update(0, first.weights().value().array(), gradW1, w0 + lane.from * in, w0 + lane.to * in);
        optimizer.update(1, first.bias().value().data(), lane.grads[1], lane.from, lane.to);
        if (leader) {
            lane.pending = true;
            if (onBatch != null) onBatch.batchFinished(start + m, data.size(), costSum);
        }
        return Step.TRAINED;
    }

    /** Thread 0 moves the layers above the first by the gradients of the last batch. */
    private void applyAbove(Lane lane) {
        for (int p = 2; p < params.size(); p++) {
            Param param = params.get(p);
            float[] g = lane.grads[p];
            int from = param.offset(), to = from + param.size();
            if (regularization != null) regularization.addGradients(param, g, from, to);
            optimizer.update(p, param.value().array(), g, from, to);
        }
        lane.pending = false;
    }
}

package org.backprop4j.optim;

import java.util.List;
import org.backprop4j.nn.Param;

/**
 * Moves the parameters against their gradients. {@code grads[i]} is ∂C/∂params[i] for the mean cost
 * of the current mini-batch, in the parameter's layout ({@link Param#newBuffer()}): the values of w,
 * of its gradient and of the optimizer's state for it are at the same indices
 * [offset, offset + size) of three arrays of the same length.
 */
public interface Optimizer {

    String name();

    /**
     * One step on the gradients of a mini-batch of {@code batchSize} examples. The batch size changes no
     * arithmetic: it only decides whether an update is divided among the kernel threads (as the product
     * that made its gradient was).
     */
    void step(List<Param> params, float[][] grads, int batchSize);

    /**
     * For trainers that divide the parameters among threads: prepares one step (allocates the state on
     * the first, advances per-step state such as Adam's t) without moving any parameter. Each slice of
     * each parameter is then moved once by {@link #update}, from whichever thread owns it. {@code step}
     * is beginStep followed by update of every whole parameter, so both give the same bits.
     */
    void beginStep(List<Param> params);

    /**
     * Moves values [from, to) of parameter {@code index} of the list given to {@link #beginStep}: w is
     * its array ({@code value().array()}), g its gradient, and from, to index both (the parameter's
     * values are [offset, offset + size)). Slices that do not overlap may move concurrently.
     */
    void update(int index, float[] w, float[] g, int from, int to);

    /**
     * For trainers that fuse the first half of the update into the product that makes the gradient: the
     * array s (in parameter {@code index}'s layout) such that this step begins with s ← fma(s, β, ∇), β being
     * {@link #accumulatorBeta()} (momentum: v ← μv + ∇, v the velocity). A GEMM given C = s and this β does
     * exactly that in its epilogue ({@code Gemm.updatesWithBeta}), so the gradient is never stored on its own
     * and the update then reads two arrays instead of three: {@link #updateAccumulated}. Null (the default)
     * when the optimizer needs the gradient itself. Valid after {@link #beginStep}, until the step ends.
     */
    default float[] accumulator(int index) { return null; }

    /** β of {@link #accumulator}: s ← fma(s, β, ∇). */
    default float accumulatorBeta() { throw new UnsupportedOperationException(name() + " has no gradient accumulator"); }

    /**
     * Moves values [from, to) of parameter {@code index} once its gradient has gone into
     * {@link #accumulator}(index): the second half of the update, with the same bits as {@link #update}
     * on that gradient.
     */
    default void updateAccumulated(int index, float[] w, int from, int to) {
        throw new UnsupportedOperationException(name() + " has no gradient accumulator");
    }

    /**
     * The step after {@link #beginStep}, for trainers that fused some gradients into {@link #accumulator}:
     * parameters with {@code accumulated[i]} move by {@link #updateAccumulated}, the others by
     * {@link #update} on grads[i]; divided among the kernel threads as {@link #step} divides them.
     */
    default void finishStep(List<Param> params, float[][] grads, boolean[] accumulated, int batchSize) {
        checkAligned(params, grads);
        for (int i = 0; i < grads.length; i++) {
            Param p = params.get(i);
            float[] w = p.value().array();
            int from = p.offset(), to = from + p.size();
            if (accumulated != null && accumulated[i]) updateAccumulated(i, w, from, to);
            else update(i, w, grads[i], from, to);
        }
    }

    /**
     * Takes back the last {@link #beginStep} when no slice was moved after it (a trainer that found the
     * cost not finite only after beginning the step), leaving the state as it was before.
     */
    default void cancelStep() {}

    /**
     * For trainers that hold a parameter transposed for a while (a first layer kept input-major): rearranges
     * what the optimizer remembers about parameter {@code index}, seen as a rows×cols matrix, into its
     * cols×rows transpose, so that it keeps matching the values it belongs to. Optimizers that remember
     * nothing per value, or have not yet taken a step, have nothing to move.
     *
     * @throws UnsupportedOperationException if this optimizer cannot ({@link #canTransposeState()} is false)
     */
    default void transposeState(int index, int rows, int cols) {
        throw new UnsupportedOperationException(name() + " cannot follow a transposed parameter");
    }

    /** Whether {@link #transposeState} is supported; true for every element-wise optimizer. */
    default boolean canTransposeState() { return false; }

    /** A step on gradients of unknown origin: each update runs on one thread unless it has a million values or more. */
    default void step(List<Param> params, float[][] grads) {
        step(params, grads, 1);
    }

    /** Each parameter needs its gradient, in its own layout: anything else is a caller's bug, not a no-op. */
    static void checkAligned(List<Param> params, float[][] grads) {
        if (grads.length != params.size()) {
            throw new IllegalArgumentException(grads.length + " gradients for " + params.size() + " parameters");
        }
        for (int i = 0; i < grads.length; i++) {
            int length = params.get(i).value().array().length;
            if (grads[i].length != length) {
                throw new IllegalArgumentException("gradient " + i + " is an array of " + grads[i].length + " floats, " + params.get(i).name()
                        + " needs " + length + " (" + params.get(i).size() + " values from index " + params.get(i).offset() + ": Param.newBuffer)");
            }
        }
    }

    /**
     * The threads this optimizer's updates may use from now on: a trainer's own. Until it is called an
     * update runs on the calling thread. Which threads run it never changes its result.
     */
    default void useContext(org.backprop4j.tensor.ExecutionContext context) {}

    float learningRate();

    /** For schedules: changes η from the next step on. */
    void setLearningRate(float eta);

    /** A copy of everything the optimizer remembers between steps, for checkpoints. */
    OptimizerState state();

    /** Continues from a state taken by {@link #state()} of the same kind of optimizer. */
    void restore(OptimizerState state);
}

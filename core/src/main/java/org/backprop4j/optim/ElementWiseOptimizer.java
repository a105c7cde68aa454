package org.backprop4j.optim;

import java.util.List;
import org.backprop4j.nn.Param;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Parallel;

/**
 * An optimizer whose update treats every value on its own (SGD, momentum, Adam), so that a step is
 * {@link #beginStep} and then {@link #update} of each whole parameter, cut into parts for the kernel
 * threads as {@link Ranges} says. Subclasses give the per-step preparation and the slice update; the
 * step itself is here once.
 */
abstract class ElementWiseOptimizer implements Optimizer, Parallel.Task {
    // the parameter being updated, for run()
    private int index;
    private float[] w;
    private float[] g;
    private int offset;
    private int size;
    private boolean fromAccumulator;
    /** The threads of the trainer that steps this optimizer; null (unbound): the calling thread only. */
    private ExecutionContext context;

    @Override
    public final void useContext(ExecutionContext context) { this.context = context; }

    @Override
    public final void step(List<Param> params, float[][] grads, int batchSize) {
        beginStep(params);
        finishStep(params, grads, null, batchSize);
    }

    @Override
    public final void finishStep(List<Param> params, float[][] grads, boolean[] accumulated, int batchSize) {
        Optimizer.checkAligned(params, grads);
        for (int i = 0; i < grads.length; i++) {
            index = i;
            Param p = params.get(i);
            w = p.value().array();
            offset = p.offset();
            size = p.size();
            g = grads[i];
            fromAccumulator = accumulated != null && accumulated[i];
            if (context == null) {
                run(0, 1);
            } else {
                context.run(this, Ranges.parts(context.threads(), size, batchSize));
            }
        }
        w = g = null;
    }

    /**
     * The arrays this optimizer keeps for parameter {@code index}, in its layout, or as restored from a
     * checkpoint (values only) until the next {@link #beginStep}; none before the first step.
     */
    abstract float[][] stateOf(int index);

    @Override
    public final void transposeState(int index, int rows, int cols) {
        for (float[] s : stateOf(index)) Matrix.transposeInPlace(s, rows, cols); // the values are the last rows·cols floats either way
    }

    /** One zero array per parameter, in its layout. */
    static float[][] newState(List<Param> params) {
        float[][] s = new float[params.size()][];
        for (int i = 0; i < s.length; i++) s[i] = params.get(i).newBuffer();
        return s;
    }

    /**
     * Copies of the values of per-parameter state arrays (each array's last `size` floats, where its
     * parameter's values lie), for checkpoints: they hold no layout, which depends on the JVM.
     */
    static float[][] valuesOf(float[][] state, int[] sizes) {
        float[][] v = new float[state.length][];
        for (int i = 0; i < v.length; i++) v[i] = java.util.Arrays.copyOfRange(state[i], state[i].length - sizes[i], state[i].length);
        return v;
    }

    /** Values (as {@link #valuesOf} gives them) laid out as the parameters' arrays. */
    static float[][] laidOut(float[][] values, List<Param> params) {
        if (values.length != params.size()) {
            throw new org.backprop4j.BadInputException("optimizer state for " + values.length + " parameters, the network has " + params.size());
        }
        float[][] s = newState(params);
        for (int i = 0; i < s.length; i++) {
            Param p = params.get(i);
            if (values[i].length != p.size()) {
                throw new org.backprop4j.BadInputException("optimizer state of " + p.name() + " has " + values[i].length + " values, it needs " + p.size());
            }
            System.arraycopy(values[i], 0, s[i], p.offset(), p.size());
        }
        return s;
    }

    /** Deep copies of per-parameter arrays (checkpoint state going in or out). */
    static float[][] copy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }

    /** The number of values of each parameter. */
    static int[] sizes(List<Param> params) {
        int[] n = new int[params.size()];
        for (int i = 0; i < n.length; i++) n[i] = params.get(i).size();
        return n;
    }

    @Override
    public final boolean canTransposeState() { return true; }

    @Override
    public final void run(int part, int parts) {
        int from = offset + Ranges.from(size, part, parts);
        int to = offset + Ranges.from(size, part + 1, parts);
        if (fromAccumulator) updateAccumulated(index, w, from, to);
        else update(index, w, g, from, to);
    }
}

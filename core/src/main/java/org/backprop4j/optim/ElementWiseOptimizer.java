package org.backprop4j.optim;

import java.util.List;
import org.backprop4j.nn.Param;
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
    private boolean fromAccumulator;

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
            w = params.get(i).value().data();
            g = grads[i];
            fromAccumulator = accumulated != null && accumulated[i];
            Parallel.run(this, Ranges.parts(w.length, batchSize));
        }
        w = g = null;
    }

    /** The arrays this optimizer keeps for parameter {@code index}, each of its size (none before the first step). */
    abstract float[][] stateOf(int index);

    @Override
    public final void transposeState(int index, int rows, int cols) {
        for (float[] s : stateOf(index)) Matrix.transposeInPlace(s, rows, cols);
    }

    @Override
    public final boolean canTransposeState() { return true; }

    @Override
    public final void run(int part, int parts) {
        int from = Ranges.from(w.length, part, parts);
        int to = Ranges.from(w.length, part + 1, parts);
        if (fromAccumulator) updateAccumulated(index, w, from, to);
        else update(index, w, g, from, to);
    }
}

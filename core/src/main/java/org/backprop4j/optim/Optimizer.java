package org.backprop4j.optim;

import java.util.List;
import org.backprop4j.nn.Param;

/**
 * Moves the parameters against their gradients. {@code grads[i]} is ∂C/∂params[i] for the mean cost
 * of the current mini-batch.
 */
public interface Optimizer {

    String name();

    void step(List<Param> params, float[][] grads);

    float learningRate();

    /** For schedules: changes η from the next step on. */
    void setLearningRate(float eta);

    /** A copy of everything the optimizer remembers between steps, for checkpoints. */
    OptimizerState state();

    /** Continues from a state taken by {@link #state()} of the same kind of optimizer. */
    void restore(OptimizerState state);
}

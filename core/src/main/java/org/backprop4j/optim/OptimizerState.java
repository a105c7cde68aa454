package org.backprop4j.optim;

import org.backprop4j.BadInputException;

/**
 * What an optimizer must remember between steps, for checkpoints: its name, a step count, and up to two
 * buffers per parameter (momentum's velocity; Adam's first and second moments). Empty arrays mean the
 * optimizer has not stepped yet (or keeps no buffers).
 */
public record OptimizerState(String name, long steps, float[][] buffers, float[][] buffers2) {
    public void requireName(String expected) {
        if (!name.equals(expected)) throw new BadInputException("checkpoint holds " + name + " state, the run uses " + expected);
    }
}

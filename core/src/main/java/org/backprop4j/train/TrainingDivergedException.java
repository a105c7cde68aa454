package org.backprop4j.train;

import org.backprop4j.BadInputException;

/** The cost became NaN or infinite, or rose far above its starting value: the learning rate is almost always too large. */
public final class TrainingDivergedException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) { super(message); }
}

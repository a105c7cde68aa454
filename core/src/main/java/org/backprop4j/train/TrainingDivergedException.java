package org.backprop4j.train;

import org.backprop4j.SettingException;

/**
 * The cost became NaN or infinite, or rose far above its starting value: the learning rate ({@code eta})
 * is almost always too large, and the message says to lower it.
 */
public final class TrainingDivergedException extends SettingException {
    private static final long serialVersionUID = 1L;

    /** @param template the message, with {@code {setting}} where the learning rate's name goes */
    public TrainingDivergedException(String template) { super("eta", template); }
}

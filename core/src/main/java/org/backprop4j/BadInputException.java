package org.backprop4j;

/**
 * Input a user gave us is wrong: a missing or corrupt file, a shape that does not fit, a bad value.
 * The message is one line that names the input (file, and offset or line where known) and what was
 * expected; the command line prints it without a stack trace and exits non-zero.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) { super(message); }

    public BadInputException(String message, Throwable cause) { super(message, cause); }
}

package org.backprop4j.train;

import org.backprop4j.eval.Evaluation;

/**
 * What one epoch produced. {@code trainCost} and {@code trainAccuracy} are running figures over the
 * epoch's mini-batches (each measured before that batch's update), which costs nothing extra;
 * validation and test are evaluated after the epoch. Either evaluation may be null when that split is
 * empty.
 */
public record EpochResult(int epoch, double trainCost, double trainAccuracy, Evaluation validation, Evaluation test,
                          double trainSeconds, double evalSeconds) {
}

package org.backprop4j.train;

/**
 * The numbers of one epoch: what metrics files and checkpoints keep. Training cost and accuracy are
 * running figures over the epoch's mini-batches, the cost including the weight penalty; validation and
 * test figures are measured after the epoch (NaN when there is no such split).
 */
public record EpochMetrics(int epoch, double trainCost, double trainAccuracy, double validationCost, double validationAccuracy,
                           double testCost, double testAccuracy, double trainSeconds, double evalSeconds, float learningRate) {
}

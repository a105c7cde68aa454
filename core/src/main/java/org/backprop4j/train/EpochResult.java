package org.backprop4j.train;

import org.backprop4j.eval.Evaluation;

/**
 * What one epoch produced, with the full evaluations (confusion matrices) of validation and test data;
 * either may be null when that split is empty.
 */
public record EpochResult(int epoch, double trainCost, double trainAccuracy, Evaluation validation, Evaluation test,
                          double trainSeconds, double evalSeconds, float learningRate) {

    public EpochMetrics metrics() {
        return new EpochMetrics(epoch, trainCost, trainAccuracy,
                validation == null ? Double.NaN : validation.cost(), validation == null ? Double.NaN : validation.accuracy(),
                test == null ? Double.NaN : test.cost(), test == null ? Double.NaN : test.accuracy(), trainSeconds, evalSeconds, learningRate);
    }
}

package org.backprop4j.examples;

import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.backprop4j.loss.Costs;
import org.backprop4j.nn.Activations;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Predictor;
import org.backprop4j.train.TrainConfig;
import org.backprop4j.train.Training;

/** XOR from arrays: the problem a single perceptron cannot solve and one hidden layer can. */
public class Xor {
    /** The four inputs and their classes (0: false, 1: true). */
    static final float[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final int[] LABELS = {0, 1, 1, 0};

    /** Trains a 2-8-2 network on the four cases and returns it. */
    public static Network train() {
        Dataset xor = Dataset.of("xor", INPUTS, LABELS);
        TrainConfig config = TrainConfig.builder().layers(2, 8, 2)
                .activation(Activations.TANH).output(Activations.SOFTMAX).cost(Costs.NLL)
                .optimizer(TrainConfig.OptimizerKind.ADAM).eta(0.05f)
                .batchSize(4).epochs(300).validation(0).seed(3).build();
        // four examples: train and test on the same ones
        return Training.run(config, new Datasets.Split(xor, xor), (epoch, network) -> { }).network();
    }

    public static void main(String[] args) {
        Predictor p = new Predictor(train());
        for (int i = 0; i < INPUTS.length; i++) {
            float[] probabilities = p.probabilities(INPUTS[i]);
            System.out.printf("%s xor %s = %d  (p = %.3f)%n", (int) INPUTS[i][0], (int) INPUTS[i][1], p.classify(INPUTS[i]),
                    probabilities[p.classify(INPUTS[i])]);
        }
    }
}

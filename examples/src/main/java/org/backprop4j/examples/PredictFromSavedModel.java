package org.backprop4j.examples;

import java.nio.file.Path;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.backprop4j.io.ModelFile;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Predictor;

/** Loads a model saved by {@code ./backprop4j train} (or {@code ModelFile.save}) and classifies MNIST's first test images. */
public class PredictFromSavedModel {
    /** The guesses for the first {@code n} test images. */
    public static int[] predict(Path model, int n) {
        ModelFile.Loaded loaded = ModelFile.load(model);
        Network network = loaded.network();
        Dataset test = Datasets.mnist().test();
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) rows[i] = test.row(i);
        return new Predictor(network).classify(rows);
    }

    public static void main(String[] args) {
        Path model = Path.of(args.length > 0 ? args[0] : "runs/default.bp4j");
        Dataset test = Datasets.mnist().test();
        int[] guesses = predict(model, 10);
        for (int i = 0; i < guesses.length; i++) System.out.println("test image " + i + ": " + guesses[i] + " (label " + test.label(i) + ")");
    }
}

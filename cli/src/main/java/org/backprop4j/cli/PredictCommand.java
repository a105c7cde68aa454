package org.backprop4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.backprop4j.BadInputException;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.DigitImage;
import org.backprop4j.io.ModelFile;
import org.backprop4j.nn.Predictor;
import org.backprop4j.nn.Softmax;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classifies one image: a picture file (any size, grayscale or colour, prepared like MNIST) or test image --index N.",
                "Prints the class and the network's output for each class."})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by train.")
    Path model;

    @Parameters(index = "1", arity = "0..1", paramLabel = "IMAGE", description = "A PNG, JPEG, GIF or BMP picture of one digit.")
    Path image;

    @Option(names = "--index", paramLabel = "N", description = "Use test image N of the dataset instead of a picture.")
    Integer index;

    @Option(names = "--dataset", paramLabel = "mnist|fashion|DIR|FILE.csv", description = "Dataset for --index (default: the model's own).")
    String dataset;

    @Option(names = "--show", description = "Draw the 28x28 input the network sees.")
    boolean show;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if ((image == null) == (index == null)) throw new Main.UsageException("give either an IMAGE file or --index N");
        ModelFile.Loaded m = ModelOptions.load(model);
        float[] x;
        int h = 28;
        int w = 28;
        Integer answer = null;
        if (image != null) {
            if (m.network().inputSize() != 28 * 28) {
                throw new BadInputException(model + " takes " + m.network().inputSize() + " inputs; picture files need a 784-input (28x28) model");
            }
            x = DigitImage.read(image);
        } else {
            Dataset test = ModelOptions.loadData(m, dataset, null).test();
            if (index < 0 || index >= test.size()) {
                throw new BadInputException("--index " + index + " is outside " + test.name() + " (0.." + (test.size() - 1) + ")");
            }
            if (test.features() != m.network().inputSize()) {
                throw new BadInputException(model + " takes " + m.network().inputSize() + " inputs but " + test.name() + " has " + test.features());
            }
            x = test.row(index);
            answer = test.label(index);
            h = test.isImage() ? test.height() : 0;
            w = test.isImage() ? test.width() : 0;
        }
        if (show && h > 0) Reports.ascii(out, x, h, w);
        float[] y = new float[m.network().outputSize()];
        int best = new Predictor(m.network()).predict(x, y);
        boolean probabilities = m.network().outputActivation() instanceof Softmax;
        out.println("Prediction: " + best + (answer == null ? "" : "  (answer " + answer + ")"));
        out.println(probabilities ? "Probabilities:" : "Outputs (" + m.network().outputActivation().name() + ", not normalised):");
        for (int j = 0; j < y.length; j++) {
            out.printf(Locale.ROOT, "  %d: %.4f%s%n", j, y[j], j == best ? "  <" : "");
        }
        return 0;
    }
}

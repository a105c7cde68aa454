package org.backprop4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.backprop4j.BadInputException;
import org.backprop4j.data.CsvReader;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.FeatureScaling;
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
        description = {"Classifies one image: a picture file (any size, grayscale or colour, prepared like MNIST) or test image --index N,",
                "and prints the class and the network's output for each class; or classifies every row of a CSV file of new examples",
                "(the model's features in order, with or without its label column and header), one line per row."})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by train.")
    Path model;

    @Parameters(index = "1", arity = "0..1", paramLabel = "IMAGE|ROWS.csv", description = "A PNG, JPEG, GIF or BMP picture of one digit, or a CSV file of examples.")
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
        if (image != null && image.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) return rows(out, m);
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
        List<String> names = ModelOptions.classNames(m);
        out.println("Prediction: " + named(names, best) + (answer == null ? "" : "  (answer " + named(names, answer) + ")"));
        out.println(probabilities ? "Probabilities:" : "Outputs (" + m.network().outputActivation().name() + ", not normalised):");
        for (int j = 0; j < y.length; j++) {
            out.printf(Locale.ROOT, "  %s: %.4f%s%n", named(names, j), y[j], j == best ? "  <" : "");
        }
        return 0;
    }

    /** "3" or "3 Dress". */
    private static String named(List<String> names, int k) {
        return k < names.size() ? k + " " + names.get(k) : Integer.toString(k);
    }

    /**
     * One line per row of a CSV file: "row N: class (p)". A row holds the model's features, or the features and
     * the label in the column the model was trained with, which is then shown as the answer; values are scaled
     * as the training data was.
     */
    private int rows(PrintWriter out, ModelFile.Loaded m) {
        int inputs = m.network().inputSize();
        CsvReader.Rows rows = CsvReader.readRows(image, inputs, m.meta().get("csv.label"));
        FeatureScaling scaling = FeatureScaling.fromMeta(m.meta(), inputs);
        scaling.apply(rows.x(), inputs);
        List<String> names = ModelOptions.classNames(m);
        Predictor predictor = new Predictor(m.network());
        float[] y = new float[m.network().outputSize()];
        float[] x = new float[inputs];
        boolean probabilities = m.network().outputActivation() instanceof Softmax;
        for (int r = 0; r < rows.count(); r++) {
            System.arraycopy(rows.x(), r * inputs, x, 0, inputs);
            int best = predictor.predict(x, y);
            String answer = rows.labels() == null ? "" : "  (answer " + rows.labels().get(r) + ")";
            out.printf(Locale.ROOT, "row %d: %s  %s %.4f%s%n", r + 1, Reports.className(names, best), probabilities ? "p" : "output", y[best], answer);
        }
        return 0;
    }
}

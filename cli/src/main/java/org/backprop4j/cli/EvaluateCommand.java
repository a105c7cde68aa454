package org.backprop4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.backprop4j.BadInputException;
import org.backprop4j.data.Dataset;
import org.backprop4j.eval.Evaluation;
import org.backprop4j.eval.Evaluator;
import org.backprop4j.io.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluates a saved model on the test set: accuracy, confusion matrix, per-class precision/recall/F1, mistakes.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by train.")
    Path model;

    @Option(names = "--dataset", paramLabel = "mnist|fashion|DIR|FILE.csv", description = "Data to evaluate on (default: the model's own).")
    String dataset;

    @Option(names = "--misclassified", paramLabel = "N", description = "How many misclassified images to list (default ${DEFAULT-VALUE}).")
    int misclassified = 20;

    @Option(names = "--test-fraction", paramLabel = "F", description = "For a CSV dataset: the held-out fraction (default: the one the model was trained with).")
    Double testFraction;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ModelFile.Loaded m = ModelOptions.load(model);
        Dataset test = ModelOptions.loadData(m, dataset, testFraction).test();
        if (test.features() != m.network().inputSize()) {
            throw new BadInputException(model + " takes " + m.network().inputSize() + " inputs but " + test.name() + " has "
                    + test.features() + " features per example");
        }
        out.println("Model " + model + ": " + m.network() + (m.meta().containsKey("dataset") ? ", trained on " + m.meta().get("dataset") : ""));
        Evaluation e = new Evaluator(m.network()).evaluate(test, ModelOptions.cost(m));
        Reports.accuracy(out, "Test (" + test.name() + ")", e);
        Reports.confusionMatrix(out, e);
        Reports.perClass(out, e);
        Reports.misclassified(out, e, test, misclassified);
        return 0;
    }
}

package org.backprop4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.backprop4j.BadInputException;
import org.backprop4j.data.Dataset;
import org.backprop4j.eval.Ensemble;
import org.backprop4j.eval.Evaluation;
import org.backprop4j.eval.Evaluator;
import org.backprop4j.io.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluates a saved model on the test set: accuracy, confusion matrix, per-class precision/recall/F1, mistakes.",
                "Given several models, evaluates each and their vote (the class most of them guess; ties to the largest summed output)."})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "MODEL", description = "Model files written by train (several: their vote).")
    List<Path> models;

    @Option(names = "--dataset", paramLabel = "mnist|fashion|DIR|FILE.csv", description = "Data to evaluate on (default: the model's own).")
    String dataset;

    @Option(names = "--misclassified", paramLabel = "N", description = "How many misclassified images to list (default ${DEFAULT-VALUE}).")
    int misclassified = 20;

    @Option(names = "--test-fraction", paramLabel = "F", description = "For a CSV dataset: the held-out fraction (default: the one the model was trained with).")
    Double testFraction;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<ModelFile.Loaded> loaded = new ArrayList<>();
        for (Path model : models) loaded.add(ModelOptions.load(model));
        ModelFile.Loaded m = loaded.get(0);
        Dataset test = ModelOptions.loadData(m, dataset, testFraction).test();
        for (int i = 0; i < loaded.size(); i++) {
            if (test.features() != loaded.get(i).network().inputSize()) {
                throw new BadInputException(models.get(i) + " takes " + loaded.get(i).network().inputSize() + " inputs but " + test.name() + " has "
                        + test.features() + " features per example");
            }
        }
        Evaluation e;
        if (loaded.size() == 1) {
            out.println("Model " + models.get(0) + ": " + m.network() + (m.meta().containsKey("dataset") ? ", trained on " + m.meta().get("dataset") : ""));
            e = new Evaluator(m.network()).evaluate(test, ModelOptions.cost(m));
            Reports.accuracy(out, "Test (" + test.name() + ")", e);
        } else {
            e = vote(out, loaded, test);
        }
        Reports.confusionMatrix(out, e);
        Reports.perClass(out, e, test.classNames().isEmpty() ? ModelOptions.classNames(m) : test.classNames());
        Reports.misclassified(out, e, test, misclassified);
        return 0;
    }

    /** Each member's accuracy, then the vote's (the report that follows is the vote's). */
    private Evaluation vote(PrintWriter out, List<ModelFile.Loaded> loaded, Dataset test) {
        List<org.backprop4j.nn.Network> nets = new ArrayList<>();
        for (ModelFile.Loaded l : loaded) nets.add(l.network());
        Evaluation[] each = new Evaluation[nets.size()];
        Evaluation e = new Ensemble(nets).vote(test, each);
        out.println("Ensemble of " + nets.size() + " models on " + test.name() + ":");
        for (int i = 0; i < each.length; i++) Reports.accuracy(out, "  " + models.get(i), each[i]);
        Reports.accuracy(out, "Vote (" + test.name() + ")", e);
        return e;
    }
}

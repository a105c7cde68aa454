package org.backprop4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.backprop4j.BadInputException;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.backprop4j.eval.Ensemble;
import org.backprop4j.eval.Evaluation;
import org.backprop4j.eval.Evaluator;
import org.backprop4j.io.ModelFile;
import org.backprop4j.train.TrainConfig;
import org.backprop4j.train.Training;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluates a saved model on the test set: accuracy, confusion matrix, per-class precision/recall/F1, mistakes.",
                "Given several models, evaluates each and their vote (the class most of them guess; ties to the largest summed output),",
                "or with --combine mean the class of their largest mean output."})
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

    @Option(names = "--combine", paramLabel = "vote|mean", description = "Several models: the class most of them guess (vote, the default) or of their largest mean output (mean).")
    String combine = "vote";

    @Option(names = "--split", paramLabel = "test|validation", description = {"The examples to evaluate on: the test set (the default) or the training examples",
            "the model held out for validation (to choose between models or --combine without looking at the test set)."})
    String split = "test";

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Ensemble.Combination how = combination(combine);
        if (!split.equals("test") && !split.equals("validation")) throw new Main.UsageException("--split is test or validation, got '" + split + "'");
        boolean onValidation = split.equals("validation");
        if (onValidation && dataset != null) {
            throw new Main.UsageException("--split validation evaluates on the examples the model held out of its own training data: drop --dataset");
        }
        List<ModelFile.Loaded> loaded = new ArrayList<>();
        for (Path model : models) loaded.add(ModelOptions.load(model));
        ModelFile.Loaded m = loaded.get(0);
        Datasets.Split data = ModelOptions.loadData(m, dataset, testFraction);
        Dataset test = onValidation ? heldOut(loaded, data.train()) : data.test();
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
            Reports.accuracy(out, (onValidation ? "Validation (" : "Test (") + test.name() + ")", e);
        } else {
            e = combined(out, loaded, test, how);
        }
        Reports.confusionMatrix(out, e);
        Reports.perClass(out, e, test.classNames().isEmpty() ? ModelOptions.classNames(m) : test.classNames());
        Reports.misclassified(out, e, test, misclassified);
        return 0;
    }

    /** --combine's value; a usage error for any other. */
    static Ensemble.Combination combination(String s) {
        try {
            return Ensemble.Combination.parse(s);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--combine is vote or mean, got '" + s + "'");
        }
    }

    /** Each member's accuracy, then the vote's or the mean's (the report that follows is theirs). */
    private Evaluation combined(PrintWriter out, List<ModelFile.Loaded> loaded, Dataset test, Ensemble.Combination how) {
        List<org.backprop4j.nn.Network> nets = new ArrayList<>();
        for (ModelFile.Loaded l : loaded) nets.add(l.network());
        Evaluation[] each = new Evaluation[nets.size()];
        Evaluation e = new Ensemble(nets).evaluate(test, how, each);
        out.println("Ensemble of " + nets.size() + " models on " + test.name() + ":");
        for (int i = 0; i < each.length; i++) Reports.accuracy(out, "  " + models.get(i), each[i]);
        Reports.accuracy(out, (how == Ensemble.Combination.VOTE ? "Vote (" : "Mean (") + test.name() + ")", e);
        return e;
    }

    /**
     * The last training examples the models held out for validation (their config's --validation, taken
     * as train takes it, before any --limit); every model must have held out the same ones.
     */
    private Dataset heldOut(List<ModelFile.Loaded> loaded, Dataset all) {
        int n = -1;
        for (int i = 0; i < loaded.size(); i++) {
            String v = loaded.get(i).meta().get("config.validation");
            if (v == null) throw new BadInputException(models.get(i) + " does not say which training examples it held out for validation");
            TrainConfig.Builder b = TrainConfig.builder();
            if (v.equals("auto")) b.validation(TrainConfig.AUTO_VALIDATION);
            else TrainCommand.setValidation(b, v);
            int k = b.build().validationFor(all.size());
            if (k == 0) throw new BadInputException(models.get(i) + " held out no training examples for validation");
            if (n >= 0 && k != n) {
                throw new BadInputException(models.get(i) + " held out the last " + k + " training examples for validation, " + models.get(0) + " " + n);
            }
            n = k;
        }
        return Training.heldOut(all, n);
    }
}

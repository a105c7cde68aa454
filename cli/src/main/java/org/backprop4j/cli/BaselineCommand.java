package org.backprop4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.backprop4j.data.Datasets;
import org.backprop4j.eval.Baselines;
import org.backprop4j.eval.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "The baselines a network must beat (Nielsen ch. 1): random guessing and average darkness.")
final class BaselineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "mnist|fashion|DIR|FILE.csv", description = "Data (default: mnist).")
    String dataset = "mnist";

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the random guesses (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--validation", paramLabel = "N", description = "Leave out the last N training images when averaging, as Nielsen's 50,000-image training set does (default ${DEFAULT-VALUE}).")
    int validation = 10_000;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Datasets.Split data = Datasets.load(dataset, Datasets.defaultDataDir(), seed, 0.2);
        int classes = data.train().classes();
        int v = Math.max(0, Math.min(validation, data.train().size() - 1));
        var train = data.train().slice(0, data.train().size() - v, data.train().name());
        Evaluation random = Baselines.randomGuess(data.test(), classes, seed);
        Evaluation dark = Baselines.averageDarkness(train, data.test(), classes);
        out.printf(Locale.ROOT, "Baselines on %s (%d test images, %d classes)%n", data.test().name(), data.test().size(), classes);
        out.printf(Locale.ROOT, "Random guess:     %s (%d / %d), seed %d; expected %s%n", Reports.percent(random.accuracy()), random.correct(),
                random.total(), seed, Reports.percent(1.0 / classes));
        out.printf(Locale.ROOT, "Average darkness: %s (%d / %d), class means from %d training images%n", Reports.percent(dark.accuracy()),
                dark.correct(), dark.total(), train.size());
        double[] avg = Baselines.averageDarkness(train, classes);
        StringBuilder sb = new StringBuilder("  mean darkness per class:");
        for (int c = 0; c < classes; c++) sb.append(String.format(Locale.ROOT, " %d=%.1f", c, avg[c]));
        out.println(sb);
        return 0;
    }
}

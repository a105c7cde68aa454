package org.backprop4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.backprop4j.nn.Perceptron;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "perceptron", mixinStandardHelpOptions = true,
        description = {"The notes' decision perceptron: go to the game? Inputs (cheap tickets, available, interested),",
                "weights w = (1, 6, 3); output 1 when w·x reaches the threshold t."})
final class PerceptronCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--weights", paramLabel = "W,W,W", split = ",", description = "Weights of price, availability, interest (default 1,6,3).")
    double[] weights = {1, 6, 3};

    @Option(names = "--thresholds", paramLabel = "T,T", split = ",", description = "Thresholds to tabulate (default 9,7).")
    double[] thresholds = {9, 7};

    @Override
    public Integer call() {
        if (weights.length != 3) throw new Main.UsageException("--weights needs 3 values (price, availability, interest), got " + weights.length);
        PrintWriter out = spec.commandLine().getOut();
        double[][] inputs = {{1, 1, 1}, {1, 0, 0}, {1, 1, 0}, {1, 0, 1}, {0, 1, 1}, {0, 0, 0}, {0, 0, 1}, {0, 1, 0}};
        out.printf(Locale.ROOT, "Decision perceptron, w = (%s, %s, %s)%n", num(weights[0]), num(weights[1]), num(weights[2]));
        StringBuilder header = new StringBuilder("tickets    available  interest  x          w.x");
        for (double t : thresholds) header.append(String.format(Locale.ROOT, "  go(t=%s)", num(t)));
        out.println(header);
        boolean agree = true;
        for (double[] x : inputs) {
            Perceptron any = new Perceptron(weights, 0);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-10s %-10s %-9s (%d,%d,%d)    %4s",
                    x[0] == 1 ? "cheap" : "expensive", x[1] == 1 ? "yes" : "no", x[2] == 1 ? "yes" : "no",
                    (int) x[0], (int) x[1], (int) x[2], num(any.weightedSum(x))));
            for (double t : thresholds) {
                Perceptron p = new Perceptron(weights, t);
                row.append(String.format(Locale.ROOT, "  %8d", p.decide(x)));
                agree &= p.decide(x) == p.decideWithBias(x);
            }
            out.println(row);
        }
        out.println("With a bias b = -t instead of a threshold, output = step(w.x + b): "
                + (agree ? "the same decision for all 8 inputs." : "MISMATCH (a bug)."));
        return agree ? 0 : 70;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}

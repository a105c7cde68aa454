package org.backprop4j.eval;

import java.util.List;
import org.backprop4j.BadInputException;
import org.backprop4j.data.Dataset;
import org.backprop4j.nn.Network;

/**
 * Several networks voting (Nielsen chapter 6: five networks trained alike from different seeds), in one
 * of two ways ({@link Combination}): each example's class is the one most members guess (among classes
 * with as many votes, the one with the largest summed output, then the lowest class), or the class of the
 * largest mean output (for softmax outputs, the mean probability: scikit-learn's "soft" voting).
 */
public final class Ensemble {
    /** How the members' outputs make one guess. */
    public enum Combination {
        /** The class most members guess (Nielsen's); ties to the largest summed output, then the lowest class. */
        VOTE,
        /** The class of the largest mean output; ties to the lowest class. */
        MEAN;

        /** vote or mean, as on the command line. */
        public static Combination parse(String s) {
            return switch (s) {
                case "vote" -> VOTE;
                case "mean" -> MEAN;
                default -> throw new IllegalArgumentException("a combination is vote or mean, got '" + s + "'");
            };
        }
    }

    private final List<Network> members;

    public Ensemble(List<Network> members) {
        if (members.isEmpty()) throw new IllegalArgumentException("an ensemble needs at least one member");
        Network first = members.get(0);
        for (int i = 1; i < members.size(); i++) {
            Network n = members.get(i);
            if (n.inputSize() != first.inputSize() || n.outputSize() != first.outputSize()) {
                throw new BadInputException("member " + (i + 1) + " takes " + n.inputSize() + " inputs and gives " + n.outputSize()
                        + " outputs, member 1 " + first.inputSize() + " and " + first.outputSize());
            }
        }
        this.members = List.copyOf(members);
    }

    public List<Network> members() { return members; }

    /** The members' vote on every example of data, and each member's own evaluation (in {@code each}, if not null). */
    public Evaluation vote(Dataset data, Evaluation[] each) { return evaluate(data, Combination.VOTE, each); }

    /** The members' combined guess on every example of data, and each member's own evaluation (in {@code each}, if not null). */
    public Evaluation evaluate(Dataset data, Combination how, Evaluation[] each) {
        int n = data.size(), classes = members.get(0).outputSize();
        int[] votes = new int[n * classes];
        double[] sums = new double[n * classes];
        for (int k = 0; k < members.size(); k++) {
            float[] out = new Evaluator(members.get(k)).outputs(data);
            int[] guesses = new int[n];
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int c = 1; c < classes; c++) if (out[i * classes + c] > out[i * classes + best]) best = c;
                guesses[i] = best;
                votes[i * classes + best]++;
                for (int c = 0; c < classes; c++) sums[i * classes + c] += out[i * classes + c];
            }
            if (each != null) each[k] = new Evaluation(classes, guesses, answers(data, classes), Double.NaN);
        }
        int[] guesses = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                int v = votes[i * classes + c], b = votes[i * classes + best];
                boolean larger = sums[i * classes + c] > sums[i * classes + best]; // the sum's order is the mean's
                if (how == Combination.MEAN ? larger : v > b || v == b && larger) best = c;
            }
            guesses[i] = best;
        }
        return new Evaluation(classes, guesses, answers(data, classes), Double.NaN);
    }

    private static int[] answers(Dataset data, int classes) {
        int[] a = new int[data.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = data.labelAt(i);
            if (a[i] >= classes) {
                throw new BadInputException(data.name() + ": label " + a[i] + " of example " + i + " does not fit networks with " + classes + " outputs");
            }
        }
        return a;
    }
}

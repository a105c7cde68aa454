package org.backprop4j.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of classifying a labelled dataset: the confusion matrix (rows are the true class,
 * columns the network's guess), the mean cost if one was computed, and the guess for each example.
 */
public final class Evaluation {
    private final int classes;
    private final long[][] confusion;
    private final int[] guesses;
    private final int[] answers;
    private final double cost;

    public Evaluation(int classes, int[] guesses, int[] answers, double cost) {
        if (guesses.length != answers.length) throw new IllegalArgumentException("guesses and answers differ in length");
        this.classes = classes;
        this.guesses = guesses;
        this.answers = answers;
        this.cost = cost;
        this.confusion = new long[classes][classes];
        for (int i = 0; i < guesses.length; i++) confusion[answers[i]][guesses[i]]++;
    }

    public int classes() { return classes; }

    public int total() { return guesses.length; }

    public int correct() {
        int c = 0;
        for (int i = 0; i < guesses.length; i++) if (guesses[i] == answers[i]) c++;
        return c;
    }

    public double accuracy() { return total() == 0 ? 0 : (double) correct() / total(); }

    /** Mean cost over the examples, or NaN if no cost was given. */
    public double cost() { return cost; }

    /** confusion[answer][guess]. */
    public long[][] confusionMatrix() {
        long[][] c = new long[classes][];
        for (int i = 0; i < classes; i++) c[i] = confusion[i].clone();
        return c;
    }

    public int guess(int i) { return guesses[i]; }

    public int answer(int i) { return answers[i]; }

    /** Of the examples guessed as c, the fraction that are c. NaN when c was never guessed. */
    public double precision(int c) {
        long guessed = 0;
        for (int a = 0; a < classes; a++) guessed += confusion[a][c];
        return guessed == 0 ? Double.NaN : (double) confusion[c][c] / guessed;
    }

    /** Of the examples that are c, the fraction guessed as c. NaN when there are none. */
    public double recall(int c) {
        long actual = 0;
        for (int g = 0; g < classes; g++) actual += confusion[c][g];
        return actual == 0 ? Double.NaN : (double) confusion[c][c] / actual;
    }

    /** Harmonic mean of precision and recall. */
    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        if (Double.isNaN(p) || Double.isNaN(r)) return Double.NaN;
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Indices of the first {@code limit} misclassified examples, in dataset order. */
    public List<Integer> misclassified(int limit) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < guesses.length && out.size() < limit; i++) if (guesses[i] != answers[i]) out.add(i);
        return out;
    }
}

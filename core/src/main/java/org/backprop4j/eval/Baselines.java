package org.backprop4j.eval;

import org.backprop4j.data.Dataset;
import org.backprop4j.tensor.Rng;

/**
 * The yardsticks a learned classifier must beat (Nielsen ch. 1): guessing at random, and the
 * "average darkness" rule, which learns the mean total ink of each digit and answers with the digit
 * whose mean is closest to the image's ink.
 */
public final class Baselines {
    private Baselines() {}

    /** Uniform random guesses, seeded. */
    public static Evaluation randomGuess(Dataset test, int classes, long seed) {
        Rng rng = new Rng(seed);
        int n = test.size();
        int[] guesses = new int[n];
        int[] answers = new int[n];
        for (int i = 0; i < n; i++) {
            guesses[i] = rng.nextInt(classes);
            answers[i] = test.labelAt(i);
        }
        return new Evaluation(classes, guesses, answers, Double.NaN);
    }

    /** Mean darkness (sum of pixel values) of the training images of each class. */
    public static double[] averageDarkness(Dataset train, int classes) {
        double[] sum = new double[classes];
        long[] count = new long[classes];
        float[] row = new float[train.features()];
        for (int i = 0; i < train.size(); i++) {
            train.copyRow(i, row, 0);
            int label = train.labelAt(i);
            sum[label] += darkness(row);
            count[label]++;
        }
        for (int c = 0; c < classes; c++) sum[c] = count[c] == 0 ? Double.NaN : sum[c] / count[c];
        return sum;
    }

    /** Classifies each test image as the class whose average darkness is nearest to its own. */
    public static Evaluation averageDarkness(Dataset train, Dataset test, int classes) {
        double[] avg = averageDarkness(train, classes);
        int n = test.size();
        int[] guesses = new int[n];
        int[] answers = new int[n];
        float[] row = new float[test.features()];
        for (int i = 0; i < n; i++) {
            test.copyRow(i, row, 0);
            double d = darkness(row);
            int best = -1;
            for (int c = 0; c < classes; c++) {
                if (Double.isNaN(avg[c])) continue;
                if (best < 0 || Math.abs(avg[c] - d) < Math.abs(avg[best] - d)) best = c;
            }
            guesses[i] = best;
            answers[i] = test.labelAt(i);
        }
        return new Evaluation(classes, guesses, answers, Double.NaN);
    }

    private static double darkness(float[] image) {
        double s = 0;
        for (float v : image) s += v;
        return s;
    }
}

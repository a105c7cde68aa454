package org.backprop4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.backprop4j.data.Dataset;
import org.backprop4j.eval.Evaluation;

/** Text reports shared by train and evaluate: accuracy, confusion matrix, per-class scores, mistakes. */
final class Reports {
    private Reports() {}

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    static void accuracy(PrintWriter out, String what, Evaluation e) {
        out.printf(Locale.ROOT, "%s accuracy: %s (%d / %d)%s%n", what, percent(e.accuracy()), e.correct(), e.total(),
                Double.isNaN(e.cost()) ? "" : String.format(Locale.ROOT, ", cost %.4f", e.cost()));
    }

    static void confusionMatrix(PrintWriter out, Evaluation e) {
        long[][] c = e.confusionMatrix();
        int k = e.classes();
        int width = 5;
        for (long[] row : c) for (long v : row) width = Math.max(width, Long.toString(v).length() + 1);
        out.println("Confusion matrix (rows: answer, columns: guess):");
        StringBuilder header = new StringBuilder(String.format("%7s", ""));
        for (int g = 0; g < k; g++) header.append(String.format("%" + width + "d", g));
        out.println(header);
        for (int a = 0; a < k; a++) {
            StringBuilder row = new StringBuilder(String.format("%7d", a));
            for (int g = 0; g < k; g++) row.append(String.format("%" + width + "d", c[a][g]));
            out.println(row);
        }
    }

    /** "0 setosa, 1 versicolor, 2 virginica". */
    static String classList(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < names.size(); k++) sb.append(k == 0 ? "" : ", ").append(k).append(' ').append(names.get(k));
        return sb.toString();
    }

    /** Class k's name, or its number when the classes have no names. */
    static String className(List<String> names, int k) {
        return k < names.size() ? names.get(k) : Integer.toString(k);
    }

    static void perClass(PrintWriter out, Evaluation e, List<String> names) {
        out.println("Per class:  class  precision  recall     F1  support" + (names.isEmpty() ? "" : "  name"));
        long[][] c = e.confusionMatrix();
        for (int k = 0; k < e.classes(); k++) {
            long support = 0;
            for (long v : c[k]) support += v;
            out.printf(Locale.ROOT, "           %5d  %9s  %6s  %5s  %7d%s%n", k, fmt(e.precision(k)), fmt(e.recall(k)), fmt(e.f1(k)), support,
                    k < names.size() ? "  " + names.get(k) : "");
        }
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    static void misclassified(PrintWriter out, Evaluation e, Dataset data, int limit) {
        List<Integer> wrong = e.misclassified(limit);
        if (wrong.isEmpty()) return;
        out.println("First " + wrong.size() + " misclassified " + data.name() + " images:");
        out.println("  index guess answer");
        for (int i : wrong) out.printf("  %5d %5d %6d%n", i, e.guess(i), e.answer(i));
    }

    /** A 28×28 image as text, two characters a pixel so that it keeps its shape. */
    static void ascii(PrintWriter out, float[] image, int height, int width) {
        String shades = " .:-=+*#%@";
        for (int y = 0; y < height; y++) {
            StringBuilder sb = new StringBuilder("  ");
            for (int x = 0; x < width; x++) {
                int s = Math.min(shades.length() - 1, (int) (image[y * width + x] * shades.length()));
                char ch = shades.charAt(Math.max(0, s));
                sb.append(ch).append(ch);
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}

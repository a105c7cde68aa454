package org.backprop4j.cli;

import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts for the HTML report, drawn by our code so the page needs no script and no network:
 * line charts of per-epoch series and a heat map of a confusion matrix.
 */
final class Svg {
    /** One line: a name for the legend, a colour, and y per epoch (NaN: no point). */
    record Series(String name, String color, double[] y) {}

    private static final int W = 460, H = 260, LEFT = 56, RIGHT = 12, TOP = 28, BOTTOM = 40;

    private Svg() {}

    /** How a chart's y axis reads: as percentages, on a log scale, or from zero (times, rates). */
    enum Scale { PERCENT, LOG, FROM_ZERO }

    /** A line chart of the series against epochs 1..n. */
    static String lineChart(String title, List<Series> series, String yLabel, Scale scale) {
        boolean yPercent = scale == Scale.PERCENT, logY = scale == Scale.LOG;
        int n = 0;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            n = Math.max(n, s.y().length);
            for (double v : s.y()) {
                if (!Double.isFinite(v) || (logY && v <= 0)) continue;
                double t = logY ? Math.log10(v) : v;
                lo = Math.min(lo, t);
                hi = Math.max(hi, t);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">",
                W, H, W, H, esc(title)));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" class=\"title\">%s</text>", LEFT, esc(title)));
        if (n == 0 || lo > hi) return sb.append("<text x=\"60\" y=\"120\">no data</text></svg>").toString();
        if (hi - lo < 1e-12) {
            hi += 0.5 * Math.max(Math.abs(hi), 1e-3);
            lo -= 0.5 * Math.max(Math.abs(lo), 1e-3);
        }
        double pad = (hi - lo) * 0.05;
        lo = scale == Scale.FROM_ZERO ? Math.min(0, lo) : lo - pad;
        hi += pad;
        int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
        // y grid and ticks
        for (int t = 0; t <= 4; t++) {
            double v = lo + (hi - lo) * t / 4;
            double y = TOP + ph - ph * (v - lo) / (hi - lo);
            double shown = logY ? Math.pow(10, v) : v;
            String label = yPercent ? String.format(Locale.ROOT, "%.2f%%", 100 * shown) : String.format(Locale.ROOT, "%.3g", shown);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>", LEFT, y, W - RIGHT, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>", LEFT - 4, y + 4, label));
        }
        // x ticks: epochs
        int step = Math.max(1, (int) Math.ceil(n / 10.0));
        for (int e = 1; e <= n; e += step) {
            double x = xOf(e, n, pw);
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%d</text>", x, H - BOTTOM + 16, e));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">epoch</text>", LEFT + pw / 2, H - 6));
        sb.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" class=\"axis\" transform=\"rotate(-90 12 %d)\" text-anchor=\"middle\">%s</text>",
                TOP + ph / 2, TOP + ph / 2, esc(yLabel)));
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"frame\"/>", LEFT, TOP, pw, ph));
        int legendX = W - RIGHT - series.stream().mapToInt(x -> 24 + 7 * x.name().length()).sum(); // right of the title, above the plot
        for (Series s : series) {
            StringBuilder path = new StringBuilder();
            int points = 0;
            double lastX = 0, lastY = 0;
            for (int e = 1; e <= s.y().length; e++) {
                double v = s.y()[e - 1];
                if (!Double.isFinite(v) || (logY && v <= 0)) continue;
                double t = logY ? Math.log10(v) : v;
                double x = xOf(e, n, pw);
                double y = TOP + ph - ph * (t - lo) / (hi - lo);
                path.append(points++ == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                lastX = x;
                lastY = y;
            }
            if (points == 0) continue;
            sb.append(String.format(Locale.ROOT, "<path d=\"%s\" class=\"series\" stroke=\"%s\"/>", path, s.color()));
            if (points == 1) sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", lastX, lastY, s.color()));
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"9\" width=\"10\" height=\"10\" fill=\"%s\"/>", legendX, s.color()));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" class=\"legend\">%s</text>", legendX + 14, esc(s.name())));
            legendX += 24 + 7 * s.name().length();
        }
        return sb.append("</svg>").toString();
    }

    private static double xOf(int epoch, int n, int pw) {
        return LEFT + (n == 1 ? pw / 2.0 : pw * (epoch - 1) / (double) (n - 1));
    }

    /** The confusion matrix as a heat map: rows the true class, columns the guess; shade by the row's share. */
    static String confusion(long[][] m, List<String> names) {
        int k = m.length;
        int cell = k <= 10 ? 38 : Math.max(12, 380 / k);
        int labelW = 20 + 7 * names.stream().mapToInt(String::length).max().orElse(2);
        int size = labelW + k * cell + 10;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg class=\"heat\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"confusion matrix\">",
                size, size + 30, size, size + 30));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"12\" class=\"axis\">guess →</text>", labelW));
        for (int j = 0; j < k; j++) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s</text>", labelW + j * cell + cell / 2, 28,
                    esc(shortName(names.get(j)))));
        }
        for (int i = 0; i < k; i++) {
            long rowSum = 0;
            for (long v : m[i]) rowSum += v;
            int y = 34 + i * cell;
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"tick\" text-anchor=\"end\">%s</text>", labelW - 6, y + cell / 2 + 4,
                    esc(names.get(i))));
            for (int j = 0; j < k; j++) {
                double share = rowSum == 0 ? 0 : (double) m[i][j] / rowSum;
                // the diagonal in green, errors in red, both by their share of the row (errors scaled up: they are small)
                String fill = i == j ? shade(share, 46, 160, 67) : shade(Math.min(1, 8 * share), 214, 39, 40);
                sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>true %s, guess %s: %d</title></rect>",
                        labelW + j * cell, y, cell - 1, cell - 1, fill, esc(names.get(i)), esc(names.get(j)), m[i][j]));
                if (cell >= 30 && m[i][j] > 0) {
                    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"count\" text-anchor=\"middle\" fill=\"%s\">%d</text>",
                            labelW + j * cell + cell / 2, y + cell / 2 + 4, i == j && share > 0.5 ? "#fff" : "#222", m[i][j]));
                }
            }
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" class=\"axis\">true ↓</text>", size + 24));
        return sb.append("</svg>").toString();
    }

    private static String shortName(String s) { return s.length() <= 5 ? s : s.substring(0, 4) + "…"; }

    /** White blended toward (r, g, b) by t in [0, 1]. */
    private static String shade(double t, int r, int g, int b) {
        int rr = (int) Math.round(255 + (r - 255) * t), gg = (int) Math.round(255 + (g - 255) * t), bb = (int) Math.round(255 + (b - 255) * t);
        return String.format(Locale.ROOT, "#%02x%02x%02x", rr, gg, bb);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

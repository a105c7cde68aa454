package org.backprop4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.backprop4j.BadInputException;

/**
 * Reads labelled examples from CSV: the first column is the class label (an integer 0..K−1), the rest
 * are numeric features. A first line whose label field is not a number is taken as a header. Every row
 * must have the same number of columns; errors name the line and column.
 */
public final class CsvReader {
    private CsvReader() {}

    /** Rows as read: features row-major, labels, and the number of features per row. */
    public record Table(float[] x, int[] labels, int features) {
        public int rows() { return labels.length; }
    }

    public static Table read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            FloatList values = new FloatList();
            IntList labels = new IntList();
            int columns = -1;
            int lineNo = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                String[] fields = line.split(",", -1);
                if (columns < 0 && labels.size == 0 && !isNumber(fields[0].trim())) continue; // header
                if (columns < 0) {
                    columns = fields.length;
                    if (columns < 2) throw new BadInputException(file + " line " + lineNo + ": need a label and at least one feature, found " + columns + " column");
                } else if (fields.length != columns) {
                    throw new BadInputException(file + " line " + lineNo + ": expected " + columns + " columns, found " + fields.length);
                }
                labels.add(parseLabel(file, lineNo, fields[0].trim()));
                for (int c = 1; c < columns; c++) values.add(parseValue(file, lineNo, c + 1, fields[c].trim()));
            }
            if (labels.size == 0) throw new BadInputException(file + ": no data rows");
            return new Table(values.toArray(), labels.toArray(), columns - 1);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int parseLabel(Path file, int line, String s) {
        try {
            int v = Integer.parseInt(s);
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new BadInputException(file + " line " + line + " column 1: label '" + s + "' is not a class number 0, 1, 2, ...");
        }
    }

    private static float parseValue(Path file, int line, int column, String s) {
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new BadInputException(file + " line " + line + " column " + column + ": '" + s + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new BadInputException(file + " line " + line + " column " + column + ": value is " + s + "; data must be finite");
        }
        return (float) v;
    }

    private static final class FloatList {
        float[] a = new float[1024];
        int size;

        void add(float v) {
            if (size == a.length) a = java.util.Arrays.copyOf(a, a.length * 2);
            a[size++] = v;
        }

        float[] toArray() { return java.util.Arrays.copyOf(a, size); }
    }

    private static final class IntList {
        int[] a = new int[256];
        int size;

        void add(int v) {
            if (size == a.length) a = java.util.Arrays.copyOf(a, a.length * 2);
            a[size++] = v;
        }

        int[] toArray() { return java.util.Arrays.copyOf(a, size); }
    }
}

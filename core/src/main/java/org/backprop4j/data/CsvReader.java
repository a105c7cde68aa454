package org.backprop4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.backprop4j.BadInputException;

/**
 * Reads labelled examples from CSV: one column is the class label (the first unless told otherwise), the
 * rest are numeric features. The first line is a header when a feature field of it is not a number, or
 * when its label is not a number but every other row's is. Labels that are the class numbers 0..K−1 (the
 * smallest is 0) are used as they are; any other labels (names such as {@code setosa}, or numbers from 1)
 * are class names, numbered in sorted order (numerically when all are numbers). Every row must have the
 * same number of columns; errors name the line and column.
 */
public final class CsvReader {
    private CsvReader() {}

    /**
     * Rows as read: features row-major, labels, the number of features per row, the class names (empty
     * when the labels were class numbers) and the label column (0-based).
     */
    public record Table(float[] x, int[] labels, int features, List<String> classNames, int labelColumn) {
        public int rows() { return labels.length; }
    }

    /** {@link #read(Path, String)} with the label in the first column. */
    public static Table read(Path file) { return read(file, null); }

    /**
     * @param labelColumn where the label is: null for the first column, {@code last}, a header's column
     *                    name, or a column number counted from 1
     */
    public static Table read(Path file, String labelColumn) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            FloatList values = new FloatList();
            List<String> labelText = new ArrayList<>();
            String[] first = null;
            int firstLine = 0;
            int label = -1;
            int columns = -1;
            int lineNo = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                String[] fields = line.split(",", -1);
                for (int c = 0; c < fields.length; c++) fields[c] = fields[c].trim();
                if (first == null) { // held back until the second row tells whether it is a header
                    first = fields;
                    firstLine = lineNo;
                    columns = fields.length;
                    if (columns < 2) throw new BadInputException(file + " line " + lineNo + ": need a label and at least one feature, found " + columns + " column");
                    continue;
                }
                if (fields.length != columns) {
                    throw new BadInputException(file + " line " + lineNo + ": expected " + columns + " columns, found " + fields.length);
                }
                if (label < 0) {
                    boolean header = isHeader(first, fields, labelColumn, columns);
                    label = labelIndex(file, labelColumn, header ? first : null, columns);
                    if (!header) addRow(file, firstLine, first, label, values, labelText);
                }
                addRow(file, lineNo, fields, label, values, labelText);
            }
            if (first != null && label < 0) { // one line: a header only if none of its fields is a number
                if (java.util.Arrays.stream(first).anyMatch(CsvReader::isNumber)) {
                    label = labelIndex(file, labelColumn, null, columns);
                    addRow(file, firstLine, first, label, values, labelText);
                }
            }
            if (labelText.isEmpty()) throw new BadInputException(file + ": no data rows");
            List<String> names = new ArrayList<>();
            int[] labels = classes(labelText, names);
            return new Table(values.toArray(), labels, columns - 1, List.copyOf(names), label);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Examples to classify: features row-major, and the label of each row when the rows had one (else null). */
    public record Rows(float[] x, List<String> labels, int count) {}

    /**
     * Rows of new examples for a model of {@code features} inputs: each row holds the features, or the features
     * and a label in {@code labelColumn} (as {@link #read(Path, String)} takes it), every row alike. A first
     * line with a field that is not a number is a header.
     */
    public static Rows readRows(Path file, int features, String labelColumn) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            FloatList values = new FloatList();
            List<String> labels = new ArrayList<>();
            String[] header = null;
            int columns = -1;
            int label = -1;
            int lineNo = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                String[] fields = line.split(",", -1);
                for (int c = 0; c < fields.length; c++) fields[c] = fields[c].trim();
                if (columns < 0) {
                    columns = fields.length;
                    if (columns != features && columns != features + 1) {
                        throw new BadInputException(file + " line " + lineNo + ": " + columns + " columns, but the model takes " + features
                                + " features (a row holds them, or them and the label)");
                    }
                    boolean isHeader = false;
                    for (String f : fields) isHeader |= !isNumber(f);
                    if (columns == features + 1) { // then a first line is a header when a feature is not a number or the label is named
                        label = labelIndex(file, labelColumn, isHeader ? fields : null, columns);
                        int l = label;
                        isHeader = java.util.stream.IntStream.range(0, columns).anyMatch(c -> c != l && !isNumber(fields[c]))
                                || labelColumn != null && !labelColumn.matches("[0-9]{1,9}|last");
                    }
                    if (isHeader) {
                        header = fields;
                        continue;
                    }
                } else if (fields.length != columns) {
                    throw new BadInputException(file + " line " + lineNo + ": expected " + columns + " columns, found " + fields.length);
                }
                for (int c = 0; c < columns; c++) {
                    if (c == label) labels.add(fields[c]);
                    else values.add(parseValue(file, lineNo, c + 1, fields[c]));
                }
            }
            if (values.size == 0) throw new BadInputException(file + ": no rows to classify" + (header != null ? " after its header" : ""));
            return new Rows(values.toArray(), label < 0 ? null : List.copyOf(labels), values.size / features);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Whether the first row is a header: judged on the label column as it would be without a header. */
    private static boolean isHeader(String[] first, String[] second, String labelColumn, int columns) {
        if (labelColumn != null && !labelColumn.equals("last") && !labelColumn.matches("[0-9]{1,9}")) return true; // named: needs one
        int label = labelColumn == null ? 0 : labelColumn.equals("last") ? columns - 1 : Integer.parseInt(labelColumn) - 1;
        for (int c = 0; c < first.length; c++) if (c != label && !isNumber(first[c])) return true;
        if (label < 0 || label >= columns) return false; // labelIndex reports it
        return !isNumber(first[label]) && isNumber(second[label]);
    }

    private static int labelIndex(Path file, String labelColumn, String[] header, int columns) {
        if (labelColumn == null) return 0;
        if (labelColumn.equals("last")) return columns - 1;
        if (labelColumn.matches("[0-9]{1,9}")) {
            int c = Integer.parseInt(labelColumn);
            if (c < 1 || c > columns) throw new BadInputException(file + ": label column " + labelColumn + " is not one of its columns 1.." + columns);
            return c - 1;
        }
        if (header != null) {
            for (int c = 0; c < columns; c++) if (header[c].equals(labelColumn)) return c;
            throw new BadInputException(file + ": no column named '" + labelColumn + "' (header: " + String.join(",", header) + ")");
        }
        throw new BadInputException(file + ": no header line to find the column named '" + labelColumn + "' in");
    }

    private static void addRow(Path file, int lineNo, String[] fields, int label, FloatList values, List<String> labelText) {
        if (fields[label].isEmpty()) throw new BadInputException(file + " line " + lineNo + " column " + (label + 1) + ": the label is empty");
        labelText.add(fields[label]);
        for (int c = 0; c < fields.length; c++) if (c != label) values.add(parseValue(file, lineNo, c + 1, fields[c]));
    }

    /**
     * Class numbers for the labels: the labels themselves when they are integers whose smallest is 0, else
     * the positions of the labels among their distinct values sorted, which go into names.
     */
    private static int[] classes(List<String> text, List<String> names) {
        int[] y = new int[text.size()];
        boolean integers = true;
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < y.length && integers; i++) {
            String s = text.get(i);
            if (!s.matches("-?[0-9]{1,9}")) {
                integers = false;
            } else {
                y[i] = Integer.parseInt(s);
                min = Math.min(min, y[i]);
            }
        }
        if (integers && min == 0) return y;
        TreeSet<String> distinct = new TreeSet<>(integers ? Comparator.comparingInt(Integer::parseInt) : Comparator.naturalOrder());
        distinct.addAll(text);
        names.addAll(distinct);
        Map<String, Integer> index = new HashMap<>();
        for (String n : names) index.put(n, index.size());
        for (int i = 0; i < y.length; i++) y[i] = index.get(text.get(i));
        return y;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
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
}

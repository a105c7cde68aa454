package org.backprop4j.io;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes maps, lists, strings, numbers, booleans and primitive arrays as JSON. Non-finite numbers
 * become null (JSON has no NaN). Enough for metrics files and bench lines; we never parse JSON.
 */
public final class Json {
    private Json() {}

    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, -1, 0);
        return sb.toString();
    }

    /** Indented, for files people read. */
    public static String pretty(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 2, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, int indent, int depth) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Float f) {
            // as a float, so that 0.05f is written 0.05, not 0.05000000074505806
            if (!Float.isFinite(f)) sb.append("null");
            else sb.append(Float.toString(f).toLowerCase(Locale.ROOT));
        } else if (v instanceof Double) {
            double d = (Double) v;
            if (!Double.isFinite(d)) sb.append("null");
            else if (d == Math.rint(d) && Math.abs(d) < 1e15) sb.append((long) d).append(".0");
            else sb.append(Double.toString(d).toLowerCase(Locale.ROOT));
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            boolean first = true;
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                if (!first) sb.append(',');
                first = false;
                newline(sb, indent, depth + 1);
                string(sb, String.valueOf(e.getKey()));
                sb.append(indent >= 0 ? ": " : ":");
                write(sb, e.getValue(), indent, depth + 1);
            }
            if (!m.isEmpty()) newline(sb, indent, depth);
            sb.append('}');
        } else if (v instanceof List<?> l) {
            array(sb, l.toArray(), indent, depth);
        } else if (v instanceof int[] a) {
            array(sb, java.util.Arrays.stream(a).boxed().toArray(), -1, depth);
        } else if (v instanceof long[] a) {
            array(sb, java.util.Arrays.stream(a).boxed().toArray(), -1, depth);
        } else if (v instanceof double[] a) {
            array(sb, java.util.Arrays.stream(a).boxed().toArray(), -1, depth);
        } else if (v instanceof Object[] a) {
            array(sb, a, indent, depth);
        } else {
            string(sb, v.toString());
        }
    }

    private static void array(StringBuilder sb, Object[] items, int indent, int depth) {
        boolean flat = true;
        for (Object o : items) flat &= !(o instanceof Map || o instanceof List || o instanceof Object[]);
        int ind = flat ? -1 : indent;
        sb.append('[');
        for (int i = 0; i < items.length; i++) {
            if (i > 0) sb.append(flat ? ", " : ",");
            newline(sb, ind, depth + 1);
            write(sb, items[i], indent, depth + 1);
        }
        if (items.length > 0) newline(sb, ind, depth);
        sb.append(']');
    }

    private static void newline(StringBuilder sb, int indent, int depth) {
        if (indent < 0) return;
        sb.append('\n');
        sb.append(" ".repeat(indent * depth));
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}

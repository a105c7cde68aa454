package org.backprop4j.io;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes maps, lists, strings, numbers, booleans and primitive arrays as JSON. Non-finite numbers
 * become null (JSON has no NaN). Enough for metrics files and bench lines; {@link #parse} reads such
 * files back (for reports rebuilt from a run's metrics).
 */
public final class Json {
    private Json() {}

    /**
     * Parses JSON text into maps (insertion-ordered), lists, strings, doubles, booleans and null; a syntax
     * error is one line naming {@code source} and the character where it was found.
     */
    public static Object parse(String text, String source) {
        Parser p = new Parser(text, source);
        p.space();
        Object v = p.value();
        p.space();
        if (p.i != text.length()) throw p.error("text after the value");
        return v;
    }

    private static final class Parser {
        final String s;
        final String source;
        int i;

        Parser(String s, String source) {
            this.s = s;
            this.source = source;
        }

        org.backprop4j.BadInputException error(String what) {
            return new org.backprop4j.BadInputException(source + ": not valid JSON at character " + i + ": " + what);
        }

        void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        Object value() {
            if (i >= s.length()) throw error("unexpected end");
            char c = s.charAt(i);
            if (c == '{') return object();
            if (c == '[') return array();
            if (c == '"') return string();
            if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
            if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
            if (s.startsWith("null", i)) { i += 4; return null; }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            if (start == i) throw error("unexpected '" + c + "'");
            try {
                return Double.parseDouble(s.substring(start, i));
            } catch (NumberFormatException e) {
                i = start;
                throw error("bad number");
            }
        }

        Map<String, Object> object() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            i++;
            space();
            if (peek('}')) return m;
            while (true) {
                space();
                if (i >= s.length() || s.charAt(i) != '"') throw error("expected a key");
                String key = string();
                space();
                expect(':');
                space();
                m.put(key, value());
                space();
                if (peek('}')) return m;
                expect(',');
            }
        }

        List<Object> array() {
            List<Object> l = new java.util.ArrayList<>();
            i++;
            space();
            if (peek(']')) return l;
            while (true) {
                space();
                l.add(value());
                space();
                if (peek(']')) return l;
                expect(',');
            }
        }

        String string() {
            StringBuilder sb = new StringBuilder();
            i++;
            while (true) {
                if (i >= s.length()) throw error("unterminated string");
                char c = s.charAt(i++);
                if (c == '"') return sb.toString();
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (i >= s.length()) throw error("unterminated string");
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) throw error("short \\u escape");
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> sb.append(e);
                }
            }
        }

        boolean peek(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!peek(c)) throw error("expected '" + c + "'");
        }
    }

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
        } else if (v instanceof float[] a) {
            Object[] boxed = new Object[a.length];
            for (int i = 0; i < a.length; i++) boxed[i] = a[i];
            array(sb, boxed, -1, depth);
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

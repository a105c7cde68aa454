package org.backprop4j.nn;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.backprop4j.tensor.ConvGeometry;

/**
 * Makes a layer from its kind and attributes, the form model files record and {@link NetSpec} parses
 * into (docs/MODEL_FORMAT.md lists every kind's attributes). Missing optional attributes take their
 * defaults; unknown ones are an error, so that a misspelt attribute is never silently ignored.
 */
public final class Layers {
    private Layers() {}

    /** The kinds, in the order the documentation lists them. */
    public static final List<String> KINDS = List.of("dense", "conv2d", "maxpool2d", "avgpool2d", "dropout", "batchnorm");

    public static Layer create(String kind, String name, Shape in, Map<String, String> attributes) {
        Attributes a = new Attributes(attributes);
        Layer layer = switch (kind) {
            case "dense" -> new Dense(name, in, a.positive("units"), a.activation());
            case "conv2d" -> conv(name, in, a);
            case "maxpool2d" -> {
                int size = a.positive("size");
                yield new MaxPool2d(name, in, size, a.positive("stride", size));
            }
            case "avgpool2d" -> {
                int size = a.positive("size");
                yield new AvgPool2d(name, in, size, a.positive("stride", size));
            }
            case "dropout" -> {
                String scaling = a.text("scaling", Dropout.INVERTED);
                if (!scaling.equals(Dropout.INVERTED) && !scaling.equals(Dropout.SCALED_AT_INFERENCE)) {
                    throw new IllegalArgumentException("dropout scaling must be " + Dropout.INVERTED + " or " + Dropout.SCALED_AT_INFERENCE
                            + ", got '" + scaling + "'");
                }
                yield new Dropout(name, in, a.number("p"), scaling.equals(Dropout.INVERTED));
            }
            case "batchnorm" -> new BatchNorm(name, in, a.number("epsilon", BatchNorm.DEFAULT_EPSILON),
                    a.number("momentum", BatchNorm.DEFAULT_MOMENTUM), a.activation());
            default -> throw new IllegalArgumentException("unknown layer kind '" + kind + "' (expected one of " + KINDS + ")");
        };
        a.requireAllUsed(kind);
        return layer;
    }

    /**
     * The number of values the tensors of such a layer hold, from its attributes alone (nothing is
     * allocated): what a model file must hold for it, checked before the layer is made.
     */
    public static long tensorValues(String kind, Shape in, Map<String, String> attributes) {
        Attributes a = new Attributes(attributes);
        return switch (kind) {
            case "dense" -> {
                long units = a.positive("units");
                yield units * in.size() + units;
            }
            case "conv2d" -> {
                long filters = a.positive("filters");
                yield filters * in.channels() * a.positive("kernel_h") * a.positive("kernel_w") + filters;
            }
            case "batchnorm" -> 4L * in.channels();
            default -> 0;
        };
    }

    private static Conv2d conv(String name, Shape in, Attributes a) {
        int filters = a.positive("filters");
        int kh = a.positive("kernel_h"), kw = a.positive("kernel_w");
        int stride = a.positive("stride", 1);
        String padding = a.text("padding", "valid");
        if (!padding.equals("valid") && !padding.equals("same")) throw new IllegalArgumentException("padding must be valid or same, got '" + padding + "'");
        boolean same = padding.equals("same");
        Activation act = a.activation();
        if (a.has("pad_top")) { // explicit padding, as model files hold it
            ConvGeometry g;
            try {
                g = new ConvGeometry(in.channels(), in.height(), in.width(), filters, kh, kw, stride,
                        a.count("pad_top"), a.count("pad_left"), a.count("pad_bottom"), a.count("pad_right"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage());
            }
            return new Conv2d(name, g, same, act);
        }
        return new Conv2d(name, in, filters, kh, kw, stride, same, act);
    }

    /** Attribute values read as what each layer needs, remembering which were read. */
    private static final class Attributes {
        private final Map<String, String> values;
        private final Set<String> used = new HashSet<>();

        Attributes(Map<String, String> values) { this.values = values; }

        boolean has(String key) { return values.containsKey(key); }

        String text(String key, String fallback) {
            used.add(key);
            return values.getOrDefault(key, fallback);
        }

        String text(String key) {
            String v = text(key, null);
            if (v == null) throw new IllegalArgumentException("missing attribute '" + key + "'");
            return v;
        }

        int positive(String key) {
            int v = integer(key, text(key));
            if (v <= 0) throw new IllegalArgumentException(key + " must be positive, got " + v);
            return v;
        }

        int positive(String key, int fallback) { return has(key) ? positive(key) : fallback; }

        int count(String key) {
            int v = integer(key, text(key));
            if (v < 0) throw new IllegalArgumentException(key + " must be 0 or more, got " + v);
            return v;
        }

        private static int integer(String key, String v) {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
            }
        }

        float number(String key) {
            String v = text(key);
            try {
                float f = Float.parseFloat(v.trim());
                if (!Float.isFinite(f)) throw new NumberFormatException();
                return f;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
            }
        }

        float number(String key, float fallback) { return has(key) ? number(key) : fallback; }

        Activation activation() { return Activations.byName(text("activation", "identity")); }

        void requireAllUsed(String kind) {
            for (String k : values.keySet()) {
                if (!used.contains(k)) throw new IllegalArgumentException("a " + kind + " layer has no attribute '" + k + "'");
            }
        }
    }
}

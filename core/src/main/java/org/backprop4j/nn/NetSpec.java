package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.backprop4j.tensor.Rng;

/**
 * The text form of a network's layers, as {@code train --net} takes it: layers separated by commas, each
 * a kind and its settings, e.g.
 * <pre>  conv 20 5x5 relu, maxpool 2, conv 40 5x5 relu, maxpool 2, dense 100 relu, dense 10 softmax</pre>
 * <ul>
 * <li>{@code dense N [act]}: N units;
 * <li>{@code conv N KxK [act] [stride S] [same|valid]}: N filters of K × K (or {@code KHxKW}, or just K),
 *     stride 1 and 'valid' padding unless given;
 * <li>{@code maxpool K [stride S]}, {@code avgpool K [stride S]}: K × K windows, stride K unless given;
 * <li>{@code dropout P [inverted|inference-scaled]}: drop each value with probability P in training;
 *     inverted (the default) scales the kept ones by 1/(1 − P) in training, inference-scaled scales every
 *     value by 1 − P at inference instead, as network3.py ({@link Dropout});
 * <li>{@code batchnorm [act]} (or {@code bn}): per-channel batch normalization;
 * <li>{@code flatten}: accepted and ignored, since dense layers flatten their input.
 * </ul>
 * The activation is one of {@link Activations#names()}, identity when left out. The input shape comes
 * from the data (1 × 28 × 28 for MNIST).
 */
public final class NetSpec {
    private NetSpec() {}

    /** The word after a dropout probability that asks for dropout scaled at inference. */
    static final String SCALED_AT_INFERENCE = "inference-scaled";

    /** One layer of a spec: its kind and attributes (as {@link Layers#create} takes them) and its text. */
    public record Entry(String kind, Map<String, String> attributes, String text) {}

    /** The layers of a spec; a syntax error names the layer ("layer 3 'maxpool x': ..."). */
    public static List<Entry> parse(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("the network has no layers");
        List<Entry> entries = new ArrayList<>();
        String[] items = spec.split(",", -1);
        for (String item : items) {
            String text = item.trim();
            if (text.isEmpty()) throw new IllegalArgumentException("layer " + (entries.size() + 1) + " is empty (two commas in a row?)");
            try {
                Entry e = entry(text);
                if (e != null) entries.add(e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + (entries.size() + 1) + " '" + text + "': " + e.getMessage());
            }
        }
        if (entries.isEmpty()) throw new IllegalArgumentException("the network has no layers");
        for (int l = 0; l < entries.size() - 1; l++) {
            if ("softmax".equals(entries.get(l).attributes().get("activation"))) {
                throw new IllegalArgumentException("layer " + (l + 1) + " '" + entries.get(l).text() + "': softmax can only be the last layer's activation");
            }
        }
        return entries;
    }

    private static Entry entry(String text) {
        String[] t = text.toLowerCase(Locale.ROOT).split("\\s+");
        Map<String, String> a = new LinkedHashMap<>();
        String kind;
        int i = 1;
        switch (t[0]) {
            case "dense", "fc", "linear" -> {
                kind = "dense";
                a.put("units", whole(t, i++, "units"));
            }
            case "conv", "conv2d" -> {
                kind = "conv2d";
                a.put("filters", whole(t, i++, "filters"));
                String k = word(t, i++, "a kernel size such as 5x5");
                String[] hw = k.split("x", -1);
                if (hw.length > 2) throw new IllegalArgumentException("'" + k + "' is not a kernel size such as 5x5");
                a.put("kernel_h", whole(hw, 0, "a kernel size such as 5x5"));
                a.put("kernel_w", whole(hw, hw.length - 1, "a kernel size such as 5x5"));
            }
            case "maxpool", "maxpool2d", "avgpool", "avgpool2d" -> {
                kind = t[0].startsWith("max") ? "maxpool2d" : "avgpool2d";
                String k = word(t, i++, "a window size such as 2");
                String[] hw = k.split("x", -1);
                if (hw.length > 2 || !hw[0].equals(hw[hw.length - 1])) throw new IllegalArgumentException("'" + k + "' is not a square window size such as 2");
                a.put("size", whole(hw, 0, "a window size such as 2"));
            }
            case "dropout" -> {
                kind = "dropout";
                String p = word(t, i++, "a probability such as 0.5");
                if (!p.matches("[0-9]*\\.?[0-9]+")) throw new IllegalArgumentException("'" + p + "' is not a probability such as 0.5");
                if (!(Float.parseFloat(p) < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + p);
                a.put("p", p);
            }
            case "batchnorm", "bn" -> kind = "batchnorm";
            case "flatten" -> {
                if (t.length > 1) throw new IllegalArgumentException("flatten takes no settings");
                return null;
            }
            default -> throw new IllegalArgumentException("unknown layer '" + t[0] + "' (expected dense, conv, maxpool, avgpool, dropout, batchnorm or flatten)");
        }
        for (; i < t.length; i++) {
            String w = t[i];
            if (w.equals("stride") && !kind.equals("dense") && !kind.equals("dropout") && !kind.equals("batchnorm")) {
                if (a.containsKey("stride")) throw new IllegalArgumentException("two strides");
                a.put("stride", whole(t, ++i, "a stride"));
            } else if ((w.equals("same") || w.equals("valid")) && kind.equals("conv2d")) {
                if (a.containsKey("padding")) throw new IllegalArgumentException("two paddings");
                a.put("padding", w);
            } else if ((w.equals(Dropout.INVERTED) || w.equals(SCALED_AT_INFERENCE)) && kind.equals("dropout")) {
                if (a.containsKey("scaling")) throw new IllegalArgumentException("two scalings");
                a.put("scaling", w.equals(Dropout.INVERTED) ? Dropout.INVERTED : Dropout.SCALED_AT_INFERENCE);
            } else if (Activations.names().contains(w) && (kind.equals("dense") || kind.equals("conv2d") || kind.equals("batchnorm"))) {
                if (a.containsKey("activation")) throw new IllegalArgumentException("two activations");
                a.put("activation", w);
            } else {
                throw new IllegalArgumentException("unexpected '" + w + "'");
            }
        }
        return new Entry(kind, a, text);
    }

    private static String word(String[] t, int i, String what) {
        if (i >= t.length) throw new IllegalArgumentException("missing " + what);
        return t[i];
    }

    /** A positive whole number in plain digits (not "+5", not another script's digits). */
    private static String whole(String[] t, int i, String what) {
        String w = word(t, i, what);
        if (!w.matches("[0-9]{1,9}")) throw new IllegalArgumentException("'" + w + "' is not " + (what.startsWith("a ") ? what : "a number of " + what));
        if (Integer.parseInt(w) <= 0) throw new IllegalArgumentException(what + " must be positive, got " + w);
        return w;
    }

    /**
     * The network a spec describes on inputs of the given shape, its layers named layer1, layer2, … and
     * initialized in order from rng by {@code init}, or when init is null by {@link #autoInit}.
     */
    public static Network build(String spec, Shape input, Init init, Rng rng) {
        List<Entry> entries = parse(spec);
        List<Layer> layers = new ArrayList<>();
        Shape shape = input;
        for (int l = 0; l < entries.size(); l++) {
            Entry e = entries.get(l);
            try {
                Layer layer = Layers.create(e.kind(), "layer" + (l + 1), shape, e.attributes());
                layers.add(layer);
                shape = layer.outputShape();
            } catch (IllegalArgumentException ex) {
                String msg = ex.getMessage().replaceFirst("^layer" + (l + 1) + ": ", "");
                throw new IllegalArgumentException("layer " + (l + 1) + " '" + e.text() + "' on " + shape + " inputs: " + msg);
            }
        }
        Network net = new Network(layers);
        Init chosen = init != null ? init : autoInit(net);
        chosen.initialize(net, rng);
        return net;
    }

    /**
     * He when a hidden layer uses a rectifier (ReLU, softplus), else Xavier: the rule of {@link Init#suitedTo},
     * for a network whose hidden layers need not share one activation.
     */
    public static Init autoInit(Network net) {
        List<Layer> layers = net.layers();
        for (int l = 0; l < layers.size() - 1; l++) {
            Activation a = layers.get(l).activation();
            if (a instanceof ReLU || a instanceof Softplus) return Init.HE;
        }
        return Init.XAVIER;
    }
}

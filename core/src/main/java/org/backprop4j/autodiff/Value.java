package org.backprop4j.autodiff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A node of a computational graph over doubles, with reverse-mode differentiation (after Karpathy's
 * micrograd). Each node remembers its parents and the local partial ∂this/∂parent, computed when the
 * node is built. {@link #backward()} visits the graph in reverse topological order and applies the
 * chain rule, adding into {@code grad}: when several paths lead to one node, their contributions
 * add up (the notes: "when multiple gradients come into a neuron you add them").
 *
 * <p>Double precision on purpose: this engine is the oracle that the float32 matrix-form
 * backpropagation is checked against, and is itself checked against finite differences.
 */
public final class Value {
    private static final Value[] NO_PARENTS = new Value[0];
    private static final double[] NO_PARTIALS = new double[0];

    private final double data;
    private double grad;
    private final Value[] parents;
    private final double[] partials;
    private final String op;

    private Value(double data, Value[] parents, double[] partials, String op) {
        this.data = data;
        this.parents = parents;
        this.partials = partials;
        this.op = op;
    }

    /** A leaf: an input or a parameter. */
    public static Value of(double data) {
        return new Value(data, NO_PARENTS, NO_PARTIALS, "");
    }

    public static Value[] of(double... data) {
        Value[] v = new Value[data.length];
        for (int i = 0; i < data.length; i++) v[i] = of(data[i]);
        return v;
    }

    /**
     * A custom unary node y = f(x) with its derivative f'(x) supplied: how a library activation
     * enters the graph with the derivative it claims, so that finite differences can test the claim.
     */
    public static Value unary(Value x, double y, double dydx, String op) {
        return new Value(y, new Value[] {x}, new double[] {dydx}, op);
    }

    public double data() { return data; }

    public double grad() { return grad; }

    public String op() { return op; }

    public Value add(Value o) { return new Value(data + o.data, new Value[] {this, o}, new double[] {1, 1}, "+"); }

    public Value add(double c) { return add(of(c)); }

    public Value sub(Value o) { return new Value(data - o.data, new Value[] {this, o}, new double[] {1, -1}, "-"); }

    public Value sub(double c) { return sub(of(c)); }

    public Value mul(Value o) { return new Value(data * o.data, new Value[] {this, o}, new double[] {o.data, data}, "*"); }

    public Value mul(double c) { return mul(of(c)); }

    public Value div(Value o) {
        return new Value(data / o.data, new Value[] {this, o}, new double[] {1 / o.data, -data / (o.data * o.data)}, "/");
    }

    public Value neg() { return unary(this, -data, -1, "neg"); }

    public Value pow(double e) { return unary(this, Math.pow(data, e), e * Math.pow(data, e - 1), "^" + e); }

    public Value exp() {
        double y = Math.exp(data);
        return unary(this, y, y, "exp");
    }

    public Value log() { return unary(this, Math.log(data), 1 / data, "log"); }

    public Value sigmoid() {
        double s = 1 / (1 + Math.exp(-data));
        return unary(this, s, s * (1 - s), "sigmoid");
    }

    public Value tanh() {
        double t = Math.tanh(data);
        return unary(this, t, 1 - t * t, "tanh");
    }

    public Value relu() { return unary(this, Math.max(0, data), data > 0 ? 1 : 0, "relu"); }

    /** Σ values, as one node with n parents (the notes' "+ gate"). */
    public static Value sum(Value... values) {
        double s = 0;
        double[] ones = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            s += values[i].data;
            ones[i] = 1;
        }
        return new Value(s, values.clone(), ones, "sum");
    }

    /** w·x + b for a neuron: Σ w_i x_i + b. */
    public static Value dot(Value[] w, Value[] x) {
        if (w.length != x.length) throw new IllegalArgumentException("dot of " + w.length + " and " + x.length);
        Value[] terms = new Value[w.length];
        for (int i = 0; i < w.length; i++) terms[i] = w[i].mul(x[i]);
        return sum(terms);
    }

    /** Reverse-mode sweep from this node: sets every reachable node's grad to ∂this/∂node. */
    public void backward() {
        List<Value> order = topologicalOrder();
        for (Value v : order) v.grad = 0;
        grad = 1;
        for (int i = order.size() - 1; i >= 0; i--) {
            Value v = order.get(i);
            for (int p = 0; p < v.parents.length; p++) {
                v.parents[p].grad += v.partials[p] * v.grad;
            }
        }
    }

    /** Parents before children; iterative, so deep graphs do not overflow the stack. */
    private List<Value> topologicalOrder() {
        List<Value> order = new ArrayList<>();
        Set<Value> seen = new HashSet<>();
        ArrayDeque<Value> nodes = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        nodes.push(this);
        next.push(0);
        seen.add(this);
        while (!nodes.isEmpty()) {
            Value v = nodes.peek();
            int i = next.pop();
            if (i < v.parents.length) {
                next.push(i + 1);
                Value p = v.parents[i];
                if (seen.add(p)) {
                    nodes.push(p);
                    next.push(0);
                }
            } else {
                nodes.pop();
                order.add(v);
            }
        }
        return order;
    }

    @Override
    public String toString() {
        return "Value(" + data + (op.isEmpty() ? "" : ", " + op) + ", grad=" + grad + ")";
    }

    // identity semantics: two nodes with equal data are different nodes of the graph
    @Override
    public boolean equals(Object o) { return this == o; }

    @Override
    public int hashCode() { return System.identityHashCode(this); }
}

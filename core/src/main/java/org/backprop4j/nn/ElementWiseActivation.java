package org.backprop4j.nn;

import org.backprop4j.autodiff.Value;

/**
 * An activation applied to each value independently: a_j = σ(z_j), with ∂a_j/∂z_k = 0 for j ≠ k, so its
 * Jacobian is diagonal and backpropagation multiplies element by element by σ'(z).
 */
public abstract class ElementWiseActivation implements Activation {

    /** σ(z) in double precision. */
    public abstract double value(double z);

    /** σ'(z) in double precision, the claim that gradient checks test against finite differences. */
    public abstract double derivative(double z);

    @Override
    public Value[] apply(Value[] z) {
        Value[] a = new Value[z.length];
        for (int i = 0; i < z.length; i++) a[i] = Value.unary(z[i], value(z[i].data()), derivative(z[i].data()), name());
        return a;
    }

    @Override
    public String toString() { return name(); }
}

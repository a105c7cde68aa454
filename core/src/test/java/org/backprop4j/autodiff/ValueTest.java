package org.backprop4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValueTest {
    @Test
    void gradientsThatMeetAtANodeAddUp() {
        Value x = Value.of(3);
        Value y = x.mul(x).add(x); // x² + x: x reaches y by three paths
        y.backward();
        assertEquals(2 * 3 + 1, x.grad(), 0);
    }

    @Test
    void backwardResetsGradientsBetweenSweeps() {
        Value x = Value.of(2);
        Value y = x.mul(x);
        y.backward();
        y.backward();
        assertEquals(4, x.grad(), 0, "a second sweep must not accumulate onto the first");
    }

    @Test
    void everyOperationAgreesWithFiniteDifferences() {
        GradientCheck.Result r = GradientCheck.check(v -> {
            Value a = v[0].mul(v[1]).add(v[2].exp()).div(v[0].pow(2).add(1));
            Value b = v[1].sigmoid().mul(v[2].tanh()).sub(v[0].neg().relu()).add(v[1].mul(v[1]).add(1).log());
            return Value.sum(a, b, Value.dot(new Value[] {v[0], v[1]}, new Value[] {v[2], v[2]}));
        }, new double[] {0.7, -1.3, 0.4}, 1e-5);
        assertTrue(r.maxRelativeError() < 1e-8, r.toString());
    }

    @Test
    void deepGraphsDoNotOverflowTheStack() {
        Value x = Value.of(1.0001);
        Value y = x;
        for (int i = 0; i < 100_000; i++) y = y.mul(1.0);
        y.backward();
        assertEquals(1, x.grad(), 0);
    }

    @Test
    void checkerNoticesAWrongDerivative() {
        // a node that claims d/dx x² = x (wrong by a factor 2) must be caught
        GradientCheck.Result r = GradientCheck.check(v -> Value.unary(v[0], v[0].data() * v[0].data(), v[0].data(), "bad"),
                new double[] {1.5}, 1e-5);
        assertTrue(r.maxRelativeError() > 0.4, r.toString());
    }
}

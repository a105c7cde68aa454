package org.backprop4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Batch normalization's plane sweeps: the plain kernel against sums in double (within float rounding),
 * and the vector twin against the plain one bit for bit, on planes of 1 to 577 values (every tail) at
 * offsets that are not multiples of 8.
 */
class BatchNormKernelsTest {
    static List<BatchNormKernels> kernels() {
        List<BatchNormKernels> k = new ArrayList<>(List.of(PlainBatchNormKernels.INSTANCE));
        Kernels.vectorBatchNorm().ifPresent(k::add);
        return k;
    }

    @Test
    void sweepsMatchDoubleSumsAndTheTwinsAgreeBitForBit() {
        for (int n : new int[] {1, 3, 7, 8, 9, 16, 23, 64, 100, 576, 577}) {
            Rng rng = new Rng(n);
            int off = 5, dOff = 3, gOff = 7;
            float[] x = new float[off + n], d = new float[dOff + n];
            for (int i = 0; i < n; i++) {
                x[off + i] = (float) (rng.nextDouble() * 4 - 1);
                d[dOff + i] = (float) (rng.nextDouble() - 0.5);
            }
            float mu = 0.7f, inv = 1.3f, gamma = 0.9f, beta = -0.2f, k = 0.01f, count = 3f * n, sd = 0.4f, sdx = -0.3f;
            float shift = 0.25f;
            double s = 0, q = 0, gs = 0, gp = 0;
            for (int i = 0; i < n; i++) {
                s += x[off + i] - shift;
                q += (double) (x[off + i] - shift) * (x[off + i] - shift);
                gs += d[dOff + i];
                gp += d[dOff + i] * (double) ((x[off + i] - mu) * inv);
            }
            List<double[]> results = new ArrayList<>();
            for (BatchNormKernels kernel : kernels()) {
                double[] two = new double[2], grad = new double[2];
                kernel.sums(x, off, n, shift, two);
                kernel.gradientSums(x, off, d, dOff, n, mu, inv, grad);
                assertEquals(s, two[0], 1e-5 * n, kernel.name() + " Σx, n = " + n);
                assertEquals(q, two[1], 1e-5 * n, kernel.name() + " Σx², n = " + n);
                assertEquals(gs, grad[0], 1e-6 * n, kernel.name() + " Σδ, n = " + n);
                assertEquals(gp, grad[1], 1e-5 * n, kernel.name() + " Σδx̂, n = " + n);
                float[] z = new float[gOff + n], gx = new float[gOff + n];
                kernel.normalize(x, off, z, gOff, n, mu, inv, gamma, beta);
                kernel.inputGradient(x, off, d, dOff, gx, gOff, n, mu, inv, k, count, sd, sdx);
                for (int i = 0; i < n; i++) {
                    assertEquals(Math.fma(gamma, (x[off + i] - mu) * inv, beta), z[gOff + i], kernel.name() + " z");
                    float xhat = (x[off + i] - mu) * inv;
                    assertEquals(k * (count * d[dOff + i] - sd - xhat * sdx), gx[gOff + i], kernel.name() + " ∂C/∂x");
                }
                results.add(new double[] {two[0], two[1], grad[0], grad[1]});
            }
            for (int t = 1; t < results.size(); t++) {
                for (int i = 0; i < 4; i++) {
                    assertEquals(Double.doubleToRawLongBits(results.get(0)[i]), Double.doubleToRawLongBits(results.get(t)[i]), "sum " + i + ", n = " + n);
                }
            }
        }
    }
}

package org.backprop4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Runs in a separate surefire execution whose JVM lacks jdk.incubator.vector (see core/pom.xml): the
 * plain kernels must be chosen, work, and the vector classes must never be needed.
 */
class KernelSelectionWithoutVectorModuleTest {
    @Test
    void plainKernelsAreChosenAndWork() {
        assertEquals("false", System.getProperty("backprop4j.expectVectorModule"), "this test belongs to the no-vector-module run");
        assertFalse(Kernels.VECTOR_MODULE);
        assertSame(PlainGemm.INSTANCE, Kernels.serialGemm());
        assertSame(PlainGemm.INSTANCE, ((ParallelGemm) ExecutionContext.create().gemm()).base());
        assertSame(PlainElementWise.INSTANCE, Kernels.elementWise());
        assertTrue(Kernels.describe().contains("plain"), Kernels.describe());
        assertTrue(Kernels.vectorGemm(512).isEmpty());
        assertThrows(IllegalStateException.class, () -> Kernels.choose("vector-512"));

        float[] c = new float[4];
        ExecutionContext.create().gemm().gemm(false, true, 2, 2, 2, 1f, new float[] {1, 2, 3, 4}, 0, 2, new float[] {5, 6, 7, 8}, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {17, 23, 39, 53}, c);
    }
}

package org.backprop4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** With jdk.incubator.vector present (the normal test run) the vector kernels are chosen. */
class KernelSelectionTest {
    @Test
    void vectorKernelsAreChosenWhenTheModuleIsPresent() {
        assertTrue(Kernels.VECTOR_MODULE, "tests run with --add-modules jdk.incubator.vector");
        assertTrue(Kernels.serialGemm().name().startsWith("vector-"), Kernels.serialGemm().name());
        assertTrue(ExecutionContext.create().gemm() instanceof ParallelGemm, "training GEMMs are split over a context's threads");
        assertTrue(Kernels.elementWise().name().startsWith("vector-"), Kernels.elementWise().name());
        assertTrue(Kernels.describe().contains("jdk.incubator.vector"), Kernels.describe());
    }

    @Test
    void explicitChoicesAreValidated() {
        assertEquals("plain", Kernels.choose("plain"));
        assertEquals("vector-256", Kernels.choose(" Vector-256 "));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Kernels.choose("avx9000"));
        assertTrue(e.getMessage().contains("avx9000"));
    }
}

package org.backprop4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;

/**
 * Where float arrays meet cache lines, against the JVM's own account of its array layout. Runs in both
 * surefire executions: with {@code -XX:ObjectAlignmentInBytes=64} (lines known) and without (unknown).
 */
class LineAlignmentTest {
    @Test
    void headerSizesGiveTheFirstElementOnALine() {
        assertEquals(12, LineAlignment.headerToIndex(16)); // compressed class pointers
        assertEquals(13, LineAlignment.headerToIndex(12)); // compact object headers
        assertEquals(0, LineAlignment.headerToIndex(0));
        assertEquals(0, LineAlignment.headerToIndex(64));
        assertEquals(11, LineAlignment.headerToIndex(20));
        assertEquals(-1, LineAlignment.headerToIndex(6));
    }

    /** Known exactly when objects sit on 64-byte boundaries, and then where the JVM says a float[]'s data starts. */
    @Test
    @SuppressWarnings("removal") // the one place that can tell where the JVM puts an array's first element
    void detectionAgreesWithTheJvmsArrayBaseOffset() {
        var vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        long objectAlignment = Long.parseLong(vm.getVMOption("ObjectAlignmentInBytes").getValue());
        int expected = objectAlignment % 64 == 0 ? LineAlignment.headerToIndex(sun.misc.Unsafe.ARRAY_FLOAT_BASE_OFFSET) : -1;
        assertEquals(expected, LineAlignment.alignedIndex(), "ObjectAlignmentInBytes=" + objectAlignment);
        assertEquals(Math.max(0, expected), Matrix.lineAligned(3, 5).offset());
    }
}

package org.backprop4j.tensor;

/**
 * Where the elements of a {@code float[]} meet 64-byte cache lines. A vector load that straddles two
 * lines costs two L1 accesses: with every operand's rows starting on a line, mlp800's five large products
 * took 5–6% less time on two threads, z = x·V of the sparse first layer 11–17% (docs/PERFORMANCE.md,
 * "Memory layout"). The JVM puts an array's first element a fixed header size after the object's start, but
 * objects are only 8-byte aligned by default, and the collector moves them, so where the lines fall inside
 * an array cannot be known. It can when every object is aligned to a multiple of 64 bytes
 * ({@code -XX:ObjectAlignmentInBytes=64}, which the launcher sets): then element {@link #alignedIndex()} of
 * every float array starts a line, wherever the array lives. {@link Matrix#lineAligned} uses it.
 */
public final class LineAlignment {
    /** Floats per 64-byte cache line. */
    public static final int LINE_FLOATS = 16;

    private static final int ALIGNED_INDEX = detect();

    private LineAlignment() {}

    /** The index, in [0, 16), of the first element of every float[] that starts a cache line; −1 when not known. */
    public static int alignedIndex() { return ALIGNED_INDEX; }

    /**
     * From the running JVM's flags: objects aligned to a multiple of 64 bytes, and the array header of the
     * two HotSpot layouts whose size is known (16 bytes with compressed class pointers, 12 with compact
     * object headers). Anything else, including a JVM without these flags, is "not known".
     */
    static int detect() {
        try {
            var vm = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if (vm == null) return -1;
            long objectAlignment = Long.parseLong(vm.getVMOption("ObjectAlignmentInBytes").getValue());
            if (objectAlignment % (LINE_FLOATS * Float.BYTES) != 0) return -1;
            int header;
            if (Boolean.parseBoolean(vm.getVMOption("UseCompactObjectHeaders").getValue())) header = 12;
            else if (Boolean.parseBoolean(vm.getVMOption("UseCompressedClassPointers").getValue())) header = 16;
            else return -1;
            return headerToIndex(header);
        } catch (RuntimeException | LinkageError e) {
            return -1; // not HotSpot, or a flag it does not have: lines unknown, arrays start at 0
        }
    }

    /** The first element starting a line when an array's data begins `header` bytes after a line; −1 if none does. */
    static int headerToIndex(int header) {
        int lineBytes = LINE_FLOATS * Float.BYTES;
        if (header < 0 || header % Float.BYTES != 0) return -1;
        return (lineBytes - header % lineBytes) % lineBytes / Float.BYTES;
    }
}

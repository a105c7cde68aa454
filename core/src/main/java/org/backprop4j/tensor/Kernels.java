package org.backprop4j.tensor;

import java.util.Locale;

/**
 * Chooses the kernels once, at class initialisation: the Vector API ones when the JVM has the
 * {@code jdk.incubator.vector} module (started with {@code --add-modules jdk.incubator.vector}),
 * the plain-Java ones otherwise. The vector classes are loaded by name, so a JVM without the module
 * never links them.
 *
 * <p>System property {@code backprop4j.kernels} overrides: {@code auto} (default), {@code plain},
 * {@code vector-256}, {@code vector-512}. The choice lives in static finals so that C2 sees one
 * implementation at each call site and inlines it.
 */
public final class Kernels {
    /** True when the running JVM resolved {@code jdk.incubator.vector}. */
    public static final boolean VECTOR_MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private static final String CHOICE = choose(System.getProperty("backprop4j.kernels", "auto"));
    private static final Gemm GEMM = CHOICE.equals("plain") ? PlainGemm.INSTANCE
            : (Gemm) load(CHOICE.equals("vector-512") ? "org.backprop4j.tensor.simd.Gemm512" : "org.backprop4j.tensor.simd.Gemm256");
    private static final Gemm SPARSE_LEFT_GEMM = CHOICE.equals("plain") ? PlainSparseLeftGemm.INSTANCE
            : (Gemm) load(CHOICE.equals("vector-512") ? "org.backprop4j.tensor.simd.SparseLeftGemm512" : "org.backprop4j.tensor.simd.SparseLeftGemm256");
    private static final ElementWise ELEMENT_WISE = CHOICE.equals("plain") ? PlainElementWise.INSTANCE
            : (ElementWise) load("org.backprop4j.tensor.simd.VectorElementWise");
    private static final Im2col IM2COL = CHOICE.equals("plain") ? PlainIm2col.INSTANCE : (Im2col) load("org.backprop4j.tensor.simd.VectorIm2col");
    private static final MaxPool2x2 MAX_POOL = CHOICE.equals("plain") ? PlainMaxPool2x2.INSTANCE
            : (MaxPool2x2) load("org.backprop4j.tensor.simd.VectorMaxPool2x2");
    private static final BatchNormKernels BATCH_NORM = CHOICE.equals("plain") ? PlainBatchNormKernels.INSTANCE
            : (BatchNormKernels) load("org.backprop4j.tensor.simd.VectorBatchNormKernels");

    static {
        // a library user's JVM may lack the flag the launcher gives: say once, in one line, what it costs and how to get it
        if (!VECTOR_MODULE && !Boolean.getBoolean("backprop4j.quiet")) {
            System.err.println("backprop4j: plain-Java kernels; start the JVM with --add-modules jdk.incubator.vector for the SIMD ones"
                    + " (several times faster; -Dbackprop4j.quiet=true hides this line)");
        }
    }

    private Kernels() {}

    /**
     * The chosen GEMM on the calling thread only. Training splits its products over the threads of its
     * {@link ExecutionContext#gemm()}; work that divides a batch among the threads itself (a convolution's
     * groups of examples) calls this one, so that its products do not wait for each other's split.
     */
    public static Gemm serialGemm() { return GEMM; }

    /**
     * The GEMM for a sparse left operand (op(A)·B that skips A's zeros), for input-major first layers on
     * inputs such as MNIST's, on the calling thread ({@link ExecutionContext#sparseLeftGemm()} splits it).
     */
    public static Gemm serialSparseLeftGemm() { return SPARSE_LEFT_GEMM; }

    /** Threads of a new {@link ExecutionContext}: system property backprop4j.threads, else all cores. */
    public static int defaultThreads() {
        return Math.max(1, Integer.getInteger("backprop4j.threads", Runtime.getRuntime().availableProcessors()));
    }

    public static ElementWise elementWise() { return ELEMENT_WISE; }

    /** The im2col and col2im of convolutions. */
    public static Im2col im2col() { return IM2COL; }

    /** Batch normalization's sweeps over a plane. */
    public static BatchNormKernels batchNorm() { return BATCH_NORM; }

    /** The vector batch-normalization sweeps, for tests; empty when the module is absent. */
    public static java.util.Optional<BatchNormKernels> vectorBatchNorm() {
        if (!VECTOR_MODULE) return java.util.Optional.empty();
        return java.util.Optional.of((BatchNormKernels) load("org.backprop4j.tensor.simd.VectorBatchNormKernels"));
    }

    /** Max-pooling over 2 × 2 windows with stride 2. */
    public static MaxPool2x2 maxPool2x2() { return MAX_POOL; }

    /** The vector 2 × 2 max-pooling, for tests and benchmarks; empty when the module is absent. */
    public static java.util.Optional<MaxPool2x2> vectorMaxPool2x2() {
        if (!VECTOR_MODULE) return java.util.Optional.empty();
        return java.util.Optional.of((MaxPool2x2) load("org.backprop4j.tensor.simd.VectorMaxPool2x2"));
    }

    /** The vector im2col, for tests and benchmarks; empty when the module is absent. */
    public static java.util.Optional<Im2col> vectorIm2col() {
        if (!VECTOR_MODULE) return java.util.Optional.empty();
        return java.util.Optional.of((Im2col) load("org.backprop4j.tensor.simd.VectorIm2col"));
    }

    /** The one line the CLI logs at start-up, e.g. "kernels: gemm vector-512, element-wise vector-512 (jdk.incubator.vector), 2 threads". */
    public static String describe() { return describe(defaultThreads()); }

    private static String threadCount(int threads) { return threads + (threads == 1 ? " thread" : " threads"); }

    /** {@link #describe()} for a context of {@code threads} threads. */
    public static String describe(int threads) {
        if (!VECTOR_MODULE) {
            return "kernels: plain Java, " + threadCount(threads) + " (jdk.incubator.vector not present; run with --add-modules jdk.incubator.vector for SIMD)";
        }
        return "kernels: gemm " + GEMM.name() + ", element-wise " + ELEMENT_WISE.name() + " (jdk.incubator.vector), " + threadCount(threads)
                + (LineAlignment.alignedIndex() >= 0 ? ", weights and activations on cache lines" : "");
    }

    /** The vector GEMM for a given width, for tests and benchmarks; empty when the module is absent. */
    public static java.util.Optional<Gemm> vectorGemm(int bits) {
        if (!VECTOR_MODULE) return java.util.Optional.empty();
        return java.util.Optional.of((Gemm) load(bits == 512 ? "org.backprop4j.tensor.simd.Gemm512" : "org.backprop4j.tensor.simd.Gemm256"));
    }

    /** The vector sparse-left GEMM for a given width, for tests and benchmarks; empty when the module is absent. */
    public static java.util.Optional<Gemm> vectorSparseLeftGemm(int bits) {
        if (!VECTOR_MODULE) return java.util.Optional.empty();
        return java.util.Optional.of((Gemm) load(bits == 512 ? "org.backprop4j.tensor.simd.SparseLeftGemm512" : "org.backprop4j.tensor.simd.SparseLeftGemm256"));
    }

    /** The vector element-wise kernels, for tests and benchmarks; empty when the module is absent. */
    public static java.util.Optional<ElementWise> vectorElementWise() {
        if (!VECTOR_MODULE) return java.util.Optional.empty();
        return java.util.Optional.of((ElementWise) load("org.backprop4j.tensor.simd.VectorElementWise"));
    }

    static String choose(String requested) {
        String r = requested.trim().toLowerCase(Locale.ROOT);
        switch (r) {
            case "plain":
                return "plain";
            case "vector-256", "vector-512":
                if (!VECTOR_MODULE) {
                    throw new IllegalStateException("backprop4j.kernels=" + r + " needs --add-modules jdk.incubator.vector");
                }
                return r;
            case "auto":
                if (!VECTOR_MODULE) return "plain";
                return preferredBits() >= 512 ? "vector-512" : preferredBits() >= 256 ? "vector-256" : "plain";
            default:
                throw new IllegalStateException("backprop4j.kernels must be auto, plain, vector-256 or vector-512, not '" + requested + "'");
        }
    }

    private static int preferredBits() {
        // Only called when the module is present; reflection keeps this class free of a link to it.
        try {
            Class<?> fv = Class.forName("jdk.incubator.vector.FloatVector");
            Object species = fv.getField("SPECIES_PREFERRED").get(null);
            return (int) Class.forName("jdk.incubator.vector.VectorSpecies").getMethod("vectorBitSize").invoke(species);
        } catch (ReflectiveOperationException e) {
            return 0;
        }
    }

    private static Object load(String className) {
        try {
            return Class.forName(className).getField("INSTANCE").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load kernel " + className, e);
        }
    }
}

package org.backprop4j.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.loss.NegativeLogLikelihood;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * A training pass allocates nothing per mini-batch, on the calling thread or the kernel threads: the
 * workspace holds every buffer and every epilogue the products run ({@link Workspace}), made once.
 * Measured with the JVM's per-thread allocation counters over 50 passes after a warm-up.
 */
class StepAllocationTest {


    @Test
    void forwardAndBackwardAllocateNothingPerBatch() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!mx.isThreadAllocatedMemorySupported()) return; // nothing to measure with (not HotSpot)
        mx.setThreadAllocatedMemoryEnabled(true);
        int m = 64;
        Network net = Network.mlp(new int[] {300, 200, 150, 10}, ReLU.INSTANCE, Softmax.INSTANCE, Init.HE, new Rng(1), 0.2f);
        Workspace ws = net.workspace(m, ExecutionContext.create(2));
        Rng rng = new Rng(2);
        float[] x = new float[m * 300];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble();
        float[] y = new float[m * 10];
        for (int r = 0; r < m; r++) y[r * 10 + rng.nextInt(10)] = 1;
        Rng dropout = new Rng(3);
        for (int i = 0; i < 200; i++) pass(net, ws, x, y, m, dropout); // warm-up: kernel threads started, code compiled
        List<Long> ids = new ArrayList<>();
        ids.add(Thread.currentThread().threadId());
        for (Thread t : Thread.getAllStackTraces().keySet()) if (t.getName().startsWith("backprop4j-kernel")) ids.add(t.threadId());
        assertTrue(ids.size() >= 2, "a kernel thread runs: " + ids);
        long[] idArray = ids.stream().mapToLong(Long::longValue).toArray();
        long before = total(mx.getThreadAllocatedBytes(idArray));
        for (int i = 0; i < 50; i++) pass(net, ws, x, y, m, dropout);
        long allocated = total(mx.getThreadAllocatedBytes(idArray)) - before;
        // a little slack for the counters' own bookkeeping; one boxed value per pass would already be 800 bytes
        assertTrue(allocated < 512, "50 passes allocated " + allocated + " bytes");
    }

    /** The same for a convolutional network with every kind of layer, whose layers divide the batch into groups. */
    @Test
    void convolutionalForwardAndBackwardAllocateNothingPerBatch() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!mx.isThreadAllocatedMemorySupported()) return;
        mx.setThreadAllocatedMemoryEnabled(true);
        int m = 20;
        Network net = NetSpec.build("conv 6 5x5 relu, maxpool 2, conv 8 3x3 identity, batchnorm relu, avgpool 2 stride 1, dropout 0.2,"
                + " dense 30 relu, dense 10 softmax", new Shape(1, 28, 28), Init.HE, new Rng(1));
        Workspace ws = net.workspace(m, ExecutionContext.create(2));
        Rng rng = new Rng(2);
        float[] x = new float[m * 784];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble();
        float[] y = new float[m * 10];
        for (int r = 0; r < m; r++) y[r * 10 + rng.nextInt(10)] = 1;
        Rng dropout = new Rng(3);
        for (int i = 0; i < 500; i++) pass(net, ws, x, y, m, dropout);
        List<Long> ids = new ArrayList<>();
        ids.add(Thread.currentThread().threadId());
        for (Thread t : Thread.getAllStackTraces().keySet()) if (t.getName().startsWith("backprop4j-kernel")) ids.add(t.threadId());
        long[] idArray = ids.stream().mapToLong(Long::longValue).toArray();
        // until the JIT has compiled this network's kernel shapes, interpreted vector code boxes: some window
        // of 50 passes must allocate nothing (a per-batch allocation would show in every one)
        long allocated = Long.MAX_VALUE;
        for (int window = 0; window < 40 && allocated >= 512; window++) {
            long before = total(mx.getThreadAllocatedBytes(idArray));
            for (int i = 0; i < 50; i++) pass(net, ws, x, y, m, dropout);
            allocated = total(mx.getThreadAllocatedBytes(idArray)) - before;
        }
        assertTrue(allocated < 512, "50 passes allocated " + allocated + " bytes");
    }

    private static void pass(Network net, Workspace ws, float[] x, float[] y, int m, Rng dropout) {
        float[] out = net.forward(ws, x, m, dropout);
        NegativeLogLikelihood.INSTANCE.outputDelta(Softmax.INSTANCE, ws.outputZ(), out, y, ws.outputDelta(), m, 10);
        net.backward(ws, x, m);
    }

    private static long total(long[] bytes) {
        long sum = 0;
        for (long b : bytes) sum += Math.max(0, b);
        return sum;
    }
}

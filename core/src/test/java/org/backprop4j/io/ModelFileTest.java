package org.backprop4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.backprop4j.BadInputException;
import org.backprop4j.nn.BatchNorm;
import org.backprop4j.nn.Conv2d;
import org.backprop4j.nn.Dropout;
import org.backprop4j.nn.Init;
import org.backprop4j.nn.Layer;
import org.backprop4j.nn.NetSpec;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Param;
import org.backprop4j.nn.Shape;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Sigmoid;
import org.backprop4j.nn.Softmax;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    static Network network() {
        return Network.of(new int[] {6, 5, 4, 3}, ReLU.INSTANCE, Softmax.INSTANCE, Init.HE, new Rng(3));
    }

    @Test
    void roundTripIsExact() throws IOException {
        Network net = network();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("cost", "nll");
        meta.put("note", "ünïcode ✓");
        Path file = dir.resolve("m.bp4j");
        ModelFile.save(file, net, meta);
        ModelFile.Loaded back = ModelFile.load(file);
        assertEquals(net.toString(), back.network().toString());
        for (int p = 0; p < net.params().size(); p++) {
            assertArrayEquals(net.params().get(p).value().values(), back.network().params().get(p).value().values());
        }
        assertEquals(meta, back.meta());
        assertEquals(ModelFile.VERSION, back.version());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    /** Dropout scaled at inference keeps its scaling through a file; an unknown scaling is refused. */
    @Test
    void dropoutScalingRoundTrips() throws IOException {
        Network net = NetSpec.build("dense 4 relu, dropout 0.5 inference-scaled, dense 2 softmax", Shape.flat(3), Init.HE, new Rng(1));
        Path file = dir.resolve("d.bp4j");
        ModelFile.save(file, net, Map.of());
        Network back = ModelFile.load(file).network();
        assertEquals(false, ((Dropout) back.layers().get(1)).inverted());
        assertEquals(net.toString(), back.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> org.backprop4j.nn.Layers.create("dropout", "layer2", Shape.flat(3), Map.of("p", "0.5", "scaling", "sometimes")));
        assertEquals("dropout scaling must be inverted or inference, got 'sometimes'", e.getMessage());
    }

    @Test
    void everyTruncationIsReportedInOneLine() {
        byte[] full = ModelFile.encode(network(), Map.of("k", "v"));
        for (int len = 0; len < full.length; len += Math.max(1, len / 7)) {
            byte[] cut = Arrays.copyOf(full, len);
            BadInputException e = assertThrows(BadInputException.class, () -> ModelFile.decode("m.bp4j", cut), "length " + len);
            assertTrue(e.getMessage().startsWith("m.bp4j: ") && !e.getMessage().contains("\n"), e.getMessage());
        }
        byte[] cut = Arrays.copyOf(full, full.length - 1);
        String msg = assertThrows(BadInputException.class, () -> ModelFile.decode("m.bp4j", cut)).getMessage();
        assertTrue(msg.contains("truncated"), msg);
    }

    @Test
    void aFlippedBitFailsTheChecksum() {
        byte[] full = ModelFile.encode(network(), Map.of());
        full[full.length / 2] ^= 0x10;
        String msg = assertThrows(BadInputException.class, () -> ModelFile.decode("m", full)).getMessage();
        assertTrue(msg.contains("checksum mismatch"), msg);
    }

    @Test
    void badMagicAndFutureVersion() {
        byte[] full = ModelFile.encode(network(), Map.of());
        byte[] text = "hello world, not a model".getBytes();
        assertTrue(assertThrows(BadInputException.class, () -> ModelFile.decode("m", text)).getMessage().contains("bad magic"));
        byte[] future = full.clone();
        future[8] = 99;
        String msg = assertThrows(BadInputException.class, () -> ModelFile.decode("m", future)).getMessage();
        assertTrue(msg.contains("unsupported model format version 99"), msg);
    }

    @Test
    void missingFile() {
        String msg = assertThrows(BadInputException.class, () -> ModelFile.load(dir.resolve("none.bp4j"))).getMessage();
        assertTrue(msg.contains("no such model file"), msg);
    }

    @Test
    void savingOverAnExistingModelReplacesItWhole() {
        Path file = dir.resolve("m.bp4j");
        ModelFile.save(file, network(), Map.of("run", "1"));
        Network other = Network.of(new int[] {6, 2}, Sigmoid.INSTANCE, Sigmoid.INSTANCE, Init.NORMAL, new Rng(9));
        ModelFile.save(file, other, Map.of("run", "2"));
        ModelFile.Loaded back = ModelFile.load(file);
        assertEquals("2", back.meta().get("run"));
        assertEquals(other.toString(), back.network().toString());
    }

    /**
     * A version 1 file committed to the repository (src/test/resources/models/v1-tiny.bp4j): every later
     * build must still read it. Its weights are W1(i) = (i − 6)/8, b1(j) = j/4, W2(i) = −i/16, b2 = (0.5, −0.5).
     */
    @Test
    void readsTheCommittedVersion1Fixture() throws IOException {
        ModelFile.Loaded m = fixture("v1-tiny.bp4j");
        assertEquals(1, m.version());
        assertFixtureNetwork(m);
        assertEquals(2, m.network().layers().size(), "version 1 had no dropout");
    }

    private ModelFile.Loaded fixture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/models/" + name)) {
            return ModelFile.decode(name, in.readAllBytes());
        }
    }

    /** The fixtures' network and weights, as fixtureGenerator writes them. */
    private static void assertFixtureNetwork(ModelFile.Loaded m) {
        assertArrayEquals(new int[] {4, 3, 2}, m.network().layers().stream().filter(l -> l instanceof org.backprop4j.nn.Dense)
                .mapToInt(Layer::outputSize).collect(() -> new java.util.ArrayList<Integer>(java.util.List.of(4)), java.util.ArrayList::add, java.util.ArrayList::addAll)
                .stream().mapToInt(Integer::intValue).toArray());
        assertEquals("sigmoid", m.network().layers().get(0).activation().name());
        assertEquals("softmax", m.network().outputActivation().name());
        float[] w1 = m.network().params().get(0).value().values();
        for (int i = 0; i < w1.length; i++) assertEquals((i - 6) / 8f, w1[i]);
        float[] b1 = m.network().params().get(1).value().values();
        for (int j = 0; j < b1.length; j++) assertEquals(j / 4f, b1[j]);
        float[] w2 = m.network().params().get(2).value().values();
        for (int i = 0; i < w2.length; i++) assertEquals(-i / 16f, w2[i]);
        assertArrayEquals(new float[] {0.5f, -0.5f}, m.network().params().get(3).value().values());
        assertEquals("fixture", m.meta().get("dataset"));
    }

    /**
     * Version 2 added each layer's dropout (src/test/resources/models/v2-tiny.bp4j: layer 1 drops 0.25),
     * read as a dropout layer after it.
     */
    @Test
    void readsTheCommittedVersion2Fixture() throws IOException {
        ModelFile.Loaded m = fixture("v2-tiny.bp4j");
        assertEquals(2, m.version());
        assertFixtureNetwork(m);
        assertEquals(3, m.network().layers().size());
        assertEquals(0.25f, ((Dropout) m.network().layers().get(1)).probability());
    }

    /** A version 3 file of the given ARCH and PARM payloads, with a correct checksum (a corrupt file that passes it). */
    private static byte[] v3(Binary.Writer arch, Binary.Writer parm) {
        return file(3, arch, parm);
    }

    /** A file of the given version, ARCH and PARM payloads, ended by a correct checksum. */
    private static byte[] file(int version, Binary.Writer arch, Binary.Writer parm) {
        Binary.Writer w = new Binary.Writer();
        w.bytes(ModelFile.MAGIC);
        w.u32(version);
        w.chunk("ARCH", arch);
        w.chunk("PARM", parm);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(w.toByteArray());
        w.chunk("END ", new Binary.Writer().u32((int) crc.getValue()));
        return w.toByteArray();
    }

    /** Attributes that ask for more values than the file holds fail before anything that large is allocated. */
    @Test
    void aLayerLargerThanItsFileIsRefusedBeforeItIsAllocated() {
        Binary.Writer arch = new Binary.Writer().u32(1).u32(1).u32(1).u32(1).str("dense").u32(2).str("units").str("1000000000").str("activation").str("relu");
        String msg = assertThrows(BadInputException.class, () -> ModelFile.decode("big.bp4j", v3(arch, new Binary.Writer().u32(0)))).getMessage();
        assertTrue(msg.startsWith("big.bp4j: layer 1 (dense") && msg.contains("more values than"), msg);
        // version 2 too: a 65536 → 65536 layer would not even fit a Java array
        byte[] v2 = file(2, new Binary.Writer().u32(1).str("dense").u32(65536).u32(65536).str("relu").f32(0f), new Binary.Writer().u32(0));
        msg = assertThrows(BadInputException.class, () -> ModelFile.decode("big2.bp4j", v2)).getMessage();
        assertTrue(msg.startsWith("big2.bp4j: layer 1") && !msg.contains("\n"), msg);
    }

    @Test
    void aNegativeRunningVarianceIsRefused() {
        Network net = NetSpec.build("batchnorm relu, dense 2 softmax", Shape.flat(3), Init.HE, new Rng(1));
        net.state().get(1).value().data()[2] = -0.5f; // running_var of the third feature
        String msg = assertThrows(BadInputException.class, () -> ModelFile.decode("bn.bp4j", ModelFile.encode(net, Map.of()))).getMessage();
        assertTrue(msg.contains("layer1.running_var") && msg.contains("-0.5"), msg);
    }

    /**
     * Version 3 holds any layers (src/test/resources/models/v3-tiny.bp4j: every kind, an odd input, 'same'
     * padding, a stride, and batch normalization's running statistics) and N-dimensional tensors.
     */
    @Test
    void readsTheCommittedVersion3Fixture() throws IOException {
        ModelFile.Loaded m = fixture("v3-tiny.bp4j");
        assertEquals(3, m.version());
        assertEquals(V3_SPEC, m.network().spec());
        assertEquals(new Shape(2, 8, 5), m.network().inputShape());
        Conv2d conv = (Conv2d) m.network().layers().get(0);
        assertEquals(0, conv.geometry().padTop());
        assertEquals(1, conv.geometry().padBottom(), "'same' with stride 2 pads the odd row at the bottom");
        assertEquals(1, conv.geometry().padLeft());
        assertArrayEquals(new int[] {3, 2, 3, 3}, conv.weights().shape());
        assertEquals(0.125f, ((BatchNorm) m.network().layers().get(1)).momentum());
        assertFixtureValues(m.network());
        assertEquals("fixture", m.meta().get("dataset"));
    }

    static final String V3_SPEC = "conv 3 3x3 relu stride 2 same, batchnorm tanh, maxpool 2 stride 1, conv 4 2x1 identity, avgpool 2,"
            + " dropout 0.25, dense 5 sigmoid, dense 2 softmax";

    /** The value of element i of tensor t of the version 3 fixture (running variances kept positive). */
    private static float fixtureValue(int t, int i, String name) {
        float v = ((i * 7 + t * 3) % 17 - 8) / 16f;
        return name.endsWith("running_var") ? 0.5f + Math.abs(v) : v;
    }

    private static void assertFixtureValues(Network net) {
        int t = 0;
        for (Param p : net.tensors()) {
            float[] v = p.value().values();
            for (int i = 0; i < v.length; i++) assertEquals(fixtureValue(t, i, p.name()), v[i], p.name() + "[" + i + "]");
            t++;
        }
    }

    /** Regenerates the fixture (run by hand with -Dbackprop4j.writeFixture=DIR when the format version changes). */
    @Test
    void fixtureGenerator() {
        String target = System.getProperty("backprop4j.writeFixture");
        Network net = NetSpec.build(V3_SPEC, new Shape(2, 8, 5), Init.HE, new Rng(0));
        Map<String, String> bn = new LinkedHashMap<>(net.layers().get(1).attributes());
        bn.put("momentum", "0.125");
        java.util.List<Layer> layers = new java.util.ArrayList<>(net.layers());
        layers.set(1, org.backprop4j.nn.Layers.create("batchnorm", "layer2", layers.get(0).outputShape(), bn));
        net = new Network(layers);
        int t = 0;
        for (Param p : net.tensors()) {
            float[] v = new float[p.size()];
            for (int i = 0; i < v.length; i++) v[i] = fixtureValue(t, i, p.name());
            p.value().setValues(v, 0);
            t++;
        }
        byte[] bytes = ModelFile.encode(net, Map.of("dataset", "fixture"));
        if (target != null) AtomicFiles.write(Path.of(target, "v" + ModelFile.VERSION + "-tiny.bp4j"), bytes);
        Network back = ModelFile.decode("generated", bytes).network();
        assertEquals(net.toString(), back.toString());
        assertFixtureValues(back);
    }
}

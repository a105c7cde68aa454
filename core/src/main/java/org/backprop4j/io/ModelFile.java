package org.backprop4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.backprop4j.BadInputException;
import org.backprop4j.nn.Activation;
import org.backprop4j.nn.Activations;
import org.backprop4j.nn.Dense;
import org.backprop4j.nn.Dropout;
import org.backprop4j.nn.Layer;
import org.backprop4j.nn.Layers;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Param;
import org.backprop4j.nn.Shape;

/**
 * The backprop4j model file (specified in docs/MODEL_FORMAT.md): an 8-byte magic, a format version,
 * then typed chunks (ARCH: the input shape and the layers, each a kind and text attributes; PARM: the
 * float32 tensors with their N-dimensional shapes; META: text key/values), closed by an END chunk
 * holding the CRC-32C of everything before it. Little-endian throughout. Written atomically
 * ({@link AtomicFiles}); any truncation or corruption is reported in one line. Versions 1 and 2 (dense
 * layers only) are still read.
 */
public final class ModelFile {
    /** "\x89BP4J\r\n\x1a": the high byte and the line endings catch text-mode transfers, as in PNG. */
    static final byte[] MAGIC = {(byte) 0x89, 'B', 'P', '4', 'J', '\r', '\n', 0x1A};
    /**
     * Version 3 holds any layers (kinds with attributes), the input shape, N-dimensional tensors and
     * state such as batch normalization's running statistics; version 2 added each dense layer's
     * dropout and the checkpoint chunks (see MODEL_FORMAT.md).
     */
    public static final int VERSION = 3;
    private static final int END_CHUNK = 12;

    private ModelFile() {}

    /** A network read back, with the metadata saved beside it and any further chunks, raw. */
    public record Loaded(Network network, Map<String, String> meta, int version, Map<String, ByteBuffer> chunks) {
        public Loaded(Network network, Map<String, String> meta, int version) { this(network, meta, version, Map.of()); }

        /** A further chunk's payload (little-endian), or null. */
        public ByteBuffer chunk(String type) {
            ByteBuffer b = chunks.get(type);
            return b == null ? null : b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    public static void save(Path file, Network network, Map<String, String> meta) {
        AtomicFiles.write(file, encode(network, meta));
    }

    public static byte[] encode(Network network, Map<String, String> meta) {
        return encode(network, meta, Map.of());
    }

    /**
     * A model file with further chunks (4-character types, e.g. a checkpoint's optimizer state), written
     * after META and covered by the same checksum. Readers that do not know a chunk skip it.
     */
    public static byte[] encode(Network network, Map<String, String> meta, Map<String, byte[]> extra) {
        Binary.Writer w = new Binary.Writer();
        w.bytes(MAGIC);
        w.u32(VERSION);

        Binary.Writer arch = new Binary.Writer();
        Shape in = network.inputShape();
        arch.u32(in.channels()).u32(in.height()).u32(in.width());
        arch.u32(network.layers().size());
        for (Layer layer : network.layers()) {
            if (layer instanceof Dense d && d.inputMajor()) {
                // a trainer holds it transposed mid-epoch; the file must have the layout of the notes
                throw new IllegalStateException(d + " is held input-major by a trainer; save it between epochs");
            }
            arch.str(layer.kind());
            Map<String, String> attributes = layer.attributes();
            arch.u32(attributes.size());
            attributes.forEach((k, v) -> arch.str(k).str(v));
        }
        w.chunk("ARCH", arch);

        Binary.Writer parm = new Binary.Writer();
        List<Param> tensors = network.tensors();
        parm.u32(tensors.size());
        for (Param p : tensors) {
            parm.str(p.name());
            int[] shape = p.shape();
            parm.u32(shape.length);
            for (int d : shape) parm.u32(d);
            parm.floats(p.value().values());
        }
        w.chunk("PARM", parm);

        Binary.Writer m = new Binary.Writer();
        m.u32(meta.size());
        for (Map.Entry<String, String> e : meta.entrySet()) {
            m.str(e.getKey());
            m.str(e.getValue());
        }
        w.chunk("META", m);

        for (Map.Entry<String, byte[]> e : extra.entrySet()) {
            if (e.getKey().length() != 4 || List.of("ARCH", "PARM", "META", "END ").contains(e.getKey())) {
                throw new IllegalArgumentException("bad extra chunk type '" + e.getKey() + "'");
            }
            w.chunk(e.getKey(), new Binary.Writer().bytes(e.getValue()));
        }

        CRC32C crc = new CRC32C();
        crc.update(w.toByteArray());
        Binary.Writer end = new Binary.Writer();
        end.u32((int) crc.getValue());
        w.chunk("END ", end);
        return w.toByteArray();
    }

    public static Loaded load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such model file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return decode(file.toString(), bytes);
    }

    public static Loaded decode(String name, byte[] bytes) {
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new BadInputException(name + ": not a backprop4j model file (bad magic at offset 0)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < MAGIC.length + 4) throw truncated(name, bytes.length, "format version");
        int version = b.getInt(MAGIC.length);
        if (version < 1 || version > VERSION) {
            throw new BadInputException(name + ": unsupported model format version " + version + " (this build reads versions 1 to "
                    + VERSION + ")");
        }
        int endAt = bytes.length - END_CHUNK;
        if (endAt < MAGIC.length + 4 || !"END ".equals(new String(bytes, endAt, 4, StandardCharsets.US_ASCII))
                || b.getInt(endAt + 4) != 4) {
            throw new BadInputException(name + ": truncated or corrupt: no END chunk at the end of its " + bytes.length
                    + " bytes (was the file cut short?)");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, endAt);
        int stored = b.getInt(endAt + 8);
        if ((int) crc.getValue() != stored) {
            throw new BadInputException(String.format("%s: checksum mismatch (stored %08x, computed %08x): the file is corrupt",
                    name, stored, (int) crc.getValue()));
        }

        Map<String, ByteBuffer> chunks = new LinkedHashMap<>();
        int pos = MAGIC.length + 4;
        while (pos < endAt) {
            if (pos + 8 > endAt) throw new BadInputException(name + ": chunk header at offset " + pos + " runs into the END chunk");
            String type = new String(bytes, pos, 4, StandardCharsets.US_ASCII);
            int len = b.getInt(pos + 4);
            if (len < 0 || (long) pos + 8 + len > endAt) {
                throw new BadInputException(name + ": chunk '" + type + "' at offset " + pos + " claims " + Integer.toUnsignedString(len)
                        + " bytes, only " + (endAt - pos - 8) + " remain");
            }
            chunks.put(type, ByteBuffer.wrap(bytes, pos + 8, len).slice().order(ByteOrder.LITTLE_ENDIAN));
            pos += 8 + len;
        }
        ByteBuffer arch = require(name, chunks, "ARCH");
        ByteBuffer parm = require(name, chunks, "PARM");
        try {
            Network network = version >= 3 ? readLayers(name, arch, parm.remaining()) : readDenseLayers(name, arch, version, parm.remaining());
            readTensors(name, parm, network, version);
            for (Layer layer : network.layers()) {
                try {
                    layer.checkState();
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(name + ": " + e.getMessage());
                }
            }
            Map<String, String> meta = new LinkedHashMap<>();
            ByteBuffer m = chunks.get("META");
            if (m != null) {
                int n = m.getInt();
                for (int i = 0; i < n; i++) meta.put(str(m), str(m));
            }
            Map<String, ByteBuffer> extra = new LinkedHashMap<>();
            for (Map.Entry<String, ByteBuffer> e : chunks.entrySet()) {
                if (!List.of("ARCH", "PARM", "META").contains(e.getKey())) extra.put(e.getKey(), e.getValue());
            }
            return new Loaded(network, meta, version, extra);
        } catch (java.nio.BufferUnderflowException e) {
            throw new BadInputException(name + ": a chunk ends before its contents do (corrupt file)");
        }
    }

    /** Refuses layer l when the layers up to it hold more float values than the PARM chunk's bytes. */
    private static void checkFits(String name, int l, String layer, long values, int parmBytes) {
        if (values > parmBytes / 4) {
            throw new BadInputException(name + ": layer " + (l + 1) + " (" + layer + ") would need more values than the "
                    + parmBytes + " bytes of PARM hold");
        }
    }

    /**
     * Version 3's ARCH: the input shape, then per layer its kind and attributes. Each layer's tensors must
     * fit in the PARM chunk's bytes before the layer is made, so that a corrupt attribute cannot make the
     * reader allocate gigabytes.
     */
    private static Network readLayers(String name, ByteBuffer arch, int parmBytes) {
        int c = arch.getInt(), h = arch.getInt(), w = arch.getInt();
        Shape shape;
        try {
            shape = new Shape(c, h, w);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(name + ": ARCH gives the input shape " + Integer.toUnsignedString(c) + "x" + Integer.toUnsignedString(h)
                    + "x" + Integer.toUnsignedString(w));
        }
        int count = arch.getInt();
        if (count <= 0 || count > 10_000) throw new BadInputException(name + ": ARCH lists " + count + " layers");
        List<Layer> layers = new ArrayList<>();
        long values = 0;
        for (int l = 0; l < count; l++) {
            String kind = str(arch);
            int n = arch.getInt();
            if (n < 0 || n > 1_000) throw new BadInputException(name + ": layer " + (l + 1) + " (" + kind + ") lists " + n + " attributes");
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) attributes.put(str(arch), str(arch));
            try {
                values += Layers.tensorValues(kind, shape, attributes);
                checkFits(name, l, kind + " on " + shape, values, parmBytes);
                Layer layer = Layers.create(kind, "layer" + (l + 1), shape, attributes);
                layers.add(layer);
                shape = layer.outputShape();
            } catch (IllegalArgumentException e) {
                throw new BadInputException(name + ": layer " + (l + 1) + " (" + kind + " on " + shape + "): " + e.getMessage());
            }
        }
        return network(name, layers);
    }

    /**
     * Versions 1 and 2: dense layers (inputs, outputs, activation; from version 2 a dropout probability,
     * read as a dropout layer after the dense one).
     */
    private static Network readDenseLayers(String name, ByteBuffer arch, int version, int parmBytes) {
        List<Layer> layers = new ArrayList<>();
        long values = 0;
        int count = arch.getInt();
        if (count <= 0 || count > 10_000) throw new BadInputException(name + ": ARCH chunk lists " + count + " layers");
        for (int l = 0; l < count; l++) {
            String kind = str(arch);
            if (!kind.equals("dense")) throw new BadInputException(name + ": layer " + (l + 1) + " has unknown kind '" + kind + "'");
            int in = arch.getInt();
            int out = arch.getInt();
            if (in <= 0 || out <= 0) throw new BadInputException(name + ": layer " + (l + 1) + " has sizes " + in + " -> " + out);
            Activation act;
            String actName = str(arch);
            try {
                act = Activations.byName(actName);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(name + ": layer " + (l + 1) + ": " + e.getMessage());
            }
            values += (long) in * out + out;
            checkFits(name, l, in + " -> " + out, values, parmBytes);
            Dense dense;
            try {
                dense = new Dense("layer" + (layers.size() + 1), in, out, act);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(name + ": layer " + (l + 1) + ": " + e.getMessage());
            }
            layers.add(dense);
            if (version >= 2) {
                float dropout = arch.getFloat();
                if (!(dropout >= 0 && dropout < 1)) throw new BadInputException(name + ": layer " + (l + 1) + " has dropout " + dropout);
                if (dropout > 0 && l < count - 1) layers.add(new Dropout("layer" + (layers.size() + 1), dense.outputShape(), dropout));
            }
        }
        return network(name, layers);
    }

    private static Network network(String name, List<Layer> layers) {
        try {
            return new Network(layers);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(name + ": " + e.getMessage());
        }
    }

    /**
     * PARM: every tensor of the network by name, with its shape (version 3: rank and sizes; versions 1
     * and 2: rows and columns, the tensors of the k-th dense layer named layer{k}.W and layer{k}.b).
     */
    private static void readTensors(String name, ByteBuffer parm, Network network, int version) {
        Map<String, Param> byName = new HashMap<>();
        if (version >= 3) {
            for (Param p : network.tensors()) byName.put(p.name(), p);
        } else {
            int k = 0;
            for (Layer layer : network.layers()) {
                if (!(layer instanceof Dense d)) continue;
                k++;
                byName.put("layer" + k + ".W", d.weights());
                byName.put("layer" + k + ".b", d.bias());
            }
        }
        int nParams = parm.getInt();
        if (nParams != byName.size()) {
            throw new BadInputException(name + ": PARM holds " + nParams + " tensors, the architecture needs " + byName.size());
        }
        for (int i = 0; i < nParams; i++) {
            String pName = str(parm);
            Param p = byName.remove(pName);
            if (p == null) throw new BadInputException(name + ": unexpected tensor '" + pName + "'");
            int[] shape;
            if (version >= 3) {
                int rank = parm.getInt();
                if (rank < 0 || rank > 8) throw new BadInputException(name + ": tensor " + pName + " has rank " + rank);
                shape = new int[rank];
                for (int d = 0; d < rank; d++) shape[d] = parm.getInt();
            } else {
                shape = new int[] {parm.getInt(), parm.getInt()};
            }
            long count = 1;
            for (int d : shape) count = Math.min(count * Integer.toUnsignedLong(d), 1L << 40); // no overflow for any rank ≤ 8
            if (count * 4 > parm.remaining()) {
                throw new BadInputException(name + ": tensor " + pName + " (" + shapeText(shape) + ") runs past the end of PARM");
            }
            int[] expected = version >= 3 ? p.shape() : new int[] {p.value().rows(), p.value().cols()};
            if (!Arrays.equals(shape, expected)) {
                throw new BadInputException(name + ": tensor " + pName + " is " + shapeText(shape) + ", the architecture needs " + shapeText(expected));
            }
            float[] data = Binary.floats(parm, p.size());
            for (int k = 0; k < data.length; k++) {
                if (!Float.isFinite(data[k])) {
                    throw new BadInputException(name + ": tensor " + pName + " holds " + data[k] + " at index " + k);
                }
            }
            p.value().setValues(data, 0);
        }
    }

    private static String shapeText(int[] shape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : "x").append(Integer.toUnsignedString(shape[i]));
        return sb.toString();
    }

    private static ByteBuffer require(String name, Map<String, ByteBuffer> chunks, String type) {
        ByteBuffer c = chunks.get(type);
        if (c == null) throw new BadInputException(name + ": missing the " + type + " chunk");
        return c;
    }

    private static BadInputException truncated(String name, int length, String what) {
        return new BadInputException(name + ": truncated at byte " + length + " (expected the " + what + ")");
    }

    private static String str(ByteBuffer b) { return Binary.str(b); }
}

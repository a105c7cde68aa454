package org.backprop4j.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.backprop4j.BadInputException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, raw or gzip-compressed.
 *
 * <p>Layout (big-endian): two zero bytes, a type code (0x08 unsigned byte, 0x09 signed byte, 0x0B short,
 * 0x0C int, 0x0D float, 0x0E double), the number of dimensions, one 32-bit size per dimension, then the
 * values. Everything is checked against the file: bad magic, an unknown type, a truncated body and bytes
 * left over each give a one-line error with the file and offset.
 */
public final class IdxReader {
    private IdxReader() {}

    /** The contents of one IDX file. {@code body} holds the values as stored (big-endian). */
    public record Idx(Path file, int type, int[] dims, ByteBuffer body) {
        public int count() { return dims[0]; }

        /** Values per entry: the product of all dimensions but the first. */
        public int entrySize() {
            long n = 1;
            for (int d = 1; d < dims.length; d++) n *= dims[d];
            return (int) n;
        }

        /** All values as floats; NaN or infinite values are rejected. (Unsigned bytes: see {@link #toUnsignedBytes}.) */
        public float[] toFloats() {
            long total = (long) dims[0] * entrySize();
            float[] out = new float[(int) total];
            ByteBuffer b = body.duplicate().order(ByteOrder.BIG_ENDIAN);
            for (int i = 0; i < out.length; i++) {
                double v = switch (type) {
                    case 0x08 -> b.get() & 0xFF;
                    case 0x09 -> b.get();
                    case 0x0B -> b.getShort();
                    case 0x0C -> b.getInt();
                    case 0x0D -> b.getFloat();
                    default -> b.getDouble();
                };
                if (!Double.isFinite(v)) {
                    throw new BadInputException(file + ": value " + i + " is " + v + " (entry " + i / Math.max(1, entrySize())
                            + "); data must be finite");
                }
                out[i] = (float) v;
            }
            return out;
        }

        /** All values of an unsigned-byte file (type 0x08) as stored. */
        public byte[] toUnsignedBytes() {
            if (type != 0x08) throw new IllegalStateException(file + " holds " + typeName(type) + ", not unsigned bytes");
            byte[] out = new byte[(int) ((long) dims[0] * entrySize())];
            body.duplicate().get(out);
            return out;
        }

        /** The values as integer labels; each must lie in [0, maxClasses). */
        public int[] toLabels(int maxClasses) {
            if (type == 0x0D || type == 0x0E) throw new BadInputException(file + ": labels must have an integer type, found " + typeName(type));
            if (dims.length != 1) throw new BadInputException(file + ": labels must have 1 dimension, found " + dims.length);
            int[] out = new int[dims[0]];
            ByteBuffer b = body.duplicate().order(ByteOrder.BIG_ENDIAN);
            for (int i = 0; i < out.length; i++) {
                int v = switch (type) {
                    case 0x08 -> b.get() & 0xFF;
                    case 0x09 -> b.get();
                    case 0x0B -> b.getShort();
                    default -> b.getInt();
                };
                if (v < 0 || v >= maxClasses) {
                    throw new BadInputException(file + ": label " + i + " is " + v + ", expected 0.." + (maxClasses - 1));
                }
                out[i] = v;
            }
            return out;
        }
    }

    public static Idx read(Path file) {
        byte[] bytes = readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        if (bytes.length < 4) {
            throw new BadInputException(file + ": truncated IDX header (" + bytes.length + " bytes, need at least 4)");
        }
        if (bytes[0] != 0 || bytes[1] != 0) {
            throw new BadInputException(String.format("%s: not an IDX file (bad magic 0x%02x%02x%02x%02x at offset 0, expected 0x0000 then type and rank)",
                    file, bytes[0], bytes[1], bytes[2], bytes[3]));
        }
        int type = bytes[2] & 0xFF;
        int rank = bytes[3] & 0xFF;
        int width = switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> throw new BadInputException(String.format("%s: unknown IDX type code 0x%02x at offset 2 (expected 08, 09, 0B, 0C, 0D or 0E)", file, type));
        };
        if (rank < 1) throw new BadInputException(file + ": IDX rank 0 at offset 3, expected at least 1 dimension");
        int header = 4 + 4 * rank;
        if (bytes.length < header) {
            throw new BadInputException(file + ": truncated IDX header (" + bytes.length + " bytes, rank " + rank + " needs " + header + ")");
        }
        int[] dims = new int[rank];
        long values = 1;
        for (int d = 0; d < rank; d++) {
            dims[d] = b.getInt(4 + 4 * d);
            if (dims[d] < 0) throw new BadInputException(file + ": dimension " + d + " is " + Integer.toUnsignedString(dims[d]) + " at offset " + (4 + 4 * d) + ", too large");
            values *= dims[d];
        }
        long expected = header + values * width;
        if (bytes.length < expected) {
            throw new BadInputException(file + ": truncated: header says " + shape(dims) + " " + typeName(type) + " = " + values * width
                    + " data bytes after offset " + header + ", file has " + (bytes.length - header));
        }
        if (bytes.length > expected) {
            throw new BadInputException(file + ": " + (bytes.length - expected) + " unexpected bytes after the data at offset " + expected
                    + " (header says " + shape(dims) + ")");
        }
        return new Idx(file, type, dims, ByteBuffer.wrap(bytes, header, bytes.length - header).slice());
    }

    /** Reads a file, undoing gzip when it starts with the gzip magic 1f 8b. */
    static byte[] readAllBytes(Path file) {
        try {
            byte[] raw = Files.readAllBytes(file);
            if (raw.length >= 2 && (raw[0] & 0xFF) == 0x1F && (raw[1] & 0xFF) == 0x8B) {
                try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw), 1 << 16)) {
                    return in.readAllBytes();
                } catch (EOFException e) {
                    throw new BadInputException(file + ": truncated gzip stream (" + raw.length + " compressed bytes)");
                } catch (ZipException e) {
                    throw new BadInputException(file + ": corrupt gzip stream (" + e.getMessage() + ")");
                }
            }
            return raw;
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    static String shape(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < dims.length; d++) sb.append(d == 0 ? "" : "x").append(dims[d]);
        return sb.toString();
    }

    static String typeName(int type) {
        return switch (type) {
            case 0x08 -> "ubyte";
            case 0x09 -> "byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> String.format("0x%02x", type);
        };
    }
}

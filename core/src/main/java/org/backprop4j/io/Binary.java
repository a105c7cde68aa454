package org.backprop4j.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The little-endian primitives of backprop4j files: 32- and 64-bit integers, floats, doubles, strings
 * (16-bit byte length + UTF-8) and float arrays (32-bit length + values).
 */
public final class Binary {
    private Binary() {}

    /** Builds a payload. */
    public static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        public Writer bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        public Writer u32(int v) {
            scratch.clear();
            scratch.putInt(v);
            out.write(scratch.array(), 0, 4);
            return this;
        }

        public Writer i64(long v) {
            scratch.clear();
            scratch.putLong(v);
            out.write(scratch.array(), 0, 8);
            return this;
        }

        public Writer f32(float v) {
            scratch.clear();
            scratch.putFloat(v);
            out.write(scratch.array(), 0, 4);
            return this;
        }

        public Writer f64(double v) {
            scratch.clear();
            scratch.putDouble(v);
            out.write(scratch.array(), 0, 8);
            return this;
        }

        public Writer str(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > 0xFFFF) throw new IllegalArgumentException("string too long for a backprop4j file: " + utf8.length + " bytes");
            scratch.clear();
            scratch.putShort((short) utf8.length);
            out.write(scratch.array(), 0, 2);
            out.writeBytes(utf8);
            return this;
        }

        /** Values only; the reader must know the count. */
        public Writer floats(float[] data) {
            ByteBuffer bb = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
            bb.asFloatBuffer().put(data);
            out.writeBytes(bb.array());
            return this;
        }

        /** A list of arrays: count, then per array its length and values. */
        public Writer arrays(float[][] arrays) {
            u32(arrays.length);
            for (float[] a : arrays) {
                u32(a.length);
                floats(a);
            }
            return this;
        }

        public Writer chunk(String type, Writer payload) {
            out.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
            u32(payload.out.size());
            out.writeBytes(payload.out.toByteArray());
            return this;
        }

        public int size() { return out.size(); }

        public byte[] toByteArray() { return out.toByteArray(); }
    }

    public static String str(ByteBuffer b) {
        int len = Short.toUnsignedInt(b.getShort());
        byte[] s = new byte[len];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    public static float[] floats(ByteBuffer b, int n) {
        float[] data = new float[n];
        b.asFloatBuffer().get(data);
        b.position(b.position() + 4 * n);
        return data;
    }

    public static float[][] arrays(ByteBuffer b) {
        int count = b.getInt();
        if (count < 0 || count > 1_000_000) throw new java.nio.BufferUnderflowException();
        float[][] out = new float[count][];
        for (int i = 0; i < count; i++) {
            int n = b.getInt();
            if (n < 0 || 4L * n > b.remaining()) throw new java.nio.BufferUnderflowException();
            out[i] = floats(b, n);
        }
        return out;
    }
}

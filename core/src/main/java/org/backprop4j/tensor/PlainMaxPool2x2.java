package org.backprop4j.tensor;

/** The plain-Java {@link MaxPool2x2}: the reference for the vector twin. */
public final class PlainMaxPool2x2 implements MaxPool2x2 {
    public static final PlainMaxPool2x2 INSTANCE = new PlainMaxPool2x2();

    private PlainMaxPool2x2() {}

    @Override
    public String name() { return "plain"; }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff, byte[] argmax, int aOff, int planes, int h, int w) {
        int ow = w / 2;
        for (int r = 0; r < planes * (h / 2); r++) { // output rows of all planes: input rows 2r and 2r + 1
            int r0 = xOff + 2 * r * w;
            forwardRow(x, r0, r0 + w, y, yOff + r * ow, argmax, aOff + r * ow, 0, ow);
        }
    }

    /**
     * Windows [from, ow) of one output row: input rows r0 and r1, outputs from y[to], positions from
     * argmax[at] (none when argmax is null). The vector twin ends its rows here.
     */
    public static void forwardRow(float[] x, int r0, int r1, float[] y, int to, byte[] argmax, int at, int from, int ow) {
        for (int ox = from; ox < ow; ox++) {
            float v0 = x[r0 + 2 * ox], v1 = x[r0 + 2 * ox + 1], v2 = x[r1 + 2 * ox], v3 = x[r1 + 2 * ox + 1];
            // the first of equals wins: within each row, then the top row unless the bottom is larger
            boolean b1 = v1 > v0, b3 = v3 > v2;
            float top = b1 ? v1 : v0, bottom = b3 ? v3 : v2;
            boolean low = bottom > top;
            y[to + ox] = low ? bottom : top;
            if (argmax != null) argmax[at + ox] = (byte) (low ? (b3 ? 3 : 2) : (b1 ? 1 : 0));
        }
    }

    @Override
    public void backward(byte[] argmax, int aOff, float[] dy, int dyOff, float[] gx, int gxOff, int planes, int h, int w) {
        int ow = w / 2;
        for (int r = 0; r < planes * (h / 2); r++) {
            int g0 = gxOff + 2 * r * w;
            backwardRow(argmax, aOff + r * ow, dy, dyOff + r * ow, gx, g0, g0 + w, 0, ow);
        }
    }

    /** Windows [from, ow) of one output row: each δ to its window's kept position, 0 to the other three. */
    public static void backwardRow(byte[] argmax, int at, float[] dy, int from, float[] gx, int g0, int g1, int fromOx, int ow) {
        for (int ox = fromOx; ox < ow; ox++) {
            int p = argmax[at + ox];
            float d = dy[from + ox];
            int i = 2 * ox;
            gx[g0 + i] = p == 0 ? d : 0f;
            gx[g0 + i + 1] = p == 1 ? d : 0f;
            gx[g1 + i] = p == 2 ? d : 0f;
            gx[g1 + i + 1] = p == 3 ? d : 0f;
        }
    }
}

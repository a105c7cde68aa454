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
            int r0 = xOff + 2 * r * w, r1 = r0 + w;
            for (int ox = 0; ox < ow; ox++) {
                float v0 = x[r0 + 2 * ox], v1 = x[r0 + 2 * ox + 1], v2 = x[r1 + 2 * ox], v3 = x[r1 + 2 * ox + 1];
                // the first of equals wins: within each row, then the top row unless the bottom is larger
                boolean b1 = v1 > v0, b3 = v3 > v2;
                float top = b1 ? v1 : v0, bottom = b3 ? v3 : v2;
                boolean low = bottom > top;
                y[yOff + r * ow + ox] = low ? bottom : top;
                if (argmax != null) argmax[aOff + r * ow + ox] = (byte) (low ? (b3 ? 3 : 2) : (b1 ? 1 : 0));
            }
        }
    }

    @Override
    public void backward(byte[] argmax, int aOff, float[] dy, int dyOff, float[] gx, int gxOff, int planes, int h, int w) {
        int ow = w / 2;
        for (int r = 0; r < planes * (h / 2); r++) {
            int g0 = gxOff + 2 * r * w, g1 = g0 + w;
            for (int ox = 0; ox < ow; ox++) {
                int at = argmax[aOff + r * ow + ox];
                float d = dy[dyOff + r * ow + ox];
                int i = 2 * ox;
                gx[g0 + i] = at == 0 ? d : 0f;
                gx[g0 + i + 1] = at == 1 ? d : 0f;
                gx[g1 + i] = at == 2 ? d : 0f;
                gx[g1 + i + 1] = at == 3 ? d : 0f;
            }
        }
    }
}

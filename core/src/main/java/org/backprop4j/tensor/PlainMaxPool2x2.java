package org.backprop4j.tensor;

/** The plain-Java {@link MaxPool2x2}: the reference for the vector twin. */
public final class PlainMaxPool2x2 implements MaxPool2x2 {
    public static final PlainMaxPool2x2 INSTANCE = new PlainMaxPool2x2();

    private PlainMaxPool2x2() {}

    @Override
    public String name() { return "plain"; }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff, int planes, int h, int w) {
        int ow = w / 2;
        for (int r = 0; r < planes * (h / 2); r++) { // output rows of all planes: input rows 2r and 2r + 1
            int r0 = xOff + 2 * r * w, r1 = r0 + w, to = yOff + r * ow;
            for (int ox = 0; ox < ow; ox++) {
                y[to + ox] = Math.max(Math.max(x[r0 + 2 * ox], x[r0 + 2 * ox + 1]), Math.max(x[r1 + 2 * ox], x[r1 + 2 * ox + 1]));
            }
        }
    }

    @Override
    public void backward(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff, float[] gx, int gxOff, int planes, int h, int w) {
        int ow = w / 2;
        for (int r = 0; r < planes * (h / 2); r++) {
            int r0 = xOff + 2 * r * w, r1 = r0 + w, g0 = gxOff + 2 * r * w, g1 = g0 + w;
            for (int ox = 0; ox < ow; ox++) {
                float m = y[yOff + r * ow + ox], d = dy[dyOff + r * ow + ox];
                int i = 2 * ox;
                boolean e0 = x[r0 + i] == m, e1 = !e0 && x[r0 + i + 1] == m, e2 = !e0 && !e1 && x[r1 + i] == m, e3 = !e0 && !e1 && !e2;
                gx[g0 + i] = e0 ? d : 0f;
                gx[g0 + i + 1] = e1 ? d : 0f;
                gx[g1 + i] = e2 ? d : 0f;
                gx[g1 + i + 1] = e3 ? d : 0f;
            }
        }
    }
}

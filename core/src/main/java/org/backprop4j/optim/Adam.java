package org.backprop4j.optim;

import java.util.List;
import org.backprop4j.nn.Param;
import org.backprop4j.tensor.ElementWise;
import org.backprop4j.tensor.Kernels;

/**
 * Adam (Kingma and Ba 2015): per-parameter step sizes from running means of the gradient (m) and of its
 * square (v), both bias-corrected for having started at zero.
 */
public final class Adam extends ElementWiseOptimizer {
    private static final ElementWise EW = Kernels.elementWise();
    private float eta;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private long t;
    /** Per parameter, in its layout (null before the first step). */
    private float[][] m;
    private float[][] v;
    /** A checkpoint's moments, values only, until beginStep lays them out in the parameters' layout. */
    private float[][] restoredM, restoredV;
    /** The parameters' sizes, for {@link #state()}. */
    private int[] sizes;
    private float c1, c2;
    /** Whether the last beginStep created m and v (the first step), for cancelStep. */
    private boolean createdMoments;

    public Adam(float eta, float beta1, float beta2, float eps) {
        this.eta = eta;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override
    public String name() { return "adam"; }

    @Override
    public void beginStep(List<Param> params) {
        createdMoments = m == null && restoredM == null;
        if (m == null) {
            m = restoredM == null ? newState(params) : laidOut(restoredM, params);
            v = restoredV == null ? newState(params) : laidOut(restoredV, params);
            restoredM = restoredV = null;
            sizes = sizes(params);
        }
        t++;
        corrections();
    }

    private void corrections() {
        c1 = (float) (1 / (1 - StrictMath.pow(beta1, t)));
        c2 = (float) (1 / (1 - StrictMath.pow(beta2, t)));
    }

    @Override
    public void cancelStep() {
        t--;
        corrections();
        if (createdMoments) m = v = null;
        createdMoments = false;
    }

    @Override
    public void update(int index, float[] w, float[] g, int from, int to) {
        EW.adamStep(w, m[index], v[index], g, from, to - from, eta, beta1, beta2, eps, c1, c2);
    }

    /** Steps taken, the t of the bias correction. */
    public long steps() { return t; }

    @Override
    float[][] stateOf(int index) {
        if (m != null) return new float[][] {m[index], v[index]};
        return restoredM == null ? new float[0][] : new float[][] {restoredM[index], restoredV[index]};
    }

    @Override
    public float learningRate() { return eta; }

    @Override
    public void setLearningRate(float eta) { this.eta = eta; }

    @Override
    public OptimizerState state() {
        if (m != null) return new OptimizerState(name(), t, valuesOf(m, sizes), valuesOf(v, sizes));
        if (restoredM != null) return new OptimizerState(name(), t, copy(restoredM), copy(restoredV));
        return new OptimizerState(name(), t, new float[0][], new float[0][]);
    }

    @Override
    public void restore(OptimizerState s) {
        s.requireName(name());
        t = s.steps();
        m = v = null;
        boolean none = s.buffers().length == 0 && s.buffers2().length == 0;
        if (!none && s.buffers().length != s.buffers2().length) {
            throw new org.backprop4j.BadInputException("adam state holds " + s.buffers().length + " first moments and " + s.buffers2().length + " second");
        }
        restoredM = none ? null : copy(s.buffers());
        restoredV = none ? null : copy(s.buffers2());
    }
}

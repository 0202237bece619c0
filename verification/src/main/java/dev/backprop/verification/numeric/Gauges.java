package dev.backprop.verification.numeric;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.ShallowNetwork;

/**
 * Rounding gauges for the shallow network (DESIGN.md §4): the forward and backward pass carried out on
 * magnitudes, so that ε·K·gauge bounds the rounding error of any correct evaluation of the same quantity.
 * Per sample b, with |·| taken entry by entry:
 * <pre>
 *   zG  = |W1||x| + |b1|                         the magnitude behind z = W1 x + b1
 *   sG  = |σ(z)| + |σ'(z)| ⊙ zG + η/ε            s and the rounding of z carried through σ (η/ε: underflow)
 *   rG  = |W2| sG + |b2| + |y|                   the residual before its cancellation
 *   σG  = |σ'(z)| + max|σ''| · zG + η/ε          σ' and the rounding of z carried through σ'
 *   gG  = |v| σG + vG |σ'| + (εK σG + η/ε) vG     the back-propagated vector, v = W2ᵀr, vG = |W2|ᵀ rG
 * </pre>
 * and the gradient gauges, in numerator layout, are Σ_b |x| gGᵀ, Σ_b gGᵀ, Σ_b (|s| rGᵀ + sG |r|ᵀ +
 * (εK sG + η/ε) rGᵀ), Σ_b rGᵀ — Prop 2's formulas on magnitudes, each product of two computed quantities taken
 * to first order ({@link DeepGauges} explains why). σ' is used here only as a magnitude, never as a value under test.
 *
 * <p>|σ'(z)| in sG and σG is the largest over z's rounding interval |t − z| ≤ ε·K_z·zG (K_z for the d + 1 terms
 * of z; {@link #slopeOver}), so that every magnitude above stays a bound wherever a correct
 * implementation's z lands. ReLU at a rounding kink: there the sign of the computed z, and so σ'(z) ∈ {0, 1},
 * depends on the order of the sum; two correct implementations may differ. Such (sample, unit) pairs are listed
 * ({@link #atRoundingKink(int, int)}) and their slope is 1, the larger one-sided slope.
 */
public final class Gauges {
    private final ShallowGradient gradient;
    private final double loss;
    private final int k;
    private final boolean[][] atKink;
    private final boolean[][] exactZero;

    private Gauges(ShallowGradient gradient, double loss, int k, boolean[][] atKink, boolean[][] exactZero) {
        this.gradient = gradient;
        this.loss = loss;
        this.k = k;
        this.atKink = atKink;
        this.exactZero = exactZero;
    }

    public static Gauges of(ShallowNetwork net, Batch batch) {
        int d = net.inputSize();
        int h = net.hiddenSize();
        int n = net.outputSize();
        Activation act = net.activation();
        double curvature = secondDerivativeBound(act);
        double[][] w1 = new double[d][h];
        double[][] b1 = new double[1][h];
        double[][] w2 = new double[h][n];
        double[][] b2 = new double[1][n];
        double lossGauge = 0.0;
        // K: z sums d terms, r sums h, and ℓ (with every derivative forward-mode AD carries through it) is one
        // flat sum over all n·B (sample, output) pairs
        int k = Tolerances.accumulation(d + h + n * batch.size());
        boolean[][] atKink = new boolean[batch.size()][h];
        boolean[][] exactZero = new boolean[batch.size()][h];
        for (int b = 0; b < batch.size(); b++) {
            double[] sG = new double[h];
            double[] sigmaG = new double[h];
            double[] sv = new double[h];
            double[] slopes = new double[h];
            for (int i = 0; i < h; i++) {
                double z = net.b1().get(i);
                double zG = Math.abs(net.b1().get(i));
                for (int j = 0; j < d; j++) {
                    z += net.w1().get(i, j) * batch.inputs().get(j, b);
                    zG += Math.abs(net.w1().get(i, j) * batch.inputs().get(j, b));
                }
                atKink[b][i] = act.kinked() && Math.abs(z) <= preActivationRounding(d, zG);
                exactZero[b][i] = atKink[b][i] && zG == 0.0;
                // the largest |σ'| over z's rounding interval (at a kink, the larger one-sided slope)
                double slope = slopeOver(act, z, preActivationRounding(d, zG));
                sv[i] = act.value(z);
                slopes[i] = slope;
                sG[i] = Math.abs(sv[i]) + slope * zG + Tolerances.UNDERFLOW_GAUGE;
                sigmaG[i] = slope + curvature * zG + Tolerances.UNDERFLOW_GAUGE;
            }
            // the backward products are first order, as in DeepGauges: |u|·vG + uG·|v| + (εK·uG + η/ε)·vG for a
            // product of two computed quantities, never uG·vG, which counts the product of their errors in full
            double eps = Tolerances.EPSILON * k;
            double[] rG = new double[n];
            double[] rv = new double[n];
            for (int o = 0; o < n; o++) {
                rG[o] = Math.abs(net.b2().get(o)) + Math.abs(batch.targets().get(o, b));
                rv[o] = net.b2().get(o) - batch.targets().get(o, b);
                for (int i = 0; i < h; i++) {
                    rG[o] += Math.abs(net.w2().get(o, i)) * sG[i];
                    rv[o] += net.w2().get(o, i) * sv[i];
                }
                lossGauge += rG[o] * rG[o];
                b2[0][o] += rG[o];
                for (int i = 0; i < h; i++) {
                    w2[i][o] += Math.abs(sv[i]) * rG[o] + sG[i] * Math.abs(rv[o])
                            + (eps * sG[i] + Tolerances.UNDERFLOW_GAUGE) * rG[o];
                }
            }
            for (int i = 0; i < h; i++) {
                double vG = 0.0;
                double v = 0.0;
                for (int o = 0; o < n; o++) {
                    vG += Math.abs(net.w2().get(o, i)) * rG[o];
                    v += net.w2().get(o, i) * rv[o];
                }
                double gG = Math.abs(v) * sigmaG[i] + vG * slopes[i]
                        + (eps * sigmaG[i] + Tolerances.UNDERFLOW_GAUGE) * vG;
                b1[0][i] += gG;
                for (int j = 0; j < d; j++) {
                    w1[j][i] += Math.abs(batch.inputs().get(j, b)) * gG;
                }
            }
        }
        ShallowGradient g = new ShallowGradient(Layout.NUMERATOR, Matrix.fromRows(w1), Matrix.fromRows(b1),
                Matrix.fromRows(w2), Matrix.fromRows(b2));
        return new Gauges(g, lossGauge, k, atKink, exactZero);
    }

    /**
     * max |σ'(t)| over |t − z| ≤ δ. σ' of the logistic function and of tanh is even and falls away from 0, so the
     * maximum is at the end of the interval nearest 0 (at 0 if it holds 0); softplus' σ' (the logistic function)
     * rises, so at z + δ; identity's is 1; a kinked σ's is the larger slope if the interval reaches 0. Each is
     * evaluated in a form that does not round a tail to 0, since a bound of 0 would claim an exact result.
     */
    static double slopeOver(Activation act, double z, double delta) {
        switch (act) {
            case IDENTITY:
                return 1.0;
            case RELU:
            case LEAKY_RELU:
                return Math.abs(z) <= delta ? Math.max(Math.abs(act.slopeBelowZero()), Math.abs(act.slopeAboveZero()))
                        : Math.abs(act.derivative(z));
            case SIGMOID:
                // σ' is even: taken on the negative side, where σ(1 − σ) does not round σ to 1 and σ' to 0
                return act.derivative(-Math.max(0.0, Math.abs(z) - delta));
            case TANH:
                // 1/cosh², which 1 − tanh² would round to 0 beyond |t| ≈ 19
                double c = Math.cosh(Math.max(0.0, Math.abs(z) - delta));
                return 1.0 / (c * c);
            case SOFTPLUS:
                return act.derivative(z + delta);
            default:
                throw new IllegalArgumentException("no slope bound for " + act);
        }
    }

    /** max over z of |σ''(z)|: 0, 1/(6√3), 4/(3√3), 1/4, 0, 0 (the ReLUs: zero almost everywhere). */
    static double secondDerivativeBound(Activation a) {
        switch (a) {
            case SIGMOID:
                return 1.0 / (6.0 * Math.sqrt(3.0));
            case TANH:
                return 4.0 / (3.0 * Math.sqrt(3.0));
            case SOFTPLUS:
                return 0.25;
            case IDENTITY:
            case RELU:
            case LEAKY_RELU:
                return 0.0;
            default:
                throw new IllegalArgumentException("no curvature bound for " + a);
        }
    }

    /** Gauges of ∂ℓ/∂W1, ∂ℓ/∂b1, ∂ℓ/∂W2, ∂ℓ/∂b2 in numerator layout. */
    public ShallowGradient gradient() {
        return gradient;
    }

    /** A bound on the rounding error of one evaluation of ℓ: ε · K · Σ_b Σ_o rG_o². */
    public double lossRounding() {
        return Tolerances.EPSILON * k * loss;
    }

    /** The rounding bound of a pre-activation z = Σ_{j≤d} w_j x_j + b whose terms have magnitude zG. */
    public static double preActivationRounding(int d, double zG) {
        return Tolerances.EPSILON * Tolerances.accumulation(d + 1) * zG;
    }

    /** True when sample b's pre-activation of ReLU unit i is 0 within its rounding bound. */
    public boolean atRoundingKink(int b, int i) {
        return atKink[b][i];
    }

    /**
     * The samples at a rounding kink of hidden unit i, grouped by the choices a correct implementation can
     * make: each sample alone, except those whose every term of z is exactly 0 — every implementation computes
     * that z as exactly 0 and applies its one convention for σ'(0) to all of them — which form one group.
     *
     * @throws CannotJudge if there are more groups than {@link Tolerances#MAX_KINK_SAMPLES}
     */
    public java.util.List<int[]> kinkGroups(int i) {
        java.util.List<int[]> groups = new java.util.ArrayList<>();
        java.util.List<Integer> zeros = new java.util.ArrayList<>();
        for (int b = 0; b < atKink.length; b++) {
            if (exactZero[b][i]) {
                zeros.add(b);
            } else if (atKink[b][i]) {
                groups.add(new int[] {b});
            }
        }
        if (!zeros.isEmpty()) {
            groups.add(zeros.stream().mapToInt(Integer::intValue).toArray());
        }
        if (groups.size() > Tolerances.MAX_KINK_SAMPLES) {
            throw new CannotJudge("hidden unit " + i + " has " + groups.size() + " independent samples at a ReLU "
                    + "rounding kink; at most " + Tolerances.MAX_KINK_SAMPLES + " are enumerated");
        }
        return groups;
    }

    /** How many (sample, unit) pairs sit at a rounding kink. */
    public int roundingKinks() {
        int count = 0;
        for (boolean[] row : atKink) {
            for (boolean at : row) {
                count += at ? 1 : 0;
            }
        }
        return count;
    }

    /** K for every gradient entry and for ℓ: d + h + n·B plus the elementary operations. */
    public int k() {
        return k;
    }
}

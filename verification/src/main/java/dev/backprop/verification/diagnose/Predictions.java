package dev.backprop.verification.diagnose;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.verification.check.DeepGradientChecks;
import dev.backprop.verification.numeric.DeepForwardModeAd;
import dev.backprop.verification.numeric.DeepGauges;
import dev.backprop.verification.numeric.Tolerances;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * The gradients the hypotheses of a {@link Diagnoser} predict, each computed exactly by forward-mode AD
 * ({@link DeepForwardModeAd}) and never by the code under diagnosis: the right gradient, and the gradients of
 * derivations that get σ' of one hidden layer wrong. Where kinked pre-activations are 0 within rounding
 * ({@link DeepGauges#kinkGroups()}), every prediction is a list, one gradient per joint choice of side, as for
 * the verdict ({@link DeepGradientChecks#exactGradients}); computed on first use and kept.
 */
final class Predictions {
    private final DeepNetwork network;
    private final Batch batch;
    private final Objective objective;
    private final List<List<int[]>> groups;
    private final List<DeepGradient> exact;
    /** [b][k][i]: z of sample b, layer k, unit i, by a plain forward pass in double (for σ' at s). */
    private final double[][][] z;
    private final Map<String, List<DeepGradient>> cache = new HashMap<>();

    Predictions(DeepNetwork network, Batch batch, Objective objective, DeepGauges gauges) {
        this.network = network;
        this.batch = batch;
        this.objective = objective;
        this.groups = gauges.kinkGroups();
        this.exact = DeepGradientChecks.exactGradients(network, batch, objective, gauges);
        this.z = preActivations(network, batch);
    }

    /** Every exact gradient a correct implementation may return, in the verdict's order of kink choices. */
    List<DeepGradient> exact() {
        return exact;
    }

    /**
     * The gradients of a derivation that omits σ_k' — the chain rule with diag(σ_k'(z_k)) left out, which is the
     * chain rule with σ_k' forced to 1 (σ_k itself keeps its value) — one per choice of side at the kink points of
     * the other layers. Empty for an identity layer, where σ' = 1 and nothing is omitted.
     */
    List<DeepGradient> sigmaPrimeMissing(int k) {
        if (network.activation(k) == Activation.IDENTITY) {
            return List.of();
        }
        return cache.computeIfAbsent("missing" + k, key -> forced(k, zValue -> 1.0));
    }

    /**
     * The gradients of a derivation that takes σ_k' at s_k = σ_k(z_k) instead of at z_k. Empty for the identity
     * and the kinked activations, where σ'(σ(z)) = σ'(z) for every z and the hypothesis predicts the right
     * gradient.
     */
    List<DeepGradient> sigmaPrimeAtOutput(int k) {
        Activation sigma = network.activation(k);
        if (sigma == Activation.IDENTITY || sigma.kinked()) {
            return List.of();
        }
        return cache.computeIfAbsent("atS" + k, key -> forced(k, zValue -> sigma.derivative(sigma.value(zValue))));
    }

    /**
     * The rounding gauge of the computation a σ' hypothesis describes (σ' of {@code layer} omitted, or taken at
     * s): the chain rule with that layer's slope forced, carried out on magnitudes as {@link DeepGauges} does for
     * the right one (its class comment: forward magnitudes zG = |W| aG + |b|, aG = |s| + S·zG + η/ε; backward
     * first order, gG_{k−1} = |v| σG + vG·S + εK·vG·σG + η/ε·vG with v = Wᵀg, vG = |W|ᵀ gG; gradient gauges
     * Σ_b |a| gGᵀ + aG |g|ᵀ + (εK aG + η/ε) gGᵀ), S the largest |σ'| over z's rounding interval
     * ({@link #slopeOver}) and σ'(z)'s own gauge σG = S·(1 + κ·zG) + F + η/ε ({@link #curvatureOverSlope}, F
     * the magnitude σ' is formed from, {@link #formed}): the first-order bound of the forced chain.
     * The forced layer's factor is exact (1, nothing multiplied) when σ' is omitted, and σ'(s) with error
     * C·εK·aG when it is taken at s. The right computation's gauge is not this one: a derivation that omits a
     * σ' of 10⁻⁹ computes values, and makes rounding errors, 10⁹ times larger than the right one's gauge allows.
     */
    DeepGradient gauge(int layer, boolean atOutput, int k) {
        return gauges.computeIfAbsent((atOutput ? "atS" : "missing") + layer, key -> forcedGauge(layer, atOutput, k));
    }

    private final Map<String, DeepGradient> gauges = new HashMap<>();

    private DeepGradient forcedGauge(int forced, boolean atOutput, int k) {
        int depth = network.depth();
        double eps = Tolerances.EPSILON * k;
        double u = Tolerances.UNDERFLOW_GAUGE;
        double weight = objective.reduction().weight(batch.size());
        double[][][] gw = new double[depth + 1][][];
        double[][] gb = new double[depth + 1][];
        for (int layer = 1; layer <= depth; layer++) {
            gw[layer] = new double[network.width(layer - 1)][network.width(layer)];
            gb[layer] = new double[network.width(layer)];
        }
        for (int b = 0; b < batch.size(); b++) {
            double[][] a = new double[depth][];
            double[][] aG = new double[depth][];
            // per hidden unit: the slope's value, its gauge σG, and the bound S' on it used against vG
            double[][] slope = new double[depth][];
            double[][] slopeGauge = new double[depth][];
            double[][] slopeBound = new double[depth][];
            a[0] = batch.input(b).toArray();
            aG[0] = new double[a[0].length];
            for (int j = 0; j < a[0].length; j++) {
                aG[0][j] = Math.abs(a[0][j]);
            }
            double[] yHat = null;
            double[] yG = null;
            for (int layer = 1; layer <= depth; layer++) {
                int width = network.width(layer);
                double[] z = new double[width];
                double[] zG = new double[width];
                for (int i = 0; i < width; i++) {
                    z[i] = network.bias(layer).get(i);
                    zG[i] = Math.abs(z[i]);
                    for (int j = 0; j < a[layer - 1].length; j++) {
                        double w = network.weight(layer).get(i, j);
                        z[i] += w * a[layer - 1][j];
                        zG[i] += Math.abs(w) * aG[layer - 1][j];
                    }
                }
                if (layer == depth) {
                    yHat = z;
                    yG = zG;
                    break;
                }
                Activation sigma = network.activation(layer);
                double kappa = curvatureOverSlope(sigma);
                a[layer] = new double[width];
                aG[layer] = new double[width];
                slope[layer] = new double[width];
                slopeGauge[layer] = new double[width];
                slopeBound[layer] = new double[width];
                for (int i = 0; i < width; i++) {
                    a[layer][i] = sigma.value(z[i]);
                    double over = slopeOver(sigma, z[i], eps * zG[i]);
                    aG[layer][i] = Math.abs(a[layer][i]) + over * zG[i] + u;
                    if (layer == forced && !atOutput) {
                        // σ' omitted: nothing is multiplied, the factor 1 is exact
                        slope[layer][i] = 1.0;
                        slopeGauge[layer][i] = 1.0;
                        slopeBound[layer][i] = 1.0;
                    } else if (layer == forced) {
                        // σ'(s), with s off by up to εK·aG
                        double overS = slopeOver(sigma, a[layer][i], eps * aG[layer][i]);
                        slope[layer][i] = sigma.derivative(a[layer][i]);
                        slopeGauge[layer][i] = overS * (1.0 + kappa * aG[layer][i]) + formed(sigma) + u;
                        slopeBound[layer][i] = overS;
                    } else {
                        // σ'(z), with z off by up to εK·zG
                        slope[layer][i] = sigma.derivative(z[i]);
                        slopeGauge[layer][i] = over * (1.0 + kappa * zG[i]) + formed(sigma) + u;
                        slopeBound[layer][i] = over;
                    }
                }
            }
            double[][] out = outputGauge(yHat, yG, batch.target(b).toArray(), weight, eps);
            double[] g = out[0];
            double[] gG = out[1];
            for (int layer = depth; layer >= 1; layer--) {
                for (int i = 0; i < g.length; i++) {
                    gb[layer][i] += gG[i];
                    for (int j = 0; j < a[layer - 1].length; j++) {
                        gw[layer][j][i] += Math.abs(a[layer - 1][j]) * gG[i] + aG[layer - 1][j] * Math.abs(g[i])
                                + eps * aG[layer - 1][j] * gG[i] + u * gG[i];
                    }
                }
                if (layer > 1) {
                    int width = network.width(layer - 1);
                    double[] previous = new double[width];
                    double[] previousGauge = new double[width];
                    for (int j = 0; j < width; j++) {
                        double v = 0.0;
                        double vG = 0.0;
                        for (int i = 0; i < g.length; i++) {
                            double w = network.weight(layer).get(i, j);
                            v += w * g[i];
                            vG += Math.abs(w) * gG[i];
                        }
                        previous[j] = v * slope[layer - 1][j];
                        previousGauge[j] = Math.abs(v) * slopeGauge[layer - 1][j] + vG * slopeBound[layer - 1][j]
                                + eps * vG * slopeGauge[layer - 1][j] + u * vG;
                    }
                    g = previous;
                    gG = previousGauge;
                }
            }
        }
        List<Matrix> w = new ArrayList<>();
        List<Matrix> bias = new ArrayList<>();
        for (int layer = 1; layer <= depth; layer++) {
            w.add(Matrix.fromRows(gw[layer]));
            bias.add(Matrix.fromRows(gb[layer]));
        }
        return new DeepGradient(Layout.NUMERATOR, w, bias);
    }

    /**
     * {w·∂ℓ_b/∂ŷ, its gauge} as in {@link DeepGauges}, with softmax's move under the logits' rounding Δ bounded by
     * the ratio bound |Δp_i| ≤ p_i (e^{2Δ} − 1) (each p_i = e^{ŷ_i}/Σe^{ŷ_j} moves by at most the factor e^{±2Δ})
     * instead of measured exactly.
     */
    private double[][] outputGauge(double[] yHat, double[] yG, double[] y, double w, double eps) {
        int n = yHat.length;
        double[] value = new double[n];
        double[] gauge = new double[n];
        Loss loss = objective.loss();
        if (loss != Loss.SOFTMAX_CROSS_ENTROPY) {
            double factor = loss == Loss.HALF_SQUARED_ERROR ? 1.0 : 2.0 / n;
            for (int i = 0; i < n; i++) {
                value[i] = w * factor * (yHat[i] - y[i]);
                gauge[i] = w * factor * (yG[i] + Math.abs(y[i]));
            }
            return new double[][] {value, gauge};
        }
        double max = Double.NEGATIVE_INFINITY;
        double maxGauge = 0.0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, yHat[i]);
            maxGauge = Math.max(maxGauge, yG[i]);
        }
        double sum = 0.0;
        double targets = 0.0;
        double targetsAbs = 0.0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(yHat[i] - max);
            targets += y[i];
            targetsAbs += Math.abs(y[i]);
        }
        double delta = eps * maxGauge;
        for (int i = 0; i < n; i++) {
            double p = Math.exp(yHat[i] - max) / sum;
            double moved = Math.min(1.0, p * Math.expm1(2 * delta));
            value[i] = w * (p * targets - y[i]);
            gauge[i] = w * ((p + Tolerances.UNDERFLOW_GAUGE) * targetsAbs + (delta > 0 ? moved / eps : 0.0) * targetsAbs
                    + Math.abs(y[i]));
        }
        return new double[][] {value, gauge};
    }

    /**
     * The largest |σ'| over [x − δ, x + δ]: 1 for the identity; for a kinked activation the larger one-sided slope
     * (1) if the interval holds the kink, else the slope of x's side; the logistic's and tanh's σ' are even and
     * fall with |x|, so their largest is at the point nearest 0; softplus's σ' (the logistic) rises, so its largest
     * is at x + δ.
     */
    static double slopeOver(Activation sigma, double x, double delta) {
        switch (sigma) {
            case IDENTITY:
                return 1.0;
            case RELU:
            case LEAKY_RELU:
                return Math.abs(x) <= delta ? sigma.slopeAboveZero() : Math.abs(sigma.derivative(x));
            case SOFTPLUS:
                return sigma.derivative(x + delta);
            default:
                return sigma.derivative(Math.abs(x) <= delta ? 0.0 : Math.abs(x) - delta);
        }
    }

    /**
     * The magnitude σ' is formed from, for its own rounding: σ(1 − σ) for the logistic and 1 − tanh² for tanh
     * subtract numbers up to 1 (the magnitudes 1 + σ and 1 + tanh², at most 2), so where σ' is tiny because the
     * subtraction cancels, its absolute error is still ε-sized; softplus's σ', the logistic, may be formed as
     * 1 − 1/(1 + e^z) just as well. 2 for those, 0 for the identity and the piecewise-linear ones, whose slopes are
     * exact constants.
     */
    static double formed(Activation sigma) {
        return sigma == Activation.IDENTITY || sigma.kinked() ? 0.0 : 2.0;
    }

    /**
     * κ with |σ''| ≤ κ·|σ'| everywhere, so that over an interval max|σ''| ≤ κ·(max|σ'|): the logistic's
     * σ'' = σ'(1 − 2σ) and |1 − 2σ| ≤ 1; softplus's σ'' = ℓ(1 − ℓ) ≤ ℓ = its σ' (ℓ the logistic); tanh's
     * σ'' = −2 tanh·σ' and |tanh| ≤ 1; 0 for the piecewise-linear ones. A relative bound, unlike a global one,
     * stays small in a saturated tail where σ' itself is 10⁻²⁰.
     */
    static double curvatureOverSlope(Activation sigma) {
        switch (sigma) {
            case SIGMOID:
            case SOFTPLUS:
                return 1.0;
            case TANH:
                return 2.0;
            default:
                return 0.0;
        }
    }

    /** One AD gradient per choice of side at the kink groups outside layer k, with layer k's σ' forced. */
    private List<DeepGradient> forced(int layer, DoubleUnaryOperator slopeAt) {
        List<List<int[]>> free = new ArrayList<>();
        for (List<int[]> group : groups) {
            // a group's points are one point, or one unit's points: all in one layer
            if (group.get(0)[1] != layer) {
                free.add(group);
            }
        }
        int depth = network.depth();
        List<DeepGradient> out = new ArrayList<>();
        for (int pattern = 0; pattern < 1 << free.size(); pattern++) {
            double[][][] slopes = new double[batch.size()][depth][];
            for (int b = 0; b < batch.size(); b++) {
                for (int k = 1; k < depth; k++) {
                    slopes[b][k] = new double[network.width(k)];
                    Arrays.fill(slopes[b][k], Double.NaN);
                }
                for (int i = 0; i < network.width(layer); i++) {
                    slopes[b][layer][i] = slopeAt.applyAsDouble(z[b][layer][i]);
                }
            }
            for (int q = 0; q < free.size(); q++) {
                for (int[] point : free.get(q)) {
                    Activation sigma = network.activation(point[1]);
                    slopes[point[0]][point[1]][point[2]] = (pattern >> q & 1) == 0 ? sigma.slopeBelowZero()
                            : sigma.slopeAboveZero();
                }
            }
            out.add(DeepForwardModeAd.gradient(network, batch, objective, slopes));
        }
        return List.copyOf(out);
    }

    /** z_k for every sample and hidden layer, bias first then the products in order, as the gauges sum them. */
    private static double[][][] preActivations(DeepNetwork network, Batch batch) {
        int depth = network.depth();
        double[][][] out = new double[batch.size()][depth][];
        for (int b = 0; b < batch.size(); b++) {
            double[] s = batch.input(b).toArray();
            for (int k = 1; k < depth; k++) {
                double[] zk = new double[network.width(k)];
                double[] next = new double[zk.length];
                for (int i = 0; i < zk.length; i++) {
                    zk[i] = network.bias(k).get(i);
                    for (int j = 0; j < s.length; j++) {
                        zk[i] += network.weight(k).get(i, j) * s[j];
                    }
                    next[i] = network.activation(k).value(zk[i]);
                }
                out[b][k] = zk;
                s = next;
            }
        }
        return out;
    }
}

package dev.backprop.verification.numeric;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Objective;
import java.util.ArrayList;
import java.util.List;

/**
 * Rounding gauges for a deep network (DESIGN.md §4), {@link Gauges} carried through L layers and three losses:
 * the forward and backward pass on magnitudes, so that ε·K·gauge bounds the rounding error of any correct
 * evaluation of the same quantity. Per sample b, with |·| entry by entry and aG₀ = |x|:
 * <pre>
 *   zG_k = |W_k| aG_{k−1} + |b_k|                     the magnitude behind z_k, rounding of earlier layers included
 *   aG_k = |σ_k(z_k)| + S_k ⊙ zG_k + η/ε              s_k, and z_k's rounding carried through σ_k, with S the
 *                                                    largest |σ'| over z's rounding interval ({@link Gauges#slopeOver})
 *   σG_k = |σ_k'(z_k)| + min(max|σ_k''|·zG_k, c·S_k·zG_k + F) + η/ε
 *                                                    σ_k', and z_k's rounding carried through σ_k': by the global
 *                                                    max|σ''|, or by c·S ≥ |σ''| over z's rounding interval
 *                                                    ({@link #curvatureOverSlope}) plus F = 2, the magnitude σ' is
 *                                                    formed from (1 − s², s(1 − s)), as diagnose.Predictions does
 *   gG_L = w · (the loss's ∂ℓ_b/∂ŷ on magnitudes)     see below; w = 1 or 1/B
 *   gG_k = |v| σG_k + vG |σ'_k| + (εK σG_k + η/ε) vG,  v = W_{k+1}ᵀ g_{k+1}, vG = |W_{k+1}|ᵀ gG_{k+1}
 * </pre>
 * and the gradient gauges, numerator layout, are Σ_b (|a_{k−1}| gG_kᵀ + aG_{k−1} |g_k|ᵀ + (εK aG_{k−1} + η/ε) gG_kᵀ)
 * for W_k and Σ_b gG_kᵀ for b_k (the η/ε terms: products below the normal range, see below). The forward magnitudes carry value and error together (aG ≥ |a|); a backward
 * product multiplies each factor's error by the other's value, as first-order error analysis does, and keeps
 * the product of the two errors only with its own factor εK — multiplying two gauges outright would count it in
 * full, and where a pre-activation cancels (terms of 10⁵ summing to 0.4) that second-order term is 10¹⁰ times
 * too large. With
 * yG = zG_L and rG = yG + |y|: ½‖r‖² gives gG_L = rG; the mean squared error (2/n) rG; softmax cross-entropy,
 * whose ∂ℓ_b/∂ŷ_i = p_i Σ_j y_j − y_i, gives (p_i + η/ε) Σ_j |y_j| + Σ_j |y_j| Δp_i / εK + |y_i|, with Δp_i the
 * exact largest move of p_i when every logit moves by up to Δ = ε·K_L·max_j yG_j — about 2 p_i (1 − p_i) Δ, so
 * nothing when p is one-hot, however large the logits, which is what keeps the bound useful at entry scale 10,
 * and e^{2Δ}-fold where the logits' rounding is not small.
 * η/ε = {@link Tolerances#UNDERFLOW_GAUGE} covers σ, σ' and p computed below the normal range, where the error of
 * exp is absolute.
 *
 * <p>K: z_k sums n_{k−1} + 1 terms, W_{k+1}ᵀ g_{k+1} sums n_{k+1}, the loss sums n_L, the batch B, and each
 * layer adds a few elementary operations (σ, σ', the products by σ' and by s): K = Σ_k (n_{k−1} + 1 + n_k +
 * {@link Tolerances#ELEMENTARY_OPERATIONS}) + n_L + B. Rounding errors of successive stages add (to first
 * order) after each is carried forward by the magnitudes above, so the sum of the stages' lengths bounds the
 * whole.
 *
 * <p>Kinks at rounding level: where a kinked layer's |z| ≤ ε·K_z·zG (K_z the stages up to z), the sign of the
 * computed z, and so σ', depends on the order of the sums; two correct implementations may differ there. Such
 * points are listed ({@link #kinkGroups()}) and their slope is taken as the larger one-sided slope, so that every
 * magnitude stays a bound on either side.
 */
public final class DeepGauges {
    private final DeepParameters layout;
    /** [b][layer]: {|a_{k−1}|, aG_{k−1}, gG_k, g_k} of sample b, the factors of the gradient gauges (class comment). */
    private final double[][][][] factors;
    private final double gradientNorm;
    private final double[] lossGauge;
    private final double weight;
    private final int k;
    private final List<int[]> kinks;
    /** Materialised on first use: P entries summed over B samples, which the projection check never needs. */
    private DeepGradient gradient;

    private DeepGauges(DeepParameters layout, double[][][][] factors, double gradientNorm, double[] lossGauge,
            double weight, int k, List<int[]> kinks) {
        this.layout = layout;
        this.factors = factors;
        this.gradientNorm = gradientNorm;
        this.lossGauge = lossGauge;
        this.weight = weight;
        this.k = k;
        this.kinks = kinks;
    }

    public static DeepGauges of(DeepNetwork net, Batch batch, Objective objective) {
        DeepParameters layout = DeepParameters.of(net);
        int depth = net.depth();
        int n = net.outputSize();
        int samples = batch.size();
        double w = objective.reduction().weight(samples);
        int k = n + samples;
        int[] kUpTo = new int[depth + 1];
        for (int layer = 1; layer <= depth; layer++) {
            k += net.width(layer - 1) + 1 + net.width(layer) + Tolerances.ELEMENTARY_OPERATIONS;
            kUpTo[layer] = kUpTo[layer - 1] + Tolerances.accumulation(net.width(layer - 1) + 1);
        }
        double[][][][] factors = new double[samples][depth + 1][][];
        double gradientNorm = 0.0;
        // W_k row-major, and W_kᵀ and |W_k|ᵀ row-major for the forward sums: z_i = b_i + Σ_j w_ij a_j taken as axpy's
        // over i for j ascending adds the same terms in the same order as a dot product per i, but vectorises
        double[][] weights = new double[depth + 1][];
        double[][] transposed = new double[depth + 1][];
        double[][] absTransposed = new double[depth + 1][];
        for (int layer = 1; layer <= depth; layer++) {
            weights[layer] = net.weight(layer).toArray();
            transposed[layer] = net.weight(layer).transpose().toArray();
            absTransposed[layer] = transposed[layer].clone();
            for (int i = 0; i < absTransposed[layer].length; i++) {
                absTransposed[layer][i] = Math.abs(absTransposed[layer][i]);
            }
        }
        double[] lossGauge = new double[samples];
        List<int[]> kinks = new ArrayList<>();
        for (int b = 0; b < samples; b++) {
            double[][] aG = new double[depth + 1][];
            double[][] sigmaG = new double[depth][];
            // the values themselves, |a| and |σ'| (at a rounding kink the larger slope), for the backward products
            double[][] values = new double[depth][];
            double[][] slopes = new double[depth][];
            double[] a = batch.input(b).toArray();
            values[0] = a;
            aG[0] = new double[a.length];
            // surelyZero[j]: a_j is exactly 0 in every correct implementation, whatever its order of operations
            boolean[] surelyZero = new boolean[a.length];
            for (int j = 0; j < a.length; j++) {
                aG[0][j] = Math.abs(a[j]);
                surelyZero[j] = a[j] == 0.0;
            }
            double[] yHat = null;
            for (int layer = 1; layer <= depth; layer++) {
                int width = net.width(layer);
                double[] z = new double[width];
                double[] zG = new double[width];
                // every term of z surely 0 (a zero weight, or an input surely 0): every correct implementation
                // computes z = 0 exactly, whatever its order
                boolean[] allTermsZero = new boolean[width];
                double[] wk = weights[layer];
                double[] wT = transposed[layer];
                double[] absWT = absTransposed[layer];
                double[] aGin = aG[layer - 1];
                for (int i = 0; i < width; i++) {
                    z[i] = net.bias(layer).get(i);
                    zG[i] = Math.abs(z[i]);
                    boolean zero = z[i] == 0.0;
                    int row = i * a.length;
                    // usually settled by the first term: a nonzero weight on an input not surely 0
                    for (int j = 0; j < a.length && zero; j++) {
                        zero = wk[row + j] == 0.0 || surelyZero[j];
                    }
                    allTermsZero[i] = zero;
                }
                for (int j = 0; j < a.length; j++) {
                    double aj = a[j];
                    double aGj = aGin[j];
                    int row = j * width;
                    for (int i = 0; i < width; i++) {
                        z[i] += wT[row + i] * aj;
                        zG[i] += absWT[row + i] * aGj;
                    }
                }
                if (layer == depth) {
                    yHat = z;
                    aG[layer] = zG;
                    break;
                }
                Activation act = net.activation(layer);
                double globalCurvature = Gauges.secondDerivativeBound(act);
                double[] next = new double[width];
                boolean[] nextSurelyZero = new boolean[width];
                aG[layer] = new double[width];
                sigmaG[layer] = new double[width];
                slopes[layer] = new double[width];
                for (int i = 0; i < width; i++) {
                    boolean atKink = act.kinked() && Math.abs(z[i]) <= Tolerances.EPSILON * kUpTo[layer] * zG[i];
                    // s = σ(z) is surely 0 where z is (and σ(0) = 0), or where a ReLU's z is below 0 beyond rounding
                    nextSurelyZero[i] = allTermsZero[i] && act.value(0.0) == 0.0
                            || act.kinked() && act.slopeBelowZero() == 0.0 && z[i] < 0 && !atKink;
                    if (atKink) {
                        kinks.add(new int[] {b, layer, i, allTermsZero[i] ? 1 : 0});
                    }
                    // the largest |σ'| over z's rounding interval: the slope at z alone is a bound only while that
                    // interval is small next to the scale on which σ' changes (a z of terms 2⁶⁰ summing to −300
                    // is off by tens, and the logistic tail by e⁴⁴); at a kink it is the larger one-sided slope
                    double slope = Gauges.slopeOver(act, z[i], Tolerances.EPSILON * kUpTo[layer] * zG[i]);
                    next[i] = act.value(z[i]);
                    slopes[layer][i] = slope;
                    aG[layer][i] = Math.abs(next[i]) + slope * zG[i] + Tolerances.UNDERFLOW_GAUGE;
                    // z's rounding carried through σ': by the global max|σ''|, or by the largest |σ''| over the same
                    // interval (a saturated unit bends as little as it slopes, curvatureOverSlope) plus F, the
                    // magnitude σ' is formed from (1 − s², s(1 − s): an absolute error ε·F however small σ' is),
                    // whichever is less: at z = 50, 2 instead of 0.77·zG
                    double local = curvatureOverSlope(act) * slope * zG[i] + formedFrom(act);
                    sigmaG[layer][i] = slope + Math.min(globalCurvature * zG[i], local) + Tolerances.UNDERFLOW_GAUGE;
                }
                a = next;
                values[layer] = next;
                surelyZero = nextSurelyZero;
            }
            double[] yG = aG[depth];
            double[][] out = output(objective.loss(), yHat, yG, batch, b, w, kUpTo[depth], k);
            double[] gv = out[0];
            double[] gG = out[1];
            lossGauge[b] = lossMagnitude(objective.loss(), yHat, yG, batch, b, k);
            // Backward, first order: a product u·v whose factors carry errors ε·K·uG and ε·K·vG (uG ≥ |u|) has
            // error ε·K·(|u|·vG + uG·|v| + ε·K·uG·vG): the product of two gauges would count uG·vG in full, and
            // where a pre-activation cancels (its terms large, its value small) that second-order term is huge.
            // An evaluation in another order (forward-mode AD carries s·σ'·W·r from the left) can form a product
            // below the normal range before the cancelling sum, each term off by up to η: hence η/ε·vG, η/ε·gG.
            double eps = Tolerances.EPSILON * k;
            for (int layer = depth; layer >= 1; layer--) {
                factors[b][layer] = new double[][] {values[layer - 1], aG[layer - 1], gG, gv};
                // ‖G‖₁ of this sample's W_k and b_k gauges, factorised: Σ_ij (x_j y_i) = (Σ_j x_j)(Σ_i y_i)
                double sumValues = 0.0;
                double sumAG = 0.0;
                for (int j = 0; j < aG[layer - 1].length; j++) {
                    sumValues += Math.abs(values[layer - 1][j]);
                    sumAG += aG[layer - 1][j];
                }
                double sumGG = 0.0;
                double sumGv = 0.0;
                for (int i = 0; i < gG.length; i++) {
                    sumGG += gG[i];
                    sumGv += Math.abs(gv[i]);
                }
                gradientNorm += sumGG + sumValues * sumGG + sumAG * sumGv + eps * sumAG * sumGG
                        + Tolerances.UNDERFLOW_GAUGE * aG[layer - 1].length * sumGG;
                if (layer > 1) {
                    int width = net.width(layer - 1);
                    double[] wk = weights[layer];
                    double[] previous = new double[width];
                    double[] previousValue = new double[width];
                    for (int j = 0; j < width; j++) {
                        double v = 0.0;
                        double vG = 0.0;
                        for (int i = 0; i < gG.length; i++) {
                            double weight = wk[i * width + j];
                            v += weight * gv[i];
                            vG += Math.abs(weight) * gG[i];
                        }
                        double slope = slopes[layer - 1][j];
                        previous[j] = Math.abs(v) * sigmaG[layer - 1][j] + vG * slope
                                + eps * vG * sigmaG[layer - 1][j] + Tolerances.UNDERFLOW_GAUGE * vG;
                        previousValue[j] = v * slope;
                    }
                    gG = previous;
                    gv = previousValue;
                }
            }
        }
        return new DeepGauges(layout, factors, gradientNorm, lossGauge, w, k, kinks);
    }

    /**
     * {w · ∂ℓ_b/∂ŷ, its gauge w · |∂ℓ_b/∂ŷ| on magnitudes} for each loss (class comment): the value for the
     * backward products' first-order terms, the gauge for their error terms.
     */
    private static double[][] output(Loss loss, double[] yHat, double[] yG, Batch batch, int b, double w,
            int logitK, int k) {
        int n = yHat.length;
        double[] value = new double[n];
        double[] gauge = new double[n];
        switch (loss) {
            case HALF_SQUARED_ERROR:
            case MEAN_SQUARED_ERROR:
                double factor = loss == Loss.HALF_SQUARED_ERROR ? 1.0 : 2.0 / n;
                for (int i = 0; i < n; i++) {
                    value[i] = w * factor * (yHat[i] - batch.targets().get(i, b));
                    gauge[i] = w * factor * (yG[i] + Math.abs(batch.targets().get(i, b)));
                }
                return new double[][] {value, gauge};
            case SOFTMAX_CROSS_ENTROPY:
                double max = Double.NEGATIVE_INFINITY;
                double maxGauge = 0.0;
                double targets = 0.0;
                double targetsAbs = 0.0;
                for (int i = 0; i < n; i++) {
                    max = Math.max(max, yHat[i]);
                    maxGauge = Math.max(maxGauge, yG[i]);
                    targets += batch.targets().get(i, b);
                    targetsAbs += Math.abs(batch.targets().get(i, b));
                }
                double sum = 0.0;
                for (double v : yHat) {
                    sum += Math.exp(v - max);
                }
                // the logits are off by at most Δ = ε·K_L·max yG; over that box p_i ranges exactly between
                // 1 / (1 + ((1 − p_i)/p_i) e^{±2Δ}): 2 p_i (1 − p_i) Δ while Δ is small, e^{2Δ}-fold when not
                double delta = Tolerances.EPSILON * logitK * maxGauge;
                for (int i = 0; i < n; i++) {
                    double p = Math.exp(yHat[i] - max) / sum;
                    // 1 − p_i as the sum of the other probabilities: exact where p_i rounds to 1
                    double others = (sum - Math.exp(yHat[i] - max)) / sum;
                    // in logarithms, so that neither a p below the normal range nor a large Δ overflows
                    double odds = Math.log(others) - (yHat[i] - max - Math.log(sum));
                    double high = 1.0 / (1.0 + Math.exp(odds - 2 * delta));
                    double low = 1.0 / (1.0 + Math.exp(odds + 2 * delta));
                    double moved = Math.max(high - p, p - low);
                    double movedGauge = delta > 0 ? moved / (Tolerances.EPSILON * k) : 0.0;
                    value[i] = w * (p * targets - batch.targets().get(i, b));
                    gauge[i] = w * ((p + Tolerances.UNDERFLOW_GAUGE) * targetsAbs + movedGauge * targetsAbs
                            + Math.abs(batch.targets().get(i, b)));
                }
                return new double[][] {value, gauge};
            default:
                throw new IllegalArgumentException("no gauge for the loss " + loss);
        }
    }

    /**
     * A magnitude bounding ℓ_b's rounding, over ε·K. For the squared errors, with r = ŷ − y computed with an error
     * |δr_i| ≤ ε·K·rG_i: |δ(½Σr²)| ≤ Σ|r_i||δr_i| + ½Σδr_i² + ε·K·½Σr_i², so the magnitude is
     * Σ|r_i|rG_i + ½Σr_i² + ½ε·K·Σ rG_i² (times 2/n for the mean squared error) — first order in rG, so a
     * pre-activation that cancels to near 0 (its terms large, its rounding real but small next to them) does not
     * inflate the loss's rounding by its square. For cross-entropy, log Σ_j e^{ŷ_j} moves by at most max|δŷ_j|:
     * Σ_i |y_i| (|log Σ_j e^{ŷ_j}| + |ŷ_i| + 2 max_j yG_j) ≤ Σ_i |y_i| (3 max_j yG_j + log n + 1).
     */
    private static double lossMagnitude(Loss loss, double[] yHat, double[] yG, Batch batch, int b, int k) {
        int n = yG.length;
        double first = 0.0;
        double squares = 0.0;
        double second = 0.0;
        double maxGauge = 0.0;
        for (int i = 0; i < n; i++) {
            double r = yHat[i] - batch.targets().get(i, b);
            double rG = yG[i] + Math.abs(batch.targets().get(i, b));
            first += Math.abs(r) * rG;
            squares += r * r;
            second += rG * rG;
            maxGauge = Math.max(maxGauge, yG[i]);
        }
        double squared = first + 0.5 * squares + 0.5 * Tolerances.EPSILON * k * second;
        switch (loss) {
            case HALF_SQUARED_ERROR:
                return squared;
            case MEAN_SQUARED_ERROR:
                return 2.0 * squared / n;
            case SOFTMAX_CROSS_ENTROPY:
                double targets = 0.0;
                for (int i = 0; i < n; i++) {
                    targets += Math.abs(batch.targets().get(i, b));
                }
                return targets * (3.0 * maxGauge + Math.log(n) + 1.0);
            default:
                throw new IllegalArgumentException("no gauge for the loss " + loss);
        }
    }

    /**
     * Gauges of every ∂ℓ/∂θ in numerator layout: Σ_b (|a_{k−1}| gG_kᵀ + aG_{k−1} |g_k|ᵀ + (εK aG_{k−1} + η/ε) gG_kᵀ)
     * for W_k and Σ_b gG_kᵀ for b_k (class comment), summed sample by sample; built on the first call.
     */
    public synchronized DeepGradient gradient() {
        if (gradient == null) {
            double eps = Tolerances.EPSILON * k;
            double[] g = new double[layout.count()];
            for (double[][][] sample : factors) {
                for (int layer = sample.length - 1; layer >= 1; layer--) {
                    double[] values = sample[layer][0];
                    double[] aG = sample[layer][1];
                    double[] gG = sample[layer][2];
                    double[] gv = sample[layer][3];
                    for (int i = 0; i < gG.length; i++) {
                        g[layout.bias(layer, i)] += gG[i];
                        for (int j = 0; j < aG.length; j++) {
                            double av = Math.abs(values[j]);
                            g[layout.weight(layer, i, j)] += av * gG[i] + aG[j] * Math.abs(gv[i])
                                    + eps * aG[j] * gG[i] + Tolerances.UNDERFLOW_GAUGE * gG[i];
                        }
                    }
                }
            }
            gradient = layout.toGradient(g);
        }
        return gradient;
    }

    /**
     * ‖G‖₁, the sum of every entry of {@link #gradient()}, without building it: each sample's gauge of W_k is a sum of
     * outer products, whose entries sum to products of sums (Σ_ij x_j y_i = Σ_j x_j · Σ_i y_i), so this costs
     * O(B·Σ n_k) instead of O(B·P). It differs from summing the built gauges by rounding only (relative
     * ε·(B + max n_k) at most), which moves a tolerance built on it in the second order.
     */
    public double gradientNorm() {
        return gradientNorm;
    }

    /** A bound on the rounding error of one evaluation of ℓ_b (unweighted): ε · K · the loss's magnitude. */
    public double sampleLossRounding(int b) {
        return Tolerances.EPSILON * k * lossGauge[b];
    }

    /** w: 1 for a sum, 1/B for a mean. */
    public double weight() {
        return weight;
    }

    /**
     * c with |σ''(z)| ≤ c·|σ'(z)| at every z, so that c·S bounds |σ''| over an interval on which |σ'| ≤ S:
     * tanh'' = −2 tanh·tanh', |tanh| ≤ 1: 2; the logistic σ'' = σ'(1 − 2σ): 1; softplus'' = σ(1 − σ) ≤ σ = softplus':
     * 1; identity and the kinked ones have no curvature off their kink: 0. With F ({@link #formedFrom}) this keeps the
     * σ' gauge of a saturated unit (z of tens to hundreds) at about 2 instead of the global max|σ''|·zG, hundreds of
     * times larger there, which made the gradient gauges of saturated networks too loose for the projections to
     * reject a sign-flipped entry (entry scale 10). Without F the local bound alone is wrong: σ' formed as 1 − s²
     * where s rounds to 1 is 0, off by all of σ' (the campaign's first try: 1,485 false alarms in 10,000).
     */
    static double curvatureOverSlope(Activation act) {
        switch (act) {
            case TANH:
                return 2.0;
            case SIGMOID:
            case SOFTPLUS:
                return 1.0;
            default:
                return 0.0;
        }
    }

    /**
     * F, the magnitude an implementation may form σ' from, whose rounding is absolute, not relative to σ': 1 − s²
     * (tanh), s(1 − s) (logistic), 1 − e^(−s) (softplus) have terms up to 1 each, so 2; 0 for identity and the
     * kinked ones, whose σ' is a constant. The same F as {@code diagnose.Predictions.formed}.
     */
    static double formedFrom(Activation act) {
        return act == Activation.IDENTITY || act.kinked() ? 0.0 : 2.0;
    }

    /** K for every gradient entry and for ℓ. */
    public int k() {
        return k;
    }

    /**
     * The points of kinked layers whose pre-activation is 0 within rounding, grouped by the choices a correct
     * implementation can make: each point alone, except that the points of one unit whose every term of z is
     * surely 0 — a zero weight, or an input that is 0 in every correct implementation (an input entry 0, a unit
     * whose own terms are all surely 0 with σ(0) = 0, a ReLU below 0 beyond rounding) — form one group: every
     * correct implementation computes those z as exactly 0 and applies its one convention for σ'(0). A z that is
     * 0 here only because an earlier unit on a kink rounded to 0 is not surely 0 and stays a group of its own.
     * Each point is {sample, layer, unit}.
     *
     * @throws CannotJudge if there are more groups than {@link Tolerances#MAX_KINK_SAMPLES}
     */
    public List<List<int[]>> kinkGroups() {
        List<List<int[]>> groups = new ArrayList<>();
        java.util.Map<Long, List<int[]>> exactZeros = new java.util.TreeMap<>();
        for (int[] point : kinks) {
            int[] where = {point[0], point[1], point[2]};
            if (point[3] == 1) {
                exactZeros.computeIfAbsent((long) point[1] << 32 | point[2], key -> new ArrayList<>()).add(where);
            } else {
                groups.add(List.of(where));
            }
        }
        groups.addAll(exactZeros.values());
        if (groups.size() > Tolerances.MAX_KINK_SAMPLES) {
            throw new CannotJudge(groups.size() + " independent pre-activations sit on a kink within rounding; at "
                    + "most " + Tolerances.MAX_KINK_SAMPLES + " are enumerated");
        }
        return groups;
    }

    /** How many (sample, layer, unit) points sit on a kink within rounding. */
    public int roundingKinks() {
        return kinks.size();
    }
}

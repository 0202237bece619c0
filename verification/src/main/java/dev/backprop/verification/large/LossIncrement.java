package dev.backprop.verification.large;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Vector;
import dev.backprop.verification.numeric.DeepParameters;
import dev.backprop.verification.numeric.Tolerances;

/**
 * The increment D(h) = ℓ(θ + h·v) − ℓ(θ) of a deep network's loss, computed as an increment — every layer carries
 * the change of its values, never the values at θ + h·v — with a bound on its rounding that is proportional to the
 * increments, so it shrinks with h. This is what lets the {@link TaylorRemainder} test see its remainder at small
 * steps: the difference of two evaluations of ℓ has a rounding floor ε·K·|ℓ|-sized that does not shrink at all,
 * and a remainder c·h² rises above that floor only where h is so large that the cubic term may still rival the
 * quadratic one.
 *
 * <h2>The pass</h2>
 * Per sample, with the values z_k, s_k at θ computed once (s_0 = x), V_k, c_k the parts of v on W_k, b_k (so the
 * step is ΔW_k = h·V_k, Δb_k = h·c_k, exact: h is a power of two) and ds_0 = 0:
 * <pre>
 *   dz_k = h·u_k + (W_k ds_{k−1} + h·V_k ds_{k−1}),   u_k = c_k + V_k s_{k−1}  (once per direction)
 *   ds_k = σ_k(z_k + dz_k) − σ_k(z_k)                by an increment formula (below), never as a difference of σ's
 *   D    = w Σ_b [ℓ_b(ŷ + dŷ) − ℓ_b(ŷ)]              by an increment formula of each loss (below), dŷ = dz_L
 * </pre>
 * which is exact algebra: z_k(θ + hv) − z_k(θ) = Δb + ΔW s + (W + ΔW) ds. The held loss of the Taylor test
 * (units of ReLU and leaky-ReLU layers on the piece they are on at θ) has ds = slope·dz there, the slope of the side
 * of 0 the unit's z is on at θ (z ≤ 0 below); ℓ itself ({@link Step#unheld()}, reported, not judged) takes
 * σ(z + dz) − σ(z) at a unit that changes side.
 *
 * <p>Increment formulas, exact identities evaluated without cancellation (a = fl(z + dz)):
 * <ul>
 *   <li>tanh: for |dz| ≤ 1, tanh(z + dz) − tanh(z) = sinh(dz)·sech(z + dz)·sech(z), sech x = 2e^{−|x|}/(1 + e^{−2|x|})
 *       (no overflow at any z); for |dz| &gt; 1, tanh(a) − tanh(z).</li>
 *   <li>logistic: σ(x) = (1 + tanh(x/2))/2, so its increment is half the tanh increment at (z/2, dz/2).</li>
 *   <li>softplus: for |dz| ≤ 1, log1p(σ(z)·expm1(dz)) (σ the logistic: log((1 + e^{z+dz})/(1 + e^z))); for
 *       |dz| &gt; 1, softplus(a) − softplus(z).</li>
 *   <li>½‖ŷ − y‖²: Σ_i (r_i + dŷ_i/2)·dŷ_i with r = ŷ − y; the mean squared error: Σ_i (2r_i + dŷ_i)·dŷ_i / n.</li>
 *   <li>softmax cross-entropy, ℓ_b = T·lse(ŷ) − Σ_i y_i ŷ_i with T = Σ_i y_i: T·Δlse − Σ_i y_i dŷ_i, where for
 *       max|dŷ| ≤ 1 Δlse = log Σ_j p_j e^{dŷ_j} = log1p(Σ_j p_j expm1(dŷ_j)) (p = softmax(ŷ)), else
 *       lse(ŷ + dŷ) − lse(ŷ).</li>
 * </ul>
 *
 * <h2>The bound (first order, ε = 2⁻⁵², η = 2⁻¹⁰⁷⁴)</h2>
 * Running error analysis: every computed quantity x̃ carries a bound E_x ≥ |x̃ − x| on its distance from the exact
 * value, built from the computed magnitudes as the computation goes (Wilkinson's running error bound), each sum of m
 * terms adding ε·(m + {@link Tolerances#ELEMENTARY_OPERATIONS})·Σ|terms| (Higham §3.1, as {@link Tolerances} does),
 * each elementary function ε·{@link Tolerances#ELEMENTARY_OPERATIONS} relative (Math's exp, expm1, log1p, sinh,
 * tanh are within 2.5 ulp), each subnormal result η.
 * <ul>
 *   <li>The values at θ, as {@code DeepGauges} bounds them: with aG_0 = |x|, zG_k = |b_k| + |W_k| aG_{k−1},
 *       aG_k = |s_k| + S·zG_k + η/ε (S the largest |σ'| over z's rounding interval): E_z = ε·Kz_k·zG_k and
 *       E_s = ε·Ks_k·aG_k, with Kz_k = (n_{k−1} + 17) + Ks_{k−1}, Ks_k = Kz_k + 16, Ks_0 = 0 (z's sum after the
 *       error carried in from s_{k−1}, then σ).</li>
 *   <li>dz_k: E_dz = h·A_k + |W_k| F + h·|V_k| F + ε(|h u| + |W ds| + |h V ds|), with
 *       A_k = ε(n_{k−1} + 17)(|c_k| + |V_k||s_{k−1}|) + |V_k| E_s (u's own rounding and the values' error seen
 *       through V) and F = ε(n_{k−1} + 17)|ds_{k−1}| + E_ds (the products' rounding and ds's error seen through W
 *       and V).</li>
 *   <li>ds_k = σ(z + dz) − σ(z): E_ds = E_formula + S·E_dz + min(C·(|dz| + E_dz), 2S)·E_z, with S the largest |σ'|
 *       over [min(z, z + dz), max(z, z + dz)] widened by E_z + E_dz and C a bound on |σ''| there
 *       ({@link #curvatureOver}, at most 2S: a saturated unit bends as little as it slopes): the error of dz moves
 *       both ends by at most S·E_dz, and the error of z moves the increment by |σ'(z + dz) − σ'(z)|·E_z. E_formula is
 *       ε(16 + |a|)|ds| for the sinh form (a's own rounding, u|a|, moves sech(a) by that relative amount),
 *       ε·16·(|σ(a)| + |σ(z)|) + ε·S·|a| for a difference, ε·16·|ds| for the log1p form (its argument is above
 *       −0.64, where log1p amplifies a relative error at most twice). Held kinked units: E_ds = slope·E_dz +
 *       ε|ds| (the held function is linear, z's error does not enter).</li>
 *   <li>The losses, each term's first-order sensitivity times its inputs' bounds: ½‖r‖²: ε(n + 16)Σ|t_i| +
 *       Σ|dŷ_i|·E_r + Σ|r_i + dŷ_i|·E_dŷ (E_r = E_ŷ + ε|r|); cross-entropy: T·E_Δlse + εnT|Δlse| + ε(n + 16)Σ|y_i dŷ_i|
 *       + Σ y_i E_dŷ + ε(|TΔlse| + |Σ y dŷ|). In the log1p form E_Δlse = E_x/(1 + x) + ε|Δlse| + E_base, with
 *       E_x = ε(n + 16)Σ p_j|expm1 dŷ_j| + Σ E_p|expm1 dŷ_j| + Σ p_j e^{dŷ_j} E_dŷ (E_p = ε(n + 16 + spread)·p, p's own
 *       rounding, spread = max_j(m − ŷ_j) the size of exp's arguments). E_base is the logits' error at θ, which moves
 *       Δlse by Σ_j (q_j − p_j)·δŷ_j, q = softmax(ŷ + dŷ): with S = 1 + x, q_j − p_j = p_j·(expm1 dŷ_j − x)/S, and over
 *       the whole box of logit errors p_j moves by a factor 1 + β at most (β = expm1(2 max E_ŷ) + ε(n + 16 +
 *       spread)), S by δS = β·Σ p_k|expm1 dŷ_k|, so E_base = Σ_j p_j(1 + β)(|expm1 dŷ_j − x|/S +
 *       e^{dŷ_j}δS/(S(S − δS)))·E_ŷj — O(h) like dŷ, and nothing where the softmax is saturated and stays so, however
 *       large the logits' error; at most 2 max E_ŷ in any case. In the difference form E_Δlse = ε(n + 16 + spread(a))
 *       + ε(n + 16 + spread(ŷ)) + ε(|lse(a)| + |lse(ŷ)|) + max(ε|a_j| + E_dŷ) (lse is 1-Lipschitz in the max norm)
 *       + min(2 max E_ŷ, Σ_j (|q_j − p_j| + (q_j + p_j)β')·E_ŷj), β' = expm1(2(max E_ŷ + max E_a)) + ε(n + 16 +
 *       max spread).</li>
 *   <li>The batch: w·(Σ_b E_b + ε(B + 16)Σ_b|Δℓ_b|) + ε|D|.</li>
 * </ul>
 * Once every |dz| and |dŷ| is at most 1 (the sinh, log1p and softmax forms), every term is a product of ε with an
 * increment (h·u, dz, ds, dŷ, expm1 dŷ) or with h, except the η terms: the bound is O(ε·h), as the increments are.
 * The error of the values at θ enters only through the increments (h·|V|E_s, E_z·|σ'(z + dz) − σ'(z)| ≤
 * C·|dz|·E_z, E_base), which is why it shrinks with h too. Above that (large steps of large
 * pre-activations) the sensitivity of an increment to the values' error, up to 2S·E_z or 2 max E_ŷ, is what it
 * is, O(ε) and not O(ε·h); those steps are not where the Taylor test is asymptotic anyway. Checked against 50-digit
 * decimal arithmetic ({@code LossIncrementTest}, and 300 cases of largeDeepCases, 78 of them at entry scale 10, at
 * seven steps each from h₀ to 2⁻⁴⁰: the error never above 1.1·10⁻² of the bound, the largest where the softmax
 * term, the tightest, dominates).
 *
 * <p>Cost: per direction two products per layer (u_k, A_k); per step three per layer above the first (W ds and
 * V ds in one pass, |W| F; |V| F is a row sum when |V| is constant, as for ±RMS directions) and one more for ℓ
 * itself when a kink is crossed. Immutable once built.
 */
final class LossIncrement {
    private static final double EPS = Tolerances.EPSILON;
    private static final double ETA = Double.MIN_VALUE;
    private static final int ELEMENTARY = Tolerances.ELEMENTARY_OPERATIONS;
    /** Below this |dz| (and |dŷ| for the softmax) the increment formulas of the class comment are used. */
    private static final double SMALL = 1.0;
    /** Samples per block of the products, as in DirectionalDerivative. */
    private static final int BLOCK = 8;

    private final DeepNetwork network;
    private final Loss loss;
    private final double weight;
    private final int depth;
    private final int samples;
    private final int[] widths;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final int count;
    /** [k]: W_kᵀ and |W_k|ᵀ, n_{k−1}×n_k row-major. */
    private final double[][] wT;
    private final double[][] wAbsT;
    /** [k]: z_k and its error bound, B×n_k row-major (k ≥ 1). */
    private final double[][] z;
    private final double[][] zErr;
    /** [k]: s_k and its error bound, B×n_k; s_0 = Xᵀ, exact. */
    private final double[][] s;
    private final double[][] sErr;
    /** [b]: y_b. */
    private final double[][] targets;
    /** Squared losses: r = ŷ − y and its bound, B×n_L. Cross-entropy: p = softmax(ŷ) and its bound, B×n_L. */
    private final double[] residual;
    private final double[] residualErr;
    private final double[] probability;
    private final double[] probabilityErr;
    /** Cross-entropy, per sample: T = Σ y_i, lse(ŷ), spread = max_j(m − ŷ_j), max_j E_ŷj. */
    private final double[] targetSum;
    private final double[] logSumExp;
    private final double[] spread;
    private final double[] maxOutputErr;
    private final double value;

    private LossIncrement(DeepNetwork network, Batch batch, Objective objective) {
        objective.requireFits(network, batch);
        this.network = network;
        this.loss = objective.loss();
        this.samples = batch.size();
        this.weight = objective.reduction().weight(samples);
        this.depth = network.depth();
        widths = new int[depth + 1];
        for (int k = 0; k <= depth; k++) {
            widths[k] = network.width(k);
        }
        // the flat layout is DeepParameters', so that directions and gradients index alike
        DeepParameters layout = DeepParameters.of(network);
        weightOffset = new int[depth + 1];
        biasOffset = new int[depth + 1];
        for (int k = 1; k <= depth; k++) {
            weightOffset[k] = layout.weightOffset(k);
            biasOffset[k] = layout.biasOffset(k);
        }
        count = layout.count();
        double[] theta = layout.flatten(network);
        wT = new double[depth + 1][];
        wAbsT = new double[depth + 1][];
        z = new double[depth + 1][];
        zErr = new double[depth + 1][];
        s = new double[depth + 1][];
        sErr = new double[depth + 1][];
        s[0] = batch.inputs().transpose().toArray();
        sErr[0] = new double[s[0].length];
        double[] aG = abs(s[0]);
        int sK = 0;
        for (int k = 1; k <= depth; k++) {
            int in = widths[k - 1];
            int out = widths[k];
            wT[k] = transpose(theta, weightOffset[k], out, in);
            wAbsT[k] = abs(wT[k]);
            double[] zk = broadcast(theta, biasOffset[k], out);
            accumulate(s[k - 1], wT[k], zk, in, out);
            double[] zG = abs(broadcast(theta, biasOffset[k], out));
            accumulate(aG, wAbsT[k], zG, in, out);
            int zK = Tolerances.accumulation(in + 1) + sK;
            double[] ze = new double[zk.length];
            for (int i = 0; i < ze.length; i++) {
                ze[i] = EPS * zK * zG[i] + zK * ETA;
            }
            z[k] = zk;
            zErr[k] = ze;
            if (k == depth) {
                break;
            }
            Activation sigma = network.activation(k);
            sK = zK + ELEMENTARY;
            double[] sk = new double[zk.length];
            double[] se = new double[zk.length];
            double[] nextG = new double[zk.length];
            for (int i = 0; i < zk.length; i++) {
                sk[i] = sigma.value(zk[i]);
                double slope = slopeOver(sigma, zk[i] - ze[i], zk[i] + ze[i]);
                nextG[i] = Math.abs(sk[i]) + slope * zG[i] + Tolerances.UNDERFLOW_GAUGE;
                se[i] = EPS * sK * nextG[i];
            }
            s[k] = sk;
            sErr[k] = se;
            aG = nextG;
        }
        int n = widths[depth];
        targets = new double[samples][];
        double[] yHat = z[depth];
        double[] yErr = zErr[depth];
        residual = new double[samples * n];
        residualErr = new double[samples * n];
        probability = new double[samples * n];
        probabilityErr = new double[samples * n];
        targetSum = new double[samples];
        logSumExp = new double[samples];
        spread = new double[samples];
        maxOutputErr = new double[samples];
        double sum = 0.0;
        for (int b = 0; b < samples; b++) {
            targets[b] = batch.target(b).toArray();
            int row = b * n;
            sum += loss.value(Vector.fromFunction(n, i -> yHat[row + i]), batch.target(b));
            double max = Double.NEGATIVE_INFINITY;
            double maxErr = 0.0;
            double t = 0.0;
            for (int i = 0; i < n; i++) {
                residual[row + i] = yHat[row + i] - targets[b][i];
                residualErr[row + i] = yErr[row + i] + EPS * Math.abs(residual[row + i]);
                max = Math.max(max, yHat[row + i]);
                maxErr = Math.max(maxErr, yErr[row + i]);
                t += targets[b][i];
            }
            double total = 0.0;
            double width = 0.0;
            for (int i = 0; i < n; i++) {
                total += Math.exp(yHat[row + i] - max);
                width = Math.max(width, max - yHat[row + i]);
            }
            // p's own rounding only: the logits' error enters through q − p (lossIncrement)
            double relative = EPS * (Tolerances.accumulation(n) + width);
            for (int i = 0; i < n; i++) {
                probability[row + i] = Math.exp(yHat[row + i] - max) / total;
                probabilityErr[row + i] = probability[row + i] * relative + (n + 2) * ETA;
            }
            targetSum[b] = t;
            logSumExp[b] = max + Math.log(total);
            spread[b] = width;
            maxOutputErr[b] = maxErr;
        }
        value = sum * weight;
    }

    /** The increments of ℓ at the network's own θ; the values at θ and their bounds are computed here, once. */
    static LossIncrement of(DeepNetwork network, Batch batch, Objective objective) {
        return new LossIncrement(network, batch, objective);
    }

    /** ℓ(θ) by the plain double forward pass (σ by {@link Activation#value}, ℓ_b by {@link Loss#value}). */
    double loss() {
        return value;
    }

    /** P, the length of θ. */
    int count() {
        return count;
    }

    /** The increments along {@code v} (over θ, {@link DeepParameters} order), its per-direction products done. */
    Along along(double[] v) {
        if (v.length != count) {
            throw new IllegalArgumentException("a direction over θ has " + count + " entries, got " + v.length);
        }
        return new Along(v.clone());
    }

    /**
     * One step's increment.
     *
     * @param held         D(h) of the held loss (kinked units on their pieces at θ), the one the Taylor test judges
     * @param bound        a first-order bound on |held − exact D(h)| (class comment)
     * @param unheld       D(h) of ℓ itself (kinks included): equal to {@code held} where no kink is crossed
     * @param kinksCrossed (sample, unit) pairs of kinked layers whose z + dz is on the other side of 0 than z, in ℓ
     *                     itself
     */
    record Step(double held, double bound, double unheld, int kinksCrossed) {
    }

    /** The increments along one direction. */
    final class Along {
        private final double[][] vT;
        private final double[][] vAbsT;
        /** [k]: the one value of |V_k|'s entries where they are all equal (as for ±RMS directions), else NaN. */
        private final double[] vAbsConstant;
        /** [k]: u_k = c_k + V_k s_{k−1} and A_k (class comment), B×n_k. */
        private final double[][] u;
        private final double[][] a;

        private Along(double[] v) {
            vT = new double[depth + 1][];
            vAbsT = new double[depth + 1][];
            vAbsConstant = new double[depth + 1];
            u = new double[depth + 1][];
            a = new double[depth + 1][];
            for (int k = 1; k <= depth; k++) {
                int in = widths[k - 1];
                int out = widths[k];
                int terms = Tolerances.accumulation(in + 1);
                vT[k] = transpose(v, weightOffset[k], out, in);
                vAbsT[k] = abs(vT[k]);
                vAbsConstant[k] = vAbsT[k].length == 0 ? Double.NaN : vAbsT[k][0];
                for (double x : vAbsT[k]) {
                    if (x != vAbsConstant[k]) {
                        vAbsConstant[k] = Double.NaN;
                        break;
                    }
                }
                u[k] = broadcast(v, biasOffset[k], out);
                accumulate(s[k - 1], vT[k], u[k], in, out);
                double[] through = new double[s[k - 1].length];
                for (int j = 0; j < through.length; j++) {
                    through[j] = EPS * terms * Math.abs(s[k - 1][j]) + sErr[k - 1][j];
                }
                double[] ak = abs(broadcast(v, biasOffset[k], out));
                for (int i = 0; i < ak.length; i++) {
                    ak[i] *= EPS * terms;
                }
                accumulate(through, vAbsT[k], ak, in, out);
                for (int i = 0; i < ak.length; i++) {
                    ak[i] += terms * ETA;
                }
                a[k] = ak;
            }
        }

        /** The increment at step h = 2^e (a power of two, so h·v is exact). */
        Step at(double h) {
            double[] held = pass(h, true);
            if (held[2] == 0) {
                // no unit changes side: ℓ itself is the held loss, bit for bit
                return new Step(held[0], held[1], held[0], 0);
            }
            double[] itself = pass(h, false);
            return new Step(held[0], held[1], itself[0], (int) itself[2]);
        }

        /**
         * {D, its bound (held only), kinks crossed} of one pass: held or ℓ itself. The bound is computed on the held
         * pass only; the pass of ℓ itself is for the report.
         */
        private double[] pass(double h, boolean held) {
            double[] ds = null;
            double[] dsErr = null;
            int crossed = 0;
            for (int k = 1; k <= depth; k++) {
                int in = widths[k - 1];
                int out = widths[k];
                int terms = Tolerances.accumulation(in + 1);
                double[] uk = u[k];
                double[] ak = a[k];
                double[] dz = new double[samples * out];
                double[] dzErr = new double[samples * out];
                if (ds == null) {
                    for (int i = 0; i < dz.length; i++) {
                        dz[i] = h * uk[i];
                        dzErr[i] = h * ak[i] + ETA;
                    }
                } else {
                    double[] q = new double[samples * out];
                    double[] t = new double[samples * out];
                    accumulateTwo(ds, wT[k], vT[k], q, t, in, out);
                    double[] fw = null;
                    double[] fv = null;
                    if (held) {
                        double[] f = new double[ds.length];
                        for (int j = 0; j < f.length; j++) {
                            f[j] = EPS * terms * Math.abs(ds[j]) + dsErr[j];
                        }
                        fw = new double[samples * out];
                        fv = new double[samples * out];
                        accumulate(f, wAbsT[k], fw, in, out);
                        double c = vAbsConstant[k];
                        if (Double.isNaN(c)) {
                            accumulate(f, vAbsT[k], fv, in, out);
                        } else {
                            // |V| c everywhere: every row of |V| F is c·Σ_j F_j
                            for (int b = 0; b < samples; b++) {
                                double sum = 0.0;
                                for (int j = 0; j < in; j++) {
                                    sum += f[b * in + j];
                                }
                                java.util.Arrays.fill(fv, b * out, (b + 1) * out, c * sum);
                            }
                        }
                    }
                    for (int i = 0; i < dz.length; i++) {
                        double hu = h * uk[i];
                        double ht = h * t[i];
                        dz[i] = hu + (q[i] + ht);
                        if (held) {
                            dzErr[i] = h * ak[i] + fw[i] + h * fv[i]
                                    + EPS * (Math.abs(hu) + Math.abs(q[i]) + Math.abs(ht)) + 3 * ETA;
                        }
                    }
                }
                if (k == depth) {
                    double[] d = lossIncrement(dz, dzErr, held);
                    return new double[] {d[0], d[1], crossed};
                }
                Activation sigma = network.activation(k);
                double[] zk = z[k];
                double[] ze = zErr[k];
                double[] next = new double[dz.length];
                double[] nextErr = held ? new double[dz.length] : null;
                for (int i = 0; i < dz.length; i++) {
                    double d = dz[i];
                    if (sigma.kinked()) {
                        boolean above = zk[i] > 0;
                        double moved = zk[i] + d;
                        if ((moved > 0) != above) {
                            crossed++;
                        }
                        if (held || (moved > 0) == above) {
                            double slope = above ? sigma.slopeAboveZero() : sigma.slopeBelowZero();
                            next[i] = slope * d;
                            if (held) {
                                nextErr[i] = slope * dzErr[i] + EPS * Math.abs(next[i]) + ETA;
                            }
                        } else {
                            next[i] = sigma.value(moved) - sigma.value(zk[i]);
                        }
                    } else if (held) {
                        double[] inc = increment(sigma, zk[i], d, ze[i], dzErr[i]);
                        next[i] = inc[0];
                        nextErr[i] = inc[1];
                    } else {
                        next[i] = increment(sigma, zk[i], d, 0.0, 0.0)[0];
                    }
                }
                ds = next;
                dsErr = nextErr;
            }
            throw new IllegalStateException("unreachable: the output layer returns");
        }
    }

    /**
     * {σ(z + d) − σ(z), a bound on its distance from the exact increment at the exact z and d} for a smooth σ, with
     * z and d off by at most zErr and dErr (class comment).
     */
    static double[] increment(Activation sigma, double z, double d, double zErr, double dErr) {
        double lo = Math.min(z, z + d) - zErr - dErr;
        double hi = Math.max(z, z + d) + zErr + dErr;
        switch (sigma) {
            case IDENTITY:
                return new double[] {d, dErr};
            case TANH: {
                double slope = slopeOver(sigma, lo, hi);
                double[] f = tanhIncrement(z, d, slope);
                double curvature = curvatureOver(sigma, lo, hi, slope);
                return new double[] {f[0], f[1] + slope * dErr
                        + Math.min(curvature * (Math.abs(d) + dErr), 2 * slope) * zErr};
            }
            case SIGMOID: {
                double slope = slopeOver(sigma, lo, hi);
                // σ(x) = (1 + tanh(x/2))/2: half the tanh increment at (z/2, d/2), whose slope bound is 4 times σ's
                double[] f = tanhIncrement(z / 2, d / 2, 4 * slope);
                double curvature = curvatureOver(sigma, lo, hi, slope);
                return new double[] {f[0] / 2, f[1] / 2 + slope * dErr
                        + Math.min(curvature * (Math.abs(d) + dErr), 2 * slope) * zErr + ETA};
            }
            case SOFTPLUS: {
                double slope = slopeOver(sigma, lo, hi);
                double value;
                double formula;
                if (Math.abs(d) <= SMALL) {
                    value = Math.log1p(Activation.SIGMOID.value(z) * Math.expm1(d));
                    formula = EPS * ELEMENTARY * Math.abs(value);
                } else {
                    double moved = z + d;
                    double at = Activation.SOFTPLUS.value(moved);
                    double from = Activation.SOFTPLUS.value(z);
                    value = at - from;
                    formula = EPS * ELEMENTARY * (Math.abs(at) + Math.abs(from)) + EPS * slope * Math.abs(moved);
                }
                return new double[] {value, formula + slope * dErr
                        + Math.min(curvatureOver(sigma, lo, hi, slope) * (Math.abs(d) + dErr), 2 * slope) * zErr
                        + ELEMENTARY * ETA};
            }
            default:
                throw new IllegalArgumentException("no increment formula for " + sigma);
        }
    }

    /** {tanh(z + d) − tanh(z), the formula's own rounding bound}; {@code slope} bounds sech² over the interval. */
    private static double[] tanhIncrement(double z, double d, double slope) {
        double moved = z + d;
        if (Math.abs(d) <= SMALL) {
            double value = Math.sinh(d) * sech(moved) * sech(z);
            return new double[] {value, EPS * (ELEMENTARY + Math.abs(moved)) * Math.abs(value) + ELEMENTARY * ETA};
        }
        double at = Math.tanh(moved);
        double from = Math.tanh(z);
        return new double[] {at - from, EPS * ELEMENTARY * (Math.abs(at) + Math.abs(from))
                + EPS * slope * Math.abs(moved)};
    }

    /** sech x = 2e^{−|x|}/(1 + e^{−2|x|}), with no overflow. */
    private static double sech(double x) {
        double e = Math.exp(-Math.abs(x));
        return 2 * e / (1 + e * e);
    }

    /**
     * A bound on |σ''| over [lo, hi], given {@code slope} ≥ max|σ'| there: tanh'' = −2 tanh·tanh', so at most
     * min(4/(3√3), 2·slope); σ'' = σ'(1 − 2σ) for the logistic, at most min(1/(6√3), slope); softplus'' is the
     * logistic's σ', its largest value over the interval.
     */
    static double curvatureOver(Activation sigma, double lo, double hi, double slope) {
        switch (sigma) {
            case TANH:
                return Math.min(4.0 / (3.0 * Math.sqrt(3.0)), 2 * slope);
            case SIGMOID:
                return Math.min(1.0 / (6.0 * Math.sqrt(3.0)), slope);
            case SOFTPLUS:
                return slopeOver(Activation.SIGMOID, lo, hi);
            default:
                return 0.0;
        }
    }

    /** The largest |σ'| over [lo, hi]. */
    static double slopeOver(Activation sigma, double lo, double hi) {
        double nearest = lo <= 0 && hi >= 0 ? 0.0 : Math.min(Math.abs(lo), Math.abs(hi));
        switch (sigma) {
            case IDENTITY:
                return 1.0;
            case TANH: {
                double c = sech(nearest);
                return c * c;
            }
            case SIGMOID: {
                double e = Math.exp(-nearest);
                return e / ((1 + e) * (1 + e));
            }
            case SOFTPLUS:
                return Activation.SIGMOID.value(hi);
            case RELU:
            case LEAKY_RELU:
                if (lo <= 0 && hi > 0) {
                    return Math.max(Math.abs(sigma.slopeBelowZero()), Math.abs(sigma.slopeAboveZero()));
                }
                return Math.abs(hi > 0 ? sigma.slopeAboveZero() : sigma.slopeBelowZero());
            default:
                throw new IllegalArgumentException("no slope bound for " + sigma);
        }
    }

    /** {w Σ_b Δℓ_b, its bound} from dŷ (B×n_L) and its bound (null when not bounding). */
    private double[] lossIncrement(double[] dy, double[] dyErr, boolean bounded) {
        int n = widths[depth];
        double sum = 0.0;
        double sumAbs = 0.0;
        double err = 0.0;
        int terms = Tolerances.accumulation(n);
        for (int b = 0; b < samples; b++) {
            int row = b * n;
            double delta;
            double e = 0.0;
            switch (loss) {
                case HALF_SQUARED_ERROR:
                case MEAN_SQUARED_ERROR: {
                    boolean half = loss == Loss.HALF_SQUARED_ERROR;
                    double total = 0.0;
                    double totalAbs = 0.0;
                    double through = 0.0;
                    for (int i = 0; i < n; i++) {
                        double r = residual[row + i];
                        double d = dy[row + i];
                        double t = half ? (r + 0.5 * d) * d : (2 * r + d) * d;
                        total += t;
                        totalAbs += Math.abs(t);
                        if (bounded) {
                            through += (half ? 1 : 2) * (Math.abs(d) * residualErr[row + i]
                                    + Math.abs(r + d) * dyErr[row + i]);
                        }
                    }
                    delta = half ? total : total / n;
                    if (bounded) {
                        e = (EPS * terms * totalAbs + through) / (half ? 1 : n) + EPS * Math.abs(delta)
                                + n * ETA;
                    }
                    break;
                }
                case SOFTMAX_CROSS_ENTROPY: {
                    double[] y = targets[b];
                    double largest = 0.0;
                    for (int i = 0; i < n; i++) {
                        largest = Math.max(largest, Math.abs(dy[row + i]));
                    }
                    double lse;
                    double lseErr = 0.0;
                    if (largest <= SMALL) {
                        double x = 0.0;
                        double xAbs = 0.0;
                        double xErr = 0.0;
                        for (int j = 0; j < n; j++) {
                            double m1 = Math.expm1(dy[row + j]);
                            double term = probability[row + j] * m1;
                            x += term;
                            xAbs += Math.abs(term);
                            if (bounded) {
                                xErr += probabilityErr[row + j] * Math.abs(m1)
                                        + probability[row + j] * Math.exp(dy[row + j]) * dyErr[row + j];
                            }
                        }
                        lse = Math.log1p(x);
                        if (bounded) {
                            xErr += EPS * terms * xAbs + n * ETA;
                            // the logits' error at θ moves Δlse by Σ_j (q_j − p_j)·δŷ_j, q_j = p_j e^{dŷ_j}/S with
                            // S = 1 + x: q_j − p_j = p_j·g_j, g_j = (expm1 dŷ_j − x)/S. Over the box of errors
                            // p_j moves by the factor 1 + box at most, S by δS = box·Σ_k p_k|expm1 dŷ_k|, and g_j by
                            // e^{dŷ_j}·δS/(S(S − δS)): every part O(h), as dŷ is
                            double box = Math.expm1(2 * maxOutputErr[b]) + EPS * (terms + spread[b]);
                            double total = 1 + x;
                            double moved = box * xAbs;
                            double throughBase = 0.0;
                            for (int j = 0; j < n; j++) {
                                double m1 = Math.expm1(dy[row + j]);
                                double g = Math.abs(m1 - x) / total + (1 + m1) * moved / (total * (total - moved));
                                throughBase += probability[row + j] * (1 + box) * g * zErr[depth][row + j];
                            }
                            lseErr = xErr / (1 + x) + EPS * Math.abs(lse)
                                    + Math.min(2 * maxOutputErr[b], throughBase + n * ETA);
                        }
                    } else {
                        double max = Double.NEGATIVE_INFINITY;
                        double[] moved = new double[n];
                        double movedErr = 0.0;
                        for (int j = 0; j < n; j++) {
                            moved[j] = z[depth][row + j] + dy[row + j];
                            max = Math.max(max, moved[j]);
                            if (bounded) {
                                movedErr = Math.max(movedErr, EPS * Math.abs(moved[j]) + dyErr[row + j]);
                            }
                        }
                        double total = 0.0;
                        double width = 0.0;
                        for (int j = 0; j < n; j++) {
                            total += Math.exp(moved[j] - max);
                            width = Math.max(width, max - moved[j]);
                        }
                        double at = max + Math.log(total);
                        lse = at - logSumExp[b];
                        if (bounded) {
                            // the logits' error at θ moves lse(ŷ + dŷ) − lse(ŷ) by Σ_j (q_j − p_j)·δŷ_j, q the softmax
                            // at ŷ + dŷ; over the box of errors each of q, p moves by at most the factor
                            // e^{±2(max E_ŷ + max E_a)}, and the sum is at most 2 max E_ŷ whatever q and p are
                            double box = Math.expm1(2 * (maxOutputErr[b] + movedErr))
                                    + EPS * (terms + Math.max(width, spread[b]));
                            double throughBase = 0.0;
                            for (int j = 0; j < n; j++) {
                                double q = Math.exp(moved[j] - max) / total;
                                double p = probability[row + j];
                                throughBase += (Math.abs(q - p) + (q + p) * box) * zErr[depth][row + j];
                            }
                            lseErr = EPS * (terms + width) + EPS * (terms + spread[b])
                                    + EPS * (Math.abs(at) + Math.abs(logSumExp[b])) + movedErr
                                    + Math.min(2 * maxOutputErr[b], throughBase + n * ETA);
                        }
                    }
                    double linear = 0.0;
                    double linearAbs = 0.0;
                    double linearErr = 0.0;
                    for (int i = 0; i < n; i++) {
                        double t = y[i] * dy[row + i];
                        linear += t;
                        linearAbs += Math.abs(t);
                        if (bounded) {
                            linearErr += Math.abs(y[i]) * dyErr[row + i];
                        }
                    }
                    double tl = targetSum[b] * lse;
                    delta = tl - linear;
                    if (bounded) {
                        e = Math.abs(targetSum[b]) * lseErr + EPS * n * Math.abs(tl) + EPS * terms * linearAbs
                                + linearErr + EPS * (Math.abs(tl) + Math.abs(linear)) + n * ETA;
                    }
                    break;
                }
                default:
                    throw new IllegalArgumentException("no increment formula for the loss " + loss);
            }
            sum += delta;
            sumAbs += Math.abs(delta);
            err += e;
        }
        double d = sum * weight;
        double bound = bounded ? weight * (err + EPS * Tolerances.accumulation(samples) * sumAbs) + EPS * Math.abs(d)
                + ETA : Double.NaN;
        return new double[] {d, bound};
    }

    private double[] broadcast(double[] flat, int offset, int out) {
        double[] x = new double[samples * out];
        for (int b = 0; b < samples; b++) {
            System.arraycopy(flat, offset, x, b * out, out);
        }
        return x;
    }

    private static double[] abs(double[] x) {
        double[] a = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = Math.abs(x[i]);
        }
        return a;
    }

    /** The n_k×n_{k−1} row-major block of {@code flat} at {@code offset}, transposed: n_{k−1}×n_k row-major. */
    private static double[] transpose(double[] flat, int offset, int rows, int cols) {
        double[] t = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            int from = offset + i * cols;
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = flat[from + j];
            }
        }
        return t;
    }

    /** {@link #accumulate} into two outputs at once, the same a against t1 and t2: a is read once. */
    private void accumulateTwo(double[] a, double[] t1, double[] t2, double[] out1, double[] out2, int m, int n) {
        for (int b0 = 0; b0 < samples; b0 += BLOCK) {
            int b1 = Math.min(samples, b0 + BLOCK);
            for (int j = 0; j < m; j++) {
                int tj = j * n;
                for (int b = b0; b < b1; b++) {
                    double x = a[b * m + j];
                    if (x == 0.0) {
                        continue;
                    }
                    int ob = b * n;
                    for (int i = 0; i < n; i++) {
                        out1[ob + i] += x * t1[tj + i];
                        out2[ob + i] += x * t2[tj + i];
                    }
                }
            }
        }
    }

    /**
     * out[b, i] += Σ_j a[b, j]·t[j, i] for every sample (a: B×m, t: m×n, out: B×n, row-major), j ascending after
     * what out holds: the i-k-j order of DirectionalDerivative, terms with a[b, j] = 0 skipped (t is finite).
     */
    private void accumulate(double[] a, double[] t, double[] out, int m, int n) {
        for (int b0 = 0; b0 < samples; b0 += BLOCK) {
            int b1 = Math.min(samples, b0 + BLOCK);
            for (int j = 0; j < m; j++) {
                int tj = j * n;
                for (int b = b0; b < b1; b++) {
                    double x = a[b * m + j];
                    if (x == 0.0) {
                        continue;
                    }
                    int ob = b * n;
                    for (int i = 0; i < n; i++) {
                        out[ob + i] += x * t[tj + i];
                    }
                }
            }
        }
    }
}

package dev.backprop.verification.numeric;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Vector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * The directional derivative D_uℓ = ⟨∇ℓ, u⟩ of a deep network's loss along one direction u over θ, by forward-mode
 * AD with one tangent for the whole of θ: one dual-number pass instead of {@link DeepForwardModeAd}'s P free
 * variables, so O(B·P) work instead of O(B·P²) — the oracle for models too large for a full Jacobian.
 *
 * <p>θ and u are flat, in {@link DeepParameters}' order (W1 row-major, b1, W2, …). Every quantity x of the forward
 * pass carries its tangent ẋ = d/dt x(θ + t·u) at t = 0. With ṡ₀ = 0 (the inputs do not depend on θ):
 * <pre>
 *   z_k = W_k s_{k−1} + b_k             ż_k = U_k s_{k−1} + W_k ṡ_{k−1} + u_{b_k}     (U_k, u_{b_k}: u's parts)
 *   s_k = σ_k(z_k)                      ṡ_k = d/dt σ_k(z_k + t ż_k)                  (hidden layers)
 *   ℓ = w Σ_b ℓ_b(z_L)                  D_uℓ = w Σ_b d/dt ℓ_b(z_L + t ż_L)
 * </pre>
 * The linear parts are plain double loops over the batch: activations are kept sample-major (B×n_k, row-major)
 * and W_kᵀ row-major, so each product is a run of axpy's over contiguous rows (the i-k-j order), blocked over
 * samples so that a row of W_kᵀ is read once per block. Every nonlinearity is differentiated from its definition
 * with commons-math3 {@link DerivativeStructure} of one parameter and order 1, built from the pair (z, ż): σ by
 * {@link ForwardModeAd#apply}, the loss by {@link DeepForwardModeAd}'s formula of each loss — so neither an
 * implementation's σ' nor the spec's {@link Activation#derivative} nor anyone's ∂ℓ/∂ŷ is used. The values (z, s)
 * are computed once, at construction; each dense direction then costs one tangent pass: U_k s_{k−1} for every layer
 * and W_k ṡ_{k−1} above the first, one to two forward passes' worth of products. For the rank-one directions of
 * {@link RankOneDirections} ({@link #along(RankOneDirections, double[][][])}) U_k s_{k−1} = a_k (b_kᵀ s_{k−1}) costs
 * n_k + n_{k−1} per sample, and σ'(z_k) (from the dual number (z_k, 1)) and ∂ℓ_b/∂ŷ (from ℓ_b's formula on n_L dual
 * variables) are computed once per call for all m directions, so that only the linear parts are repeated per direction.
 *
 * <p>Rounding ({@link #k()}): the tangent ż_k sums 2n_{k−1} + 1 terms where the backward pass sums n_{k−1} + 1 and
 * n_k, and a rounding of a value z_k reaches D_uℓ through σ'(z_k) and s_k. So a path from any rounding to D_uℓ
 * passes at most, per layer, the value sum (n_{k−1} + 1 terms), the tangent sum (2n_{k−1} + 1) and a few elementary
 * operations, then the loss (n_L) and the batch (B):
 * K_D = Σ_k (3n_{k−1} + 2 + {@link Tolerances#ELEMENTARY_OPERATIONS}) + n_L + B. The magnitude of those paths, summed, is the gradient gauge G of {@link DeepGauges} weighted by |u|
 * (forward or backward, the paths from θ_i to ℓ are the same products), so |D_uℓ − ⟨∇ℓ, u⟩| ≤ ε·K_D·Σ_i G_i|u_i|
 * to first order.
 *
 * <p>Kinks: ReLU and leaky ReLU at exactly 0 take the slope below 0, as {@link ForwardModeAd#apply}; where a
 * pre-activation is 0 within rounding, {@link #along(double[], double[][][])} forces the slope of either side, as
 * {@link DeepForwardModeAd#gradient(DeepNetwork, Batch, Objective, double[][][])} does for the whole gradient.
 *
 * <p>Values: {@link #loss()} is ℓ(θ) from the same plain double forward pass (σ by {@link Activation#value}, ℓ_b by
 * {@link Loss#value}), and {@link #evaluate} gives ℓ at another θ — with kinked units held on their pieces at θ too,
 * and the kinks crossed — for the Taylor-remainder test; {@link #heldNetworkAt} is the network whose
 * {@link DeepGauges} bound that held evaluation's rounding.
 *
 * <p>Immutable once built (the values are only read, every pass works in arrays of its own), so one oracle may serve
 * several threads.
 */
public final class DirectionalDerivative {
    /** Samples per block of the products: 8 rows of z (a few KB each) stay in cache while a row of Wᵀ is read. */
    private static final int BLOCK = 8;

    private final DeepNetwork network;
    private final Batch batch;
    private final Loss loss;
    private final double weight;
    private final int depth;
    private final int samples;
    private final int[] widths;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final int count;
    /** [k]: W_kᵀ, n_{k−1}×n_k row-major. */
    private final double[][] transposed;
    /** [k]: z_k, B×n_k row-major (k ≥ 1). */
    private final double[][] z;
    /** [k]: s_k, B×n_k row-major; s_0 = Xᵀ. */
    private final double[][] s;
    private final double value;
    /** θ, flat: W_k row-major at weightOffset[k], for the batched tangents' W_k ṡ_{k−1}. */
    private final double[] theta;

    private DirectionalDerivative(DeepNetwork network, Batch batch, Objective objective) {
        objective.requireFits(network, batch);
        this.network = network;
        this.batch = batch;
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
        theta = layout.flatten(network);
        transposed = new double[depth + 1][];
        z = new double[depth + 1][];
        s = new double[depth + 1][];
        s[0] = batch.inputs().transpose().toArray();
        value = forward(theta, transposed, z, s, false);
    }

    /**
     * [k]: σ_k'(z_k), B×n_k row-major, each from σ's definition on the dual number (z, 1) (hidden layers k &lt; L).
     * Computed per call of the batched pass, not at construction: the Taylor test and the dense directions never
     * need it, and a table per call keeps the oracle immutable.
     */
    private double[][] slopes() {
        double[][] slope = new double[depth][];
        for (int k = 1; k < depth; k++) {
            Activation sigma = network.activation(k);
            double[] zk = z[k];
            slope[k] = new double[zk.length];
            for (int i = 0; i < zk.length; i++) {
                slope[k][i] = ForwardModeAd.apply(sigma, new DerivativeStructure(1, 1, zk[i], 1.0))
                        .getPartialDerivative(1);
            }
        }
        return slope;
    }

    /** ∂ℓ_b/∂ŷ for every sample: ℓ_b's formula on n_L free dual variables ŷ_i (commons-math3, order 1). */
    private double[] lossGradients() {
        int n = widths[depth];
        double[] out = z[depth];
        double[] gradient = new double[samples * n];
        DerivativeStructure[] yHat = new DerivativeStructure[n];
        int[] orders = new int[n];
        for (int b = 0; b < samples; b++) {
            for (int i = 0; i < n; i++) {
                yHat[i] = new DerivativeStructure(n, 1, i, out[b * n + i]);
            }
            DerivativeStructure lb = DeepForwardModeAd.lossOf(loss, yHat, batch, b);
            for (int i = 0; i < n; i++) {
                orders[i] = 1;
                gradient[b * n + i] = lb.getPartialDerivative(orders);
                orders[i] = 0;
            }
        }
        return gradient;
    }

    /** The oracle at the network's own θ; the forward pass is done here, once. */
    public static DirectionalDerivative of(DeepNetwork network, Batch batch, Objective objective) {
        return new DirectionalDerivative(network, batch, objective);
    }

    /** P, the length of θ and of every direction. */
    public int count() {
        return count;
    }

    /** ℓ(θ) = w Σ_b ℓ_b by the plain double forward pass (σ by {@link Activation#value}, ℓ_b by {@link Loss#value}). */
    public double loss() {
        return value;
    }

    /** K_D, the accumulation length that bounds the rounding of {@link #along} (class comment). */
    public int k() {
        int k = widths[depth] + samples;
        for (int layer = 1; layer <= depth; layer++) {
            k += 3 * widths[layer - 1] + 2 + Tolerances.ELEMENTARY_OPERATIONS;
        }
        return k;
    }

    /** D_uℓ = ⟨∇ℓ, u⟩ for u over θ ({@link DeepParameters} order). {@code u} is not modified. */
    public double along(double[] u) {
        return along(u, null);
    }

    /**
     * D_uℓ with σ'(z) of sample b, hidden layer k, unit i forced to {@code slopes[b][k][i]} wherever that is not NaN
     * (σ(z) keeps its value): the directional derivative of the exact gradient an implementation computes when
     * rounding puts that pre-activation on the side of a kink whose slope that is. {@code slopes} may be null.
     */
    public double along(double[] u, double[][][] slopes) {
        if (u.length != count) {
            throw new IllegalArgumentException("a direction over θ has " + count + " entries, got " + u.length);
        }
        double[] sDot = null;
        for (int k = 1; k <= depth; k++) {
            int in = widths[k - 1];
            int out = widths[k];
            double[] uT = transpose(u, weightOffset[k], out, in);
            double[] zDot = new double[samples * out];
            for (int b = 0; b < samples; b++) {
                System.arraycopy(u, biasOffset[k], zDot, b * out, out);
            }
            // ż_k = u_b + U_k s_{k−1} + W_k ṡ_{k−1}, bias first as the value pass sums z
            accumulate(s[k - 1], uT, zDot, samples, in, out);
            if (sDot != null) {
                accumulate(sDot, transposed[k], zDot, samples, in, out);
            }
            if (k == depth) {
                return weight * lossTangent(zDot);
            }
            Activation sigma = network.activation(k);
            double[] zk = z[k];
            double[] next = new double[samples * out];
            for (int b = 0; b < samples; b++) {
                double[] forced = slopes == null ? null : slopes[b][k];
                for (int i = 0; i < out; i++) {
                    int at = b * out + i;
                    double slope = forced == null ? Double.NaN : forced[i];
                    if (!Double.isNaN(slope)) {
                        next[at] = slope * zDot[at];
                    } else if (zDot[at] != 0.0) {
                        // σ differentiated from its definition on the dual number (z, ż)
                        next[at] = ForwardModeAd.apply(sigma, new DerivativeStructure(1, 1, zk[at], zDot[at]))
                                .getPartialDerivative(1);
                    }
                }
            }
            sDot = next;
        }
        throw new IllegalStateException("unreachable: the output layer returns");
    }

    /**
     * D_uℓ for each of the m rank-one directions of {@code directions} at once, with the slopes of
     * {@link #along(double[], double[][][])} forced where {@code slopes} (may be null) is not NaN. The same
     * recursion as the dense pass, with U_k s_{k−1} = a_k (b_kᵀ s_{k−1}):
     * <pre>
     *   β_k = b_kᵀ s_{k−1}                          n_{k−1} terms per sample, exact products (b_l = ±1)
     *   ż_k = c_k + a_k β_k + W_k ṡ_{k−1}              bias first, as the dense pass; a_i β exact
     *   ṡ_k = σ_k'(z_k) ż_k                          σ_k' from the dual number (z_k, 1), once per call
     *   D_uℓ = w Σ_b Σ_i (∂ℓ_b/∂ŷ_i) ż_{L,i}          ∂ℓ_b/∂ŷ by AD of ℓ_b's formula, once per call
     * </pre>
     * Sample by sample, all m directions together (the direction index innermost), so W_k ṡ_{k−1} is a run of axpy's
     * of length m. Rounding: a term of b_kᵀ s_{k−1} passes n_{k−1} − 1 additions, then two (c, W ṡ), at most the
     * 2n_{k−1} + 1 of {@link #k()}, with the same magnitudes |u_il||s_l| as the dense sum (|a_i b_l| = 1);
     * σ'·ż for d/dt σ(z + tż) and Σ_i ∂_iℓ_b ż_i for d/dt ℓ_b reassociate the dual-number products by a few
     * elementary operations and the loss's n_L terms, both in K_D. So {@link #k()} bounds this pass too.
     * {@code directions} is not modified.
     */
    public double[] along(RankOneDirections directions, double[][][] slopes) {
        if (directions.depth() != depth) {
            throw new IllegalArgumentException("directions for depth " + directions.depth() + ", network of depth "
                    + depth);
        }
        for (int k = 0; k <= depth; k++) {
            if (directions.width(k) != widths[k]) {
                throw new IllegalArgumentException("directions for width n_" + k + " = " + directions.width(k)
                        + ", network's is " + widths[k]);
            }
        }
        int m = directions.size();
        double[][] slope = slopes();
        double[] lossGradient = lossGradients();
        double[][] as = new double[depth + 1][];
        double[][] bs = new double[depth + 1][];
        double[][] cs = new double[depth + 1][];
        for (int k = 1; k <= depth; k++) {
            as[k] = directions.a(k);
            bs[k] = directions.b(k);
            cs[k] = directions.c(k);
        }
        // one buffer per layer for ż_k and ṡ_k, every entry rewritten for each sample
        double[][] zDots = new double[depth + 1][];
        double[][] sDots = new double[depth + 1][];
        for (int k = 1; k <= depth; k++) {
            zDots[k] = new double[widths[k] * m];
            sDots[k] = new double[widths[k] * m];
        }
        double[] total = new double[m];
        double[] beta = new double[m];
        double[] perSample = new double[m];
        int n = widths[depth];
        for (int b = 0; b < samples; b++) {
            double[] sDot = null;
            for (int k = 1; k <= depth; k++) {
                int in = widths[k - 1];
                int out = widths[k];
                double[] bk = bs[k];
                double[] ak = as[k];
                double[] ck = cs[k];
                // β = b_kᵀ s_{k−1} for every direction
                Arrays.fill(beta, 0.0);
                double[] sPrev = s[k - 1];
                int row = b * in;
                for (int l = 0; l < in; l++) {
                    double x = sPrev[row + l];
                    if (x == 0.0) {
                        continue;
                    }
                    int at = l * m;
                    for (int j = 0; j < m; j++) {
                        beta[j] += x * bk[at + j];
                    }
                }
                double[] zDot = zDots[k];
                for (int i = 0; i < out; i++) {
                    int at = i * m;
                    for (int j = 0; j < m; j++) {
                        zDot[at + j] = ck[at + j] + ak[at + j] * beta[j];
                    }
                }
                if (sDot != null) {
                    int w = weightOffset[k];
                    for (int i = 0; i < out; i++) {
                        int zi = i * m;
                        int wi = w + i * in;
                        for (int l = 0; l < in; l++) {
                            double x = theta[wi + l];
                            int sl = l * m;
                            for (int j = 0; j < m; j++) {
                                zDot[zi + j] += x * sDot[sl + j];
                            }
                        }
                    }
                }
                if (k == depth) {
                    Arrays.fill(perSample, 0.0);
                    for (int i = 0; i < n; i++) {
                        double gi = lossGradient[b * n + i];
                        int at = i * m;
                        for (int j = 0; j < m; j++) {
                            perSample[j] += gi * zDot[at + j];
                        }
                    }
                    for (int j = 0; j < m; j++) {
                        total[j] += perSample[j];
                    }
                } else {
                    double[] forced = slopes == null ? null : slopes[b][k];
                    double[] next = sDots[k];
                    for (int i = 0; i < out; i++) {
                        double f = forced == null ? Double.NaN : forced[i];
                        double si = Double.isNaN(f) ? slope[k][b * out + i] : f;
                        int at = i * m;
                        for (int j = 0; j < m; j++) {
                            next[at + j] = si * zDot[at + j];
                        }
                    }
                    sDot = next;
                }
            }
        }
        for (int j = 0; j < m; j++) {
            total[j] *= weight;
        }
        return total;
    }

    /** Σ_b d/dt ℓ_b(z_L + t ż_L), each ℓ_b by its formula on dual numbers. */
    private double lossTangent(double[] zDot) {
        int n = widths[depth];
        double[] out = z[depth];
        double sum = 0.0;
        DerivativeStructure[] yHat = new DerivativeStructure[n];
        for (int b = 0; b < samples; b++) {
            for (int i = 0; i < n; i++) {
                yHat[i] = new DerivativeStructure(1, 1, out[b * n + i], zDot[b * n + i]);
            }
            sum += DeepForwardModeAd.lossOf(loss, yHat, batch, b).getPartialDerivative(1);
        }
        return sum;
    }

    /**
     * ℓ at another θ (same shapes): {@code loss} itself; {@code held}, ℓ with every unit of a ReLU or leaky-ReLU layer
     * held on the linear piece it is on at this oracle's θ (σ(z) ↦ slope·z, slope that of the side of 0 the unit's z
     * is on at θ, z ≤ 0 counting as below); and how many (sample, unit) pairs of such layers lie on the other side of
     * 0 than at θ, and which samples those are ({@code samplesCrossed}, ascending). For a sample with no unit crossed
     * its held loss is the same computation as its loss, bit for bit.
     */
    public record Evaluation(double loss, double held, int kinksCrossed, List<Integer> samplesCrossed) {
        public Evaluation {
            samplesCrossed = List.copyOf(samplesCrossed);
        }
    }

    /**
     * ℓ at {@code theta} by the same plain double forward pass as {@link #loss()}, the held loss (see
     * {@link Evaluation}) and the kinks crossed from this oracle's θ. The held loss is the one whose Taylor expansion
     * at θ has ∇ℓ(θ) as its gradient and no kink anywhere: it continues each piece beyond its kink, as
     * {@code DeepLossOracle} does for finite differences. {@code theta} is not modified.
     */
    public Evaluation evaluate(double[] theta) {
        if (theta.length != count) {
            throw new IllegalArgumentException("θ has " + count + " entries, got " + theta.length);
        }
        double[][] zAt = new double[depth + 1][];
        double[][] sAt = new double[depth + 1][];
        sAt[0] = s[0];
        double at = forward(theta, new double[depth + 1][], zAt, sAt, false);
        int crossed = 0;
        boolean[] sampleCrossed = new boolean[samples];
        for (int k = 1; k < depth; k++) {
            if (network.activation(k).kinked()) {
                for (int i = 0; i < zAt[k].length; i++) {
                    if ((zAt[k][i] > 0) != (z[k][i] > 0)) {
                        crossed++;
                        sampleCrossed[i / widths[k]] = true;
                    }
                }
            }
        }
        List<Integer> which = new ArrayList<>();
        for (int b = 0; b < samples; b++) {
            if (sampleCrossed[b]) {
                which.add(b);
            }
        }
        double held = crossed == 0 ? at : forward(theta, new double[depth + 1][], zAt, sAt, true);
        return new Evaluation(at, held, crossed, which);
    }

    /**
     * For sample {@code sample}: the network whose forward pass is the held evaluation of {@link #evaluate} at
     * {@code theta} — every kinked layer made the identity and the slope of each of its units (for this sample, as
     * held) moved into the next layer's weights, (W_{k+1})_ij·slope_j. Its {@link DeepGauges} bound the held
     * evaluation's rounding: the magnitudes are the same products |w_ij|·|slope_j|·|z_j|, and the one extra product
     * per term is among the elementary operations K counts.
     */
    public DeepNetwork heldNetworkAt(double[] theta, int sample) {
        if (theta.length != count) {
            throw new IllegalArgumentException("θ has " + count + " entries, got " + theta.length);
        }
        List<Matrix> weights = new ArrayList<>();
        List<Vector> biases = new ArrayList<>();
        List<Activation> activations = new ArrayList<>();
        for (int k = 1; k <= depth; k++) {
            int in = widths[k - 1];
            int from = weightOffset[k];
            boolean heldBefore = k > 1 && network.activation(k - 1).kinked();
            double[] slopes = heldBefore ? heldSlopes(k - 1, sample) : null;
            weights.add(Matrix.fromFunction(widths[k], in,
                    (i, j) -> heldBefore ? theta[from + i * in + j] * slopes[j] : theta[from + i * in + j]));
            biases.add(Vector.of(Arrays.copyOfRange(theta, biasOffset[k], biasOffset[k] + widths[k])));
            if (k < depth) {
                activations.add(network.activation(k).kinked() ? Activation.IDENTITY : network.activation(k));
            }
        }
        return new DeepNetwork(weights, biases, activations);
    }

    /** The slopes of kinked layer k's units for one sample, as held: the side each z is on at this oracle's θ. */
    private double[] heldSlopes(int k, int sample) {
        Activation sigma = network.activation(k);
        int n = widths[k];
        double[] slopes = new double[n];
        for (int i = 0; i < n; i++) {
            slopes[i] = z[k][sample * n + i] > 0 ? sigma.slopeAboveZero() : sigma.slopeBelowZero();
        }
        return slopes;
    }

    /** The network with parameters {@code theta} and this network's activations. {@code theta} is not modified. */
    public DeepNetwork networkAt(double[] theta) {
        if (theta.length != count) {
            throw new IllegalArgumentException("θ has " + count + " entries, got " + theta.length);
        }
        List<Matrix> weights = new ArrayList<>();
        List<Vector> biases = new ArrayList<>();
        List<Activation> activations = new ArrayList<>();
        for (int k = 1; k <= depth; k++) {
            weights.add(Matrix.of(widths[k], widths[k - 1],
                    Arrays.copyOfRange(theta, weightOffset[k], biasOffset[k])));
            biases.add(Vector.of(Arrays.copyOfRange(theta, biasOffset[k], biasOffset[k] + widths[k])));
            if (k < depth) {
                activations.add(network.activation(k));
            }
        }
        return new DeepNetwork(weights, biases, activations);
    }

    /**
     * The forward pass at {@code theta}: fills W_kᵀ, z_k and s_k (s[0] given) and returns ℓ = w Σ_b ℓ_b; with
     * {@code held}, kinked units held on their pieces at this oracle's θ ({@link Evaluation}). Each z is summed bias
     * first, then j ascending, as {@link DeepGauges} and {@link DeepLossOracle} sum it.
     */
    private double forward(double[] theta, double[][] wT, double[][] zOut, double[][] sOut, boolean held) {
        for (int k = 1; k <= depth; k++) {
            int in = widths[k - 1];
            int out = widths[k];
            wT[k] = transpose(theta, weightOffset[k], out, in);
            double[] zk = new double[samples * out];
            for (int b = 0; b < samples; b++) {
                System.arraycopy(theta, biasOffset[k], zk, b * out, out);
            }
            accumulate(sOut[k - 1], wT[k], zk, samples, in, out);
            zOut[k] = zk;
            if (k < depth) {
                Activation sigma = network.activation(k);
                double[] sk = new double[zk.length];
                if (held && sigma.kinked()) {
                    // each unit on the piece it is on at this oracle's θ: slope·z, even past the kink
                    double[] side = z[k];
                    for (int i = 0; i < zk.length; i++) {
                        sk[i] = (side[i] > 0 ? sigma.slopeAboveZero() : sigma.slopeBelowZero()) * zk[i];
                    }
                } else {
                    for (int i = 0; i < zk.length; i++) {
                        sk[i] = sigma.value(zk[i]);
                    }
                }
                sOut[k] = sk;
            } else {
                sOut[k] = zk;
            }
        }
        int n = widths[depth];
        double[] yHat = zOut[depth];
        double sum = 0.0;
        for (int b = 0; b < samples; b++) {
            int row = b * n;
            sum += loss.value(Vector.fromFunction(n, i -> yHat[row + i]), batch.target(b));
        }
        return sum * weight;
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

    /**
     * out[b, i] += Σ_j a[b, j] · t[j, i] for every sample b: a is B×m, t is m×n, out is B×n, all row-major. The i-k-j
     * order (b, j, i) makes the inner loop an axpy over contiguous rows, which the JIT vectorises; samples go in
     * blocks so a row of t is reused from cache. Terms with a[b, j] = 0 (a ReLU's zeros) add 0 and are skipped: t is
     * finite (the network's entries are), so no 0·∞ is lost.
     */
    private static void accumulate(double[] a, double[] t, double[] out, int batch, int m, int n) {
        for (int b0 = 0; b0 < batch; b0 += BLOCK) {
            int b1 = Math.min(batch, b0 + BLOCK);
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

    /**
     * Forced slopes for one joint choice of sides at the rounding kinks: {@code groups} as
     * {@link DeepGauges#kinkGroups()} returns them (points {sample, layer, unit}); bit q of {@code pattern} picks the
     * slope above 0 for every point of group q, else the slope below. Entries elsewhere are NaN (not forced). The
     * layout is that of {@link #along(double[], double[][][])} and of {@link DeepForwardModeAd}: [b][k][i], k ≥ 1.
     */
    public static double[][][] forcedSlopes(DeepNetwork network, int samples, List<List<int[]>> groups, int pattern) {
        int depth = network.depth();
        double[][][] slopes = new double[samples][depth][];
        for (double[][] sample : slopes) {
            for (int k = 1; k < depth; k++) {
                sample[k] = new double[network.width(k)];
                Arrays.fill(sample[k], Double.NaN);
            }
        }
        for (int q = 0; q < groups.size(); q++) {
            for (int[] point : groups.get(q)) {
                Activation sigma = network.activation(point[1]);
                slopes[point[0]][point[1]][point[2]] = (pattern >> q & 1) == 0 ? sigma.slopeBelowZero()
                        : sigma.slopeAboveZero();
            }
        }
        return slopes;
    }
}

package dev.backprop.verification.numeric;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.spec.Vector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The deep-network oracles ({@link DeepForwardModeAd}, {@link DeepParameters}, {@link DeepFiniteDifferences},
 * {@link DeepGauges}) checked on networks whose gradients are known in closed form. Every expected value is
 * derived by hand in a comment beside it; no oracle is checked against another oracle's output alone, and
 * nothing here uses an implementation under test. Tolerances come only from {@link Tolerances}.
 *
 * <p>Notation for scalar networks (every width 1): layer k has weight w_k and bias b_k; z_k = b_k + w_k·s_{k−1}
 * with s₀ = x, s_k = σ_k(z_k) on hidden layers, ŷ = z_L, u = ŷ − y and ℓ = ½u² (one sample, sum). Back from
 * the output, δ_L = u and δ_k = δ_{k+1}·w_{k+1}·σ_k'(z_k); then ∂ℓ/∂w_k = δ_k·s_{k−1} and ∂ℓ/∂b_k = δ_k.
 */
class DeepOracleSelfTest {
    private static final Objective HALF_SUM = Objective.SEED;
    private static final Objective MSE_MEAN = new Objective(Loss.MEAN_SQUARED_ERROR, Reduction.MEAN);
    private static final Objective CROSS_ENTROPY = new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.SUM);

    /**
     * A network with a closed-form gradient.
     *
     * @param closedForm ∂ℓ/∂θ in numerator layout, derived by hand
     * @param gauge      null when every value is a short binary fraction, so forward mode is exact; otherwise the
     *                   closed form's own rounding gauge, derived by hand, with {@code k}
     */
    private record HandCase(String name, DeepNetwork network, Batch batch, Objective objective,
            DeepGradient closedForm, DeepGradient gauge, int k) {
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers: building networks and gradients by hand, and the judgements
    // ---------------------------------------------------------------------------------------------------------

    private static DeepNetwork network(List<Matrix> weights, List<Vector> biases, Activation... hidden) {
        return new DeepNetwork(weights, biases, List.of(hidden));
    }

    /** A network of width 1 throughout: weights w1, …, wL and biases b1, …, bL. */
    private static DeepNetwork scalar(double[] w, double[] b, Activation... hidden) {
        List<Matrix> weights = new ArrayList<>();
        List<Vector> biases = new ArrayList<>();
        for (int k = 0; k < w.length; k++) {
            weights.add(Matrix.of(1, 1, w[k]));
            biases.add(Vector.of(b[k]));
        }
        return network(weights, biases, hidden);
    }

    /** The numerator-layout gradient of a scalar network from ∂ℓ/∂w1, ∂ℓ/∂b1, ∂ℓ/∂w2, ∂ℓ/∂b2, … (or gauges). */
    private static DeepGradient scalarGradient(double... pairs) {
        List<Matrix> w = new ArrayList<>();
        List<Matrix> b = new ArrayList<>();
        for (int k = 0; k < pairs.length; k += 2) {
            w.add(Matrix.of(1, 1, pairs[k]));
            b.add(Matrix.of(1, 1, pairs[k + 1]));
        }
        return new DeepGradient(Layout.NUMERATOR, w, b);
    }

    private static Batch single(double x, double y) {
        return Batch.single(Vector.of(x), Vector.of(y));
    }

    /** Every entry of {@code g} times {@code factor}, in g's layout. */
    private static DeepGradient scaled(DeepGradient g, double factor) {
        List<Matrix> w = new ArrayList<>();
        List<Matrix> b = new ArrayList<>();
        for (int k = 1; k <= g.depth(); k++) {
            Matrix wk = g.weight(k);
            Matrix bk = g.bias(k);
            w.add(Matrix.fromFunction(wk.rows(), wk.cols(), (i, j) -> factor * wk.get(i, j)));
            b.add(Matrix.fromFunction(bk.rows(), bk.cols(), (i, j) -> factor * bk.get(i, j)));
        }
        return new DeepGradient(g.layout(), w, b);
    }

    /** {@code g} with entry (row, col) of ∂ℓ/∂p, in g's layout, replaced by {@code value}. */
    private static DeepGradient with(DeepGradient g, DeepParameter p, int row, int col, double value) {
        List<Matrix> w = new ArrayList<>();
        List<Matrix> b = new ArrayList<>();
        for (int k = 1; k <= g.depth(); k++) {
            for (boolean weight : new boolean[] {true, false}) {
                Matrix m = weight ? g.weight(k) : g.bias(k);
                boolean target = p.layer() == k && p.isWeight() == weight;
                Matrix out = Matrix.fromFunction(m.rows(), m.cols(),
                        (i, j) -> target && i == row && j == col ? value : m.get(i, j));
                (weight ? w : b).add(out);
            }
        }
        return new DeepGradient(g.layout(), w, b);
    }

    /** Forward mode equals the closed form exactly (no rounding: every operand is a short binary fraction). */
    private static void assertExact(DeepGradient closedForm, DeepGradient ad) {
        assertEquals(Layout.NUMERATOR, ad.layout());
        assertEquals(closedForm.depth(), ad.depth());
        for (DeepParameter p : closedForm.parameters()) {
            Matrix want = closedForm.get(p);
            Matrix got = ad.get(p);
            assertEquals(want.shape(), got.shape(), "∂ℓ/∂" + p.seedName() + " shape");
            for (int i = 0; i < want.rows(); i++) {
                for (int j = 0; j < want.cols(); j++) {
                    assertEquals(want.get(i, j), got.get(i, j), 0.0, "∂ℓ/∂" + p.seedName() + "(" + i + "," + j + ")");
                }
            }
        }
    }

    /** The rounding rule of {@link Tolerances}, parameter by parameter, for forward mode against a closed form. */
    private static void assertRounds(DeepGradient closedForm, DeepGradient gauge, int k, DeepGradient ad) {
        assertEquals(Layout.NUMERATOR, ad.layout());
        for (DeepParameter p : closedForm.parameters()) {
            Discrepancy d = Discrepancy.rounding("forward-mode ∂ℓ/∂" + p.seedName(), ad.get(p), closedForm.get(p),
                    gauge.get(p), k);
            assertTrue(d.passes(), d::describe);
        }
    }

    private static void assertForwardModeMatches(HandCase c) {
        DeepGradient ad = DeepForwardModeAd.gradient(c.network(), c.batch(), c.objective());
        if (c.gauge() == null) {
            assertExact(c.closedForm(), ad);
        } else {
            assertRounds(c.closedForm(), c.gauge(), c.k(), ad);
        }
    }

    private static Discrepancy judge(DeepNetwork net, Batch batch, Objective objective, DeepGradient analytic) {
        DeepGauges gauges = DeepGauges.of(net, batch, objective);
        return DeepFiniteDifferences.of(net, batch, objective, gauges).judge("hand", analytic, gauges);
    }

    private static void assertAccepted(Discrepancy d) {
        assertTrue(d.passes(), d::describe);
        assertTrue(d.scaledError() <= Tolerances.FINITE_DIFFERENCE_THRESHOLD, d::describe);
    }

    private static void assertRejected(Discrepancy d) {
        assertTrue(!d.passes() && d.scaledError() > Tolerances.FINITE_DIFFERENCE_THRESHOLD, d::describe);
    }

    /** The centred 5-point difference quotient of {@code f} at t with step h, written out by hand. */
    private static double fivePoint(DoubleUnaryOperator f, double t, double h) {
        return (f.applyAsDouble(t - 2 * h) - 8 * f.applyAsDouble(t - h) + 8 * f.applyAsDouble(t + h)
                - f.applyAsDouble(t + 2 * h)) / (12 * h);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The hand cases
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Depth 1, ŷ = W1 x + b1 with d = 2, n = 3 (so no transpose passes by accident), ℓ = ½‖ŷ − y‖². With
     * r = ŷ − y: ∂ℓ/∂(W1)_ij = r_i x_j, so in numerator layout ∂ℓ/∂W1 = x rᵀ (d×n, (j, i) = x_j r_i), and
     * ∂ℓ/∂b1 = rᵀ (1×n). Every value is a multiple of 2⁻² below 2²: exact.
     */
    private static HandCase depthOneHalfSquaredError() {
        double[][] w1 = {{0.5, -1.0}, {0.25, 0.75}, {-0.5, 2.0}};
        double[] b1 = {0.25, -0.5, 1.0};
        double[] x = {1.5, -0.5};
        double[] y = {1.0, 0.5, -0.25};
        double[] r = new double[3];
        for (int i = 0; i < 3; i++) {
            r[i] = w1[i][0] * x[0] + w1[i][1] * x[1] + b1[i] - y[i]; // ŷ = (1.5, −0.5, −0.75), r = (0.5, −1, −0.5)
        }
        DeepGradient closedForm = new DeepGradient(Layout.NUMERATOR,
                List.of(Matrix.fromFunction(2, 3, (j, i) -> x[j] * r[i])),  // ∂ℓ/∂W1 = x rᵀ
                List.of(Matrix.fromFunction(1, 3, (zero, i) -> r[i])));      // ∂ℓ/∂b1 = rᵀ
        return new HandCase("depth 1, ½‖ŷ − y‖²",
                network(List.of(Matrix.fromRows(w1)), List.of(Vector.of(b1))),
                Batch.single(Vector.of(x), Vector.of(y)), HALF_SUM, closedForm, null, 0);
    }

    /**
     * Depth 1, d = 2, n = 4, B = 2, mean squared error with MEAN reduction: ℓ = (1/B) Σ_b (1/n) Σ_i r_bi², so
     * ∂ℓ/∂(W1)_ij = (1/B) Σ_b (2/n) r_bi x_bj and ∂ℓ/∂(b1)_i = (1/B) Σ_b (2/n) r_bi; (2/n)(1/B) = 1/4 exactly.
     * Every value is a short binary fraction: exact.
     */
    private static HandCase depthOneMeanSquaredErrorMean() {
        double[][] w1 = {{0.5, -0.25}, {1.0, 0.75}, {-0.5, 0.125}, {0.25, 1.5}};
        double[] b1 = {0.25, -0.5, 1.0, 0.0};
        double[][] xs = {{1.0, 0.5}, {-0.5, 2.0}};              // x_b, b = 0, 1
        double[][] ys = {{0.5, 0.0, -1.0, 2.0}, {1.0, -0.25, 0.5, 0.75}};
        int n = 4;
        int batchSize = 2;
        double factor = (2.0 / n) * (1.0 / batchSize);          // 2/n from d(r²)/dr over n; 1/B from the mean
        double[][] gw = new double[2][4];                        // numerator layout: (j, i)
        double[] gb = new double[4];
        for (int b = 0; b < batchSize; b++) {
            for (int i = 0; i < n; i++) {
                double r = w1[i][0] * xs[b][0] + w1[i][1] * xs[b][1] + b1[i] - ys[b][i];
                gb[i] += factor * r;                             // (1/B) Σ_b (2/n) r_bi
                for (int j = 0; j < 2; j++) {
                    gw[j][i] += factor * r * xs[b][j];           // (1/B) Σ_b (2/n) r_bi x_bj
                }
            }
        }
        Matrix inputs = Matrix.fromFunction(2, batchSize, (j, b) -> xs[b][j]);
        Matrix targets = Matrix.fromFunction(n, batchSize, (i, b) -> ys[b][i]);
        return new HandCase("depth 1, mean squared error, mean over the batch",
                network(List.of(Matrix.fromRows(w1)), List.of(Vector.of(b1))), new Batch(inputs, targets), MSE_MEAN,
                new DeepGradient(Layout.NUMERATOR, List.of(Matrix.fromRows(gw)), List.of(Matrix.fromRows(gb))),
                null, 0);
    }

    /**
     * Depth 1, d = 2, n = 4, softmax cross-entropy, with every logit W1 x + b1 = 0.25 exactly: p = softmax(ŷ) =
     * (¼, ¼, ¼, ¼) exactly (e⁰ = 1, Σ = 4). ∂ℓ/∂ŷ = p Σy − y with Σy = 1, so for y = (⅝, ⅛, ¼, 0)
     * ∂ℓ/∂ŷ = (−⅜, ⅛, 0, ¼); ∂ℓ/∂W1 = x (∂ℓ/∂ŷ) (numerator layout), ∂ℓ/∂b1 = ∂ℓ/∂ŷ. Exact.
     */
    private static HandCase depthOneCrossEntropyEqualLogits() {
        double[][] w1 = {{0.5, -0.5}, {-0.25, 1.0}, {0.0, 0.0}, {1.0, 0.5}};
        double[] b1 = {0.0, 0.0, 0.25, -1.0};
        double[] x = {1.0, 0.5};
        double[] y = {0.625, 0.125, 0.25, 0.0};
        double[] g = new double[4];
        for (int i = 0; i < 4; i++) {
            double logit = w1[i][0] * x[0] + w1[i][1] * x[1] + b1[i];
            assertEquals(0.25, logit, 0.0, "the logits are planted equal");
            g[i] = 0.25 * 1.0 - y[i]; // p_i Σ_j y_j − y_i with p_i = ¼, Σ y = 1
        }
        return new HandCase("depth 1, cross-entropy, equal logits",
                network(List.of(Matrix.fromRows(w1)), List.of(Vector.of(b1))),
                Batch.single(Vector.of(x), Vector.of(y)), CROSS_ENTROPY,
                new DeepGradient(Layout.NUMERATOR, List.of(Matrix.fromFunction(2, 4, (j, i) -> x[j] * g[i])),
                        List.of(Matrix.fromFunction(1, 4, (zero, i) -> g[i]))),
                null, 0);
    }

    /**
     * Depth 1, d = 2, n = 3, softmax cross-entropy with unequal logits ŷ = (0.5, −1, −0.5) (exact: short binary
     * fractions) and the soft target y = (¼, ¾, 0): p_i = e^{ŷ_i − m} / Σ_j e^{ŷ_j − m} (m = max ŷ), ∂ℓ/∂ŷ_i =
     * p_i − y_i (Σy = 1), ∂ℓ/∂W1 = x (p − y)ᵀ, ∂ℓ/∂b1 = (p − y)ᵀ. Gauge: p_i carries the rounding of three
     * exponentials, a sum of n positive terms and a division, all relative to p_i; the subtraction adds |y_i|;
     * so |p_i| + |y_i| (times |x_j| for W1). K: the sum of the n exponentials and the logits' d + 1 terms.
     */
    private static HandCase depthOneCrossEntropyUnequalLogits() {
        double[][] w1 = {{0.5, 1.0}, {-1.0, 0.5}, {0.25, 0.0}};
        double[] b1 = {0.5, 0.25, -0.75};
        double[] x = {1.0, -0.5};
        double[] y = {0.25, 0.75, 0.0};
        double[] logit = new double[3];
        for (int i = 0; i < 3; i++) {
            logit[i] = w1[i][0] * x[0] + w1[i][1] * x[1] + b1[i]; // (0.5, −1, −0.5), exact
        }
        double m = 0.5;
        double sum = Math.exp(logit[0] - m) + Math.exp(logit[1] - m) + Math.exp(logit[2] - m);
        double[] g = new double[3];
        double[] gauge = new double[3];
        for (int i = 0; i < 3; i++) {
            double p = Math.exp(logit[i] - m) / sum;
            g[i] = p - y[i];                         // ∂ℓ/∂ŷ_i = p_i Σy − y_i
            gauge[i] = Math.abs(p) + Math.abs(y[i]);
        }
        return new HandCase("depth 1, cross-entropy, unequal logits",
                network(List.of(Matrix.fromRows(w1)), List.of(Vector.of(b1))),
                Batch.single(Vector.of(x), Vector.of(y)), CROSS_ENTROPY,
                new DeepGradient(Layout.NUMERATOR, List.of(Matrix.fromFunction(2, 3, (j, i) -> x[j] * g[i])),
                        List.of(Matrix.fromFunction(1, 3, (zero, i) -> g[i]))),
                new DeepGradient(Layout.NUMERATOR,
                        List.of(Matrix.fromFunction(2, 3, (j, i) -> Math.abs(x[j]) * gauge[i])),
                        List.of(Matrix.fromFunction(1, 3, (zero, i) -> gauge[i]))),
                Tolerances.accumulation(3 + 3));
    }

    /**
     * Depth 2, scalar, tanh: z = a·x + b, s = tanh z, u = c·s + e − y, ℓ = ½u². Chain rule:
     * ∂ℓ/∂e = u, ∂ℓ/∂c = u·s, ∂ℓ/∂b = u·c·(1 − tanh²z), ∂ℓ/∂a = u·c·(1 − tanh²z)·x.
     * Gauges (as in {@link OracleSelfTest}): each closed form on magnitudes; zG = |a||x| + |b|, tanh carries z's
     * rounding by tanh': sG = |s| + |tanh'z|·zG; 1 − s² gives 1 + sG²; uG = |c|·sG + |e| + |y|. K: the sums z
     * (2 terms) and u (3 terms), one feeding the other.
     */
    private static HandCase depthTwoTanh() {
        double a = 0.3;
        double b = 0.1;
        double c = -1.2;
        double e = 0.4;
        double x = 0.7;
        double y = 0.2;
        double z = a * x + b;
        double s = Math.tanh(z);
        double slope = 1.0 - s * s;
        double u = c * s + e - y;
        double zG = Math.abs(a) * Math.abs(x) + Math.abs(b);
        double sG = Math.abs(s) + Math.abs(slope) * zG;
        double slopeG = 1.0 + sG * sG;
        double uG = Math.abs(c) * sG + Math.abs(e) + Math.abs(y);
        return new HandCase("depth 2, scalar tanh", scalar(new double[] {a, c}, new double[] {b, e}, Activation.TANH),
                single(x, y), HALF_SUM,
                scalarGradient(u * c * slope * x, u * c * slope, u * s, u),
                scalarGradient(uG * Math.abs(c) * slopeG * Math.abs(x), uG * Math.abs(c) * slopeG, uG * sG, uG),
                Tolerances.accumulation(2 + 3));
    }

    /**
     * Depth 3, scalar, tanh then sigmoid (each hidden layer its own σ): z1 = w1·x + b1, s1 = tanh z1,
     * z2 = w2·s1 + b2, s2 = σ(z2) = 1/(1 + e^{−z2}), u = w3·s2 + b3 − y, ℓ = ½u². Chain rule:
     * δ3 = u; δ2 = u·w3·σ(z2)(1 − σ(z2)); δ1 = δ2·w2·(1 − tanh²z1); ∂ℓ/∂w3 = u·s2, ∂ℓ/∂w2 = δ2·s1,
     * ∂ℓ/∂w1 = δ1·x, ∂ℓ/∂b_k = δ_k. Gauges as in {@link #depthTwoTanh}, layer by layer; σ(1 − σ) gives
     * s2G(1 + s2G). K: the sums z1 (2), z2 (2) and u (3), each feeding the next.
     */
    private static HandCase depthThreeTanhSigmoid() {
        double w1 = 0.6;
        double b1 = -0.2;
        double w2 = 1.3;
        double b2 = 0.1;
        double w3 = -0.7;
        double b3 = 0.4;
        double x = 0.9;
        double y = -0.3;
        double z1 = w1 * x + b1;
        double s1 = Math.tanh(z1);
        double t1 = 1.0 - s1 * s1;                    // tanh'(z1)
        double z2 = w2 * s1 + b2;
        double s2 = 1.0 / (1.0 + Math.exp(-z2));
        double t2 = s2 * (1.0 - s2);                  // σ'(z2)
        double u = w3 * s2 + b3 - y;
        double d2 = u * w3 * t2;
        double d1 = d2 * w2 * t1;
        double z1G = Math.abs(w1) * Math.abs(x) + Math.abs(b1);
        double s1G = Math.abs(s1) + Math.abs(t1) * z1G;
        double t1G = 1.0 + s1G * s1G;
        double z2G = Math.abs(w2) * s1G + Math.abs(b2);
        double s2G = Math.abs(s2) + Math.abs(t2) * z2G;
        double t2G = s2G * (1.0 + s2G);
        double uG = Math.abs(w3) * s2G + Math.abs(b3) + Math.abs(y);
        double d2G = uG * Math.abs(w3) * t2G;
        double d1G = d2G * Math.abs(w2) * t1G;
        return new HandCase("depth 3, scalar tanh then sigmoid",
                scalar(new double[] {w1, w2, w3}, new double[] {b1, b2, b3}, Activation.TANH, Activation.SIGMOID),
                single(x, y), HALF_SUM,
                scalarGradient(d1 * x, d1, d2 * s1, d2, u * s2, u),
                scalarGradient(d1G * Math.abs(x), d1G, d2G * s1G, d2G, uG * s2G, uG),
                Tolerances.accumulation(2 + 2 + 3));
    }

    private static List<HandCase> handCases() {
        return List.of(depthOneHalfSquaredError(), depthOneMeanSquaredErrorMean(), depthOneCrossEntropyEqualLogits(),
                depthOneCrossEntropyUnequalLogits(), depthTwoTanh(), depthThreeTanhSigmoid());
    }

    // ---------------------------------------------------------------------------------------------------------
    // 1. Forward-mode AD against closed forms
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void forwardModeDepthOneHalfSquaredErrorIsXRTransposed() {
        HandCase c = depthOneHalfSquaredError();
        DeepGradient ad = DeepForwardModeAd.gradient(c.network(), c.batch(), c.objective());
        assertEquals("2×3", ad.weight(1).shape()); // d×n, numerator layout
        assertEquals("1×3", ad.bias(1).shape());   // 1×n
        assertAll(
                () -> assertEquals(0.75, ad.weight(1).get(0, 0), 0.0),  // x_0 r_0 = 1.5·0.5
                () -> assertEquals(-1.5, ad.weight(1).get(0, 1), 0.0),  // x_0 r_1 = 1.5·(−1)
                () -> assertEquals(0.25, ad.weight(1).get(1, 2), 0.0),  // x_1 r_2 = (−0.5)(−0.5)
                () -> assertEquals(-1.0, ad.bias(1).get(0, 1), 0.0));   // r_1
        assertExact(c.closedForm(), ad);
    }

    @Test
    void forwardModeMeanSquaredErrorWithMeanReduction() {
        HandCase c = depthOneMeanSquaredErrorMean();
        DeepGradient ad = DeepForwardModeAd.gradient(c.network(), c.batch(), c.objective());
        // b1[0], written out: r_00 = 0.5·1 − 0.25·0.5 + 0.25 − 0.5 = 0.125 (sample 0, output 0),
        // r_10 = 0.5·(−0.5) − 0.25·2 + 0.25 − 1 = −1.5 (sample 1), ∂ℓ/∂b1_0 = ¼ (0.125 − 1.5) = −0.34375
        assertEquals(-0.34375, ad.bias(1).get(0, 0), 0.0);
        assertExact(c.closedForm(), ad);
        // the same network and batch under SUM (w = 1) doubles every entry: (2/n)·1 against (2/n)·(1/2)
        DeepGradient sum = DeepForwardModeAd.gradient(c.network(), c.batch(),
                new Objective(Loss.MEAN_SQUARED_ERROR, Reduction.SUM));
        assertExact(scaled(c.closedForm(), 2.0), sum);
    }

    @Test
    void forwardModeCrossEntropyIsPSumYMinusY() {
        HandCase exact = depthOneCrossEntropyEqualLogits();
        DeepGradient ad = DeepForwardModeAd.gradient(exact.network(), exact.batch(), exact.objective());
        assertAll(
                () -> assertEquals(-0.375, ad.bias(1).get(0, 0), 0.0),   // ¼ − ⅝
                () -> assertEquals(0.125, ad.bias(1).get(0, 1), 0.0),    // ¼ − ⅛
                () -> assertEquals(0.0, ad.bias(1).get(0, 2), 0.0),      // ¼ − ¼
                () -> assertEquals(0.25, ad.bias(1).get(0, 3), 0.0),     // ¼ − 0
                () -> assertEquals(0.0625, ad.weight(1).get(1, 1), 0.0)); // x_1 (¼ − ⅛) = 0.5·0.125
        assertExact(exact.closedForm(), ad);
        assertForwardModeMatches(depthOneCrossEntropyUnequalLogits());
    }

    @Test
    void forwardModeScalarChainRule() {
        assertForwardModeMatches(depthTwoTanh());
        assertForwardModeMatches(depthThreeTanhSigmoid());
    }

    /**
     * ReLU at z = a·x + b = 1·0.5 − 0.5 = 0 exactly; c = 2, e = 0.5, y = −0.25, so relu(0) = 0 and u = e − y =
     * 0.75. With σ'(0) forced to 0: ∂ℓ/∂a = u·c·0·x = 0, ∂ℓ/∂b = 0, ∂ℓ/∂c = u·relu(0) = 0, ∂ℓ/∂e = u = 0.75.
     * Forced to 1: ∂ℓ/∂a = u·c·x = 0.75, ∂ℓ/∂b = u·c = 1.5, ∂ℓ/∂c = 0, ∂ℓ/∂e = 0.75. Unforced, forward mode
     * takes the spec's σ'(0) = 0. All short binary fractions: exact.
     */
    @Test
    void forcedSlopesGiveTheOneSidedGradientsAtAKink() {
        DeepNetwork net = scalar(new double[] {1.0, 2.0}, new double[] {-0.5, 0.5}, Activation.RELU);
        Batch batch = single(0.5, -0.25);
        double u = 0.75;
        DeepGradient left = scalarGradient(0.0, 0.0, 0.0, u);
        DeepGradient right = scalarGradient(u * 2.0 * 0.5, u * 2.0, 0.0, u);
        assertExact(left, DeepForwardModeAd.gradient(net, batch, HALF_SUM, slopes(0.0)));
        assertExact(right, DeepForwardModeAd.gradient(net, batch, HALF_SUM, slopes(1.0)));
        assertExact(left, DeepForwardModeAd.gradient(net, batch, HALF_SUM));
        assertExact(left, DeepForwardModeAd.gradient(net, batch, HALF_SUM, slopes(Double.NaN))); // NaN: not forced
    }

    /** slopes[b][k][i] for one sample and one hidden unit of layer 1. */
    private static double[][][] slopes(double slope) {
        return new double[][][] {{new double[0], {slope}}};
    }

    // ---------------------------------------------------------------------------------------------------------
    // 2. DeepParameters
    // ---------------------------------------------------------------------------------------------------------

    /**
     * d = 2 →3 relu →2 tanh →2. θ = W1 (3×2, coordinates 0–5, (i, j) at 2i + j), b1 (6–8), W2 (2×3, 9–14),
     * b2 (15–16), W3 (2×2, 17–20), b3 (21–22): 3·3 + 2·4 + 2·3 = 23 parameters. Entry values encode their
     * place: (W_k)_ij = 100k + 10i + j, (b_k)_i = 100k + 50 + i.
     */
    private static DeepNetwork layoutNetwork() {
        int[] widths = {2, 3, 2, 2};
        List<Matrix> w = new ArrayList<>();
        List<Vector> b = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            int layer = k;
            w.add(Matrix.fromFunction(widths[k], widths[k - 1], (i, j) -> 100 * layer + 10 * i + j));
            b.add(Vector.fromFunction(widths[k], i -> 100 * layer + 50 + i));
        }
        return network(w, b, Activation.RELU, Activation.TANH);
    }

    @Test
    void parameterLayoutFlattensInTheDocumentedOrder() {
        DeepNetwork net = layoutNetwork();
        DeepParameters layout = DeepParameters.of(net);
        assertEquals(23, layout.count());
        double[] theta = layout.flatten(net);
        assertAll(
                () -> assertEquals(100, theta[0], 0.0),   // W1[0,0]
                () -> assertEquals(111, theta[3], 0.0),   // W1[1,1] at 2·1 + 1
                () -> assertEquals(151, theta[7], 0.0),   // b1[1] at 6 + 1
                () -> assertEquals(212, theta[14], 0.0),  // W2[1,2] at 9 + 3·1 + 2
                () -> assertEquals(310, theta[19], 0.0),  // W3[1,0] at 17 + 2·1 + 0
                () -> assertEquals(351, theta[22], 0.0)); // b3[1] at 21 + 1
        assertAll(
                () -> assertEquals("W1[0,0]", layout.describe(0)),
                () -> assertEquals("W1[1,1]", layout.describe(3)),
                () -> assertEquals("b1[0]", layout.describe(6)),
                () -> assertEquals("b1[1]", layout.describe(7)),
                () -> assertEquals("b2[1]", layout.describe(16)),
                () -> assertEquals("W3[0,0]", layout.describe(17)),
                () -> assertEquals("W3[1,0]", layout.describe(19)),
                () -> assertEquals("b3[1]", layout.describe(22)));
        assertAll(
                () -> assertEquals(DeepParameter.weight(1), layout.parameterOf(3)),
                () -> assertEquals(DeepParameter.weight(1), layout.parameterOf(5)),  // last of W1
                () -> assertEquals(DeepParameter.bias(1), layout.parameterOf(6)),    // first of b1
                () -> assertEquals(DeepParameter.bias(1), layout.parameterOf(7)),
                () -> assertEquals(DeepParameter.weight(3), layout.parameterOf(19)),
                () -> assertEquals(DeepParameter.bias(3), layout.parameterOf(22)));
    }

    /**
     * toGradient puts coordinate p of (W_k)_ij at (j, i) of the numerator-layout ∂ℓ/∂W_k, and flatten reads
     * either layout back. g_p = p + 0.5 so every coordinate is told apart.
     */
    @Test
    void parameterLayoutRoundTripsInBothLayouts() {
        DeepNetwork net = layoutNetwork();
        DeepParameters layout = DeepParameters.of(net);
        double[] g = new double[23];
        for (int p = 0; p < g.length; p++) {
            g[p] = p + 0.5;
        }
        DeepGradient numerator = layout.toGradient(g);
        assertEquals(Layout.NUMERATOR, numerator.layout());
        assertAll(
                () -> assertEquals("2×3", numerator.weight(1).shape()),  // n0×n1
                () -> assertEquals("1×3", numerator.bias(1).shape()),
                () -> assertEquals("3×2", numerator.weight(2).shape()),  // n1×n2
                () -> assertEquals(5.5, numerator.weight(1).get(1, 2), 0.0),   // W1[2,1] at 2·2 + 1 = 5
                () -> assertEquals(7.5, numerator.bias(1).get(0, 1), 0.0),     // b1[1] at 7
                () -> assertEquals(14.5, numerator.weight(2).get(2, 1), 0.0),  // W2[1,2] at 14
                () -> assertEquals(19.5, numerator.weight(3).get(0, 1), 0.0),  // W3[1,0] at 19
                () -> assertEquals(22.5, numerator.bias(3).get(0, 1), 0.0));   // b3[1] at 22
        assertArrayEquals(g, layout.flatten(numerator), 0.0);
        DeepGradient denominator = numerator.in(Layout.DENOMINATOR);
        assertEquals(19.5, denominator.weight(3).get(1, 0), 0.0); // W3[1,0] in W3's own shape
        assertArrayEquals(g, layout.flatten(denominator), 0.0);
        // A denominator-layout gradient holding the network's own matrices flattens to θ itself, entry by entry
        // in the order of parameterLayoutFlattensInTheDocumentedOrder.
        List<Matrix> w = new ArrayList<>();
        List<Matrix> b = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            w.add(net.weight(k));
            b.add(net.bias(k).asColumn());
        }
        double[] fromDenominator = layout.flatten(new DeepGradient(Layout.DENOMINATOR, w, b));
        assertAll(
                () -> assertEquals(111, fromDenominator[3], 0.0),
                () -> assertEquals(151, fromDenominator[7], 0.0),
                () -> assertEquals(310, fromDenominator[19], 0.0),
                () -> assertEquals(351, fromDenominator[22], 0.0));
    }

    // ---------------------------------------------------------------------------------------------------------
    // 3. Finite differences on smooth cases
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Each hand case is smooth at its point: the finite differences accept its closed form within their own bound,
     * reject it doubled, and reject it with ∂ℓ/∂W1 at (0, 0) moved by 1e-3 relative, naming that coordinate.
     */
    @Test
    void finiteDifferencesAcceptTheClosedFormAndRejectWrongOnes() {
        for (HandCase c : handCases()) {
            DeepGauges gauges = DeepGauges.of(c.network(), c.batch(), c.objective());
            DeepFiniteDifferences fd = DeepFiniteDifferences.of(c.network(), c.batch(), c.objective(), gauges);
            assertEquals(0, fd.crossings() + fd.onKink(), c.name() + ": no kink anywhere");
            Discrepancy right = fd.judge(c.name(), c.closedForm(), gauges);
            assertAccepted(right);

            Discrepancy doubled = fd.judge(c.name() + " doubled", scaled(c.closedForm(), 2.0), gauges);
            assertRejected(doubled);

            double entry = c.closedForm().weight(1).get(0, 0);
            assertTrue(entry != 0.0, c.name() + ": the entry to perturb is not 0");
            Discrepancy nudged = fd.judge(c.name() + " nudged",
                    with(c.closedForm(), DeepParameter.weight(1), 0, 0, entry * (1 + 1e-3)), gauges);
            assertRejected(nudged);
            assertTrue(nudged.detail().startsWith("W1[0,0]"), nudged::describe);
            assertTrue(nudged.detail().endsWith("failing: W1 (layer 1 weights)"), nudged::describe);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // 4. Finite differences at and near kinks
    // ---------------------------------------------------------------------------------------------------------

    /**
     * ReLU at z = a·x + b = 1·1e-5 + 0 = 1e-5 (exact), c = 2, e = 0.5, y = 0: along b the kink is 1e-5 away,
     * inside the first stencil (which reaches 2⁻¹² ≈ 2.4e-4); along a it is 1e-5/x = 1 away, outside. The unit is
     * held on its piece z &gt; 0, so b1's stencil reaches past the kink (one crossing) and still gives the
     * derivative on z &gt; 0: u = c·z + e, ∂ℓ/∂b = u·c (σ' = 1), not the other side's 0, nor the chord a stencil
     * of ℓ itself would take across the kink.
     */
    @Test
    void kinkInsideTheStencilIsDifferencedOnThePointsPiece() {
        double a = 1.0;
        double b = 0.0;
        double c = 2.0;
        double e = 0.5;
        double x = 1e-5;
        DeepNetwork net = scalar(new double[] {a, c}, new double[] {b, e}, Activation.RELU);
        Batch batch = single(x, 0.0);
        double z = a * x + b;
        double u = c * z + e;
        // z > 0: ∂ℓ/∂a = u·c·1·x, ∂ℓ/∂b = u·c·1, ∂ℓ/∂c = u·relu(z) = u·z, ∂ℓ/∂e = u
        DeepGradient right = scalarGradient(u * c * x, u * c, u * z, u);
        DeepGauges gauges = DeepGauges.of(net, batch, HALF_SUM);
        DeepFiniteDifferences fd = DeepFiniteDifferences.of(net, batch, HALF_SUM, gauges);
        assertEquals(1, fd.crossings(), "b1[0] only");
        assertEquals(0, fd.onKink());
        assertEquals(0, gauges.roundingKinks(), "1e-5 is far above rounding");
        assertAccepted(fd.judge("z > 0 side", right, gauges));

        // the slope below the kink, σ' = 0: ∂ℓ/∂a = ∂ℓ/∂b = 0
        Discrepancy left = fd.judge("z < 0 side", with(with(right, DeepParameter.bias(1), 0, 0, 0.0),
                DeepParameter.weight(1), 0, 0, 0.0), gauges);
        assertRejected(left);
        // the 5-point quotient of ℓ(b) = ½(c·relu(a·x + b) + e)² itself at step 2⁻¹³ reaches b − 2⁻¹², across
        // the kink: its chord is not the derivative
        double chord = fivePoint(t -> {
            double v = c * Math.max(a * x + t, 0.0) + e;
            return 0.5 * v * v;
        }, b, Tolerances.finiteDifferenceStep(b) / 2);
        Discrepancy across = fd.judge("chord", with(right, DeepParameter.bias(1), 0, 0, chord), gauges);
        assertRejected(across);
        assertTrue(across.detail().startsWith("b1[0]"), across::describe);
    }

    /**
     * ReLU at z = a·x + b = 1·0.5 − 0.5 = 0 exactly, c = 2, e = 0.5, y = 0, u = e = 0.5: the point sits on the kink,
     * and either slope is right. σ' = 0: (∂a, ∂b, ∂c, ∂e) = (0, 0, u·relu(0) = 0, u); σ' = 1: (u·c·x, u·c, 0, u) =
     * (0.5, 1, 0, 0.5). Both pass; a value between them (σ'(0) = ½) does not, nor one side for a and the other for
     * b — the slope is one choice per point, for every parameter — nor a value 1e-2 relative beyond either.
     */
    @Test
    void exactlyOnAKinkEitherSideIsRightButOnlyOneSidePerPoint() {
        double u = 0.5;
        double c = 2.0;
        double x = 0.5;
        DeepNetwork net = scalar(new double[] {1.0, c}, new double[] {-0.5, 0.5}, Activation.RELU);
        Batch batch = single(x, 0.0);
        DeepGradient left = scalarGradient(0.0, 0.0, 0.0, u);
        DeepGradient right = scalarGradient(u * c * x, u * c, 0.0, u);
        DeepGauges gauges = DeepGauges.of(net, batch, HALF_SUM);
        DeepFiniteDifferences fd = DeepFiniteDifferences.of(net, batch, HALF_SUM, gauges);
        assertEquals(1, fd.onKink(), "the one unit, sample 0");
        assertEquals(2, fd.crossings(), "W1[0,0] and b1[0] reach the other side");
        assertAccepted(fd.judge("σ'(0) = 0", left, gauges));
        assertAccepted(fd.judge("σ'(0) = 1", right, gauges));
        assertRejected(fd.judge("σ'(0) = ½", scalarGradient(u * c * x / 2, u * c / 2, 0.0, u), gauges));
        assertRejected(fd.judge("σ' = 1 for W1, 0 for b1", with(right, DeepParameter.bias(1), 0, 0, 0.0), gauges));

        Discrepancy above = fd.judge("above", with(right, DeepParameter.bias(1), 0, 0, u * c * (1 + 1e-2)), gauges);
        assertRejected(above);
        assertTrue(above.detail().startsWith("b1[0]"), above::describe);
        assertRejected(fd.judge("below", with(left, DeepParameter.bias(1), 0, 0, -1e-2 * u * c), gauges));
        // ∂ℓ/∂e = u does not depend on the side
        assertRejected(fd.judge("b2", with(left, DeepParameter.bias(2), 0, 0, u * (1 + 1e-3)), gauges));
    }

    /**
     * Two ReLU units of layer 2 exactly at 0, moving in opposite directions along layer 1's coordinates.
     * d = 1 →1 identity →2 relu →1: s1 = w1·x + b1 = 1·0.5 + 0 = 0.5; z2 = W2 s1 + b2 with W2 = (1, −1)ᵀ,
     * b2 = (−0.5, 0.5): z2 = (0, 0) exactly; ŷ = W3 s2 + b3 with W3 = (1, −1), b3 = 0.75, y = 0.25.
     * Moving b1 by δ gives z2 = (δ, −δ): along b1, ŷ = relu(δ) − relu(−δ) + 0.75 = δ + 0.75 has derivative u = 0.5
     * on both sides, so the one-sided derivatives of ℓ alone would reject the convention's 0. Each unit held on a
     * piece of its own, the four choices are each a gradient a correct implementation may return.
     *
     * <p>Convention σ'(0) = 0 for both units: s2 = (0, 0), u = b3 − y = 0.5; ∂ℓ/∂b3 = u = 0.5, ∂ℓ/∂W3 = u·s2ᵀ = 0;
     * δ2 = u·W3ᵀ ⊙ σ'(z2) = 0, so ∂ℓ/∂W2 = ∂ℓ/∂b2 = 0; δ1 = W2ᵀ δ2 = 0, so ∂ℓ/∂w1 = ∂ℓ/∂b1 = 0.
     * With σ' = 1 for both: δ2 = u·(1, −1), δ1 = u·(1·1 + (−1)(−1)) = 1, ∂ℓ/∂w1 = δ1·x = 0.5,
     * ∂ℓ/∂W2 = δ2·s1 = (0.25, −0.25), ∂ℓ/∂b2 = (0.5, −0.5), ∂ℓ/∂W3 = 0 (s2 = 0), ∂ℓ/∂b3 = 0.5.
     * With σ' = 1 for the first unit only: δ2 = (0.5, 0), δ1 = 0.5, ∂ℓ/∂w1 = 0.25, ∂ℓ/∂b1 = 0.5,
     * ∂ℓ/∂W2 = (0.25, 0), ∂ℓ/∂b2 = (0.5, 0).
     */
    @Test
    void kinksMeetingAtThePointAreEnumeratedJointly() {
        DeepNetwork net = network(
                List.of(Matrix.of(1, 1, 1.0), Matrix.of(2, 1, 1.0, -1.0), Matrix.of(1, 2, 1.0, -1.0)),
                List.of(Vector.of(0.0), Vector.of(-0.5, 0.5), Vector.of(0.75)),
                Activation.IDENTITY, Activation.RELU);
        Batch batch = single(0.5, 0.25);
        double u = 0.5;
        DeepGradient convention = new DeepGradient(Layout.NUMERATOR,
                List.of(Matrix.of(1, 1, 0.0), Matrix.of(1, 2, 0.0, 0.0), Matrix.of(2, 1, 0.0, 0.0)),
                List.of(Matrix.of(1, 1, 0.0), Matrix.of(1, 2, 0.0, 0.0), Matrix.of(1, 1, u)));
        DeepGradient bothActive = new DeepGradient(Layout.NUMERATOR,
                List.of(Matrix.of(1, 1, 0.5), Matrix.of(1, 2, 0.25, -0.25), Matrix.of(2, 1, 0.0, 0.0)),
                List.of(Matrix.of(1, 1, 1.0), Matrix.of(1, 2, 0.5, -0.5), Matrix.of(1, 1, u)));
        DeepGradient firstActive = new DeepGradient(Layout.NUMERATOR,
                List.of(Matrix.of(1, 1, 0.25), Matrix.of(1, 2, 0.25, 0.0), Matrix.of(2, 1, 0.0, 0.0)),
                List.of(Matrix.of(1, 1, 0.5), Matrix.of(1, 2, 0.5, 0.0), Matrix.of(1, 1, u)));
        DeepGauges gauges = DeepGauges.of(net, batch, HALF_SUM);
        DeepFiniteDifferences fd = DeepFiniteDifferences.of(net, batch, HALF_SUM, gauges);
        assertEquals(2, fd.onKink(), "both units of layer 2");
        assertAccepted(fd.judge("σ'(0) = 0 for both", convention, gauges));
        assertAccepted(fd.judge("σ' = 1 for both", bothActive, gauges));
        assertAccepted(fd.judge("σ' = 1 for the first only", firstActive, gauges));

        // the choice is one per point for every parameter: the first unit active for W2 but not for b1 is no
        // gradient at all
        assertRejected(fd.judge("mixed", with(firstActive, DeepParameter.bias(1), 0, 0, 0.0), gauges));
        assertRejected(fd.judge("b3 doubled", with(convention, DeepParameter.bias(3), 0, 0, 2 * u), gauges));

        // forward mode: σ'(0) = 0 unforced, and σ' = 1 forced on both units; all short binary fractions, exact
        assertExact(convention, DeepForwardModeAd.gradient(net, batch, HALF_SUM));
        double[][][] ones = {{new double[0], new double[] {Double.NaN}, new double[] {1.0, 1.0}}};
        assertExact(bothActive, DeepForwardModeAd.gradient(net, batch, HALF_SUM, ones));
    }

    /**
     * A steep but smooth tanh unit: z = a·x + b = 1000·4 − 3998 = 2 (exact), c = 0.5, e = 0.25, y = 0. Along a
     * the step is relative, h = 2⁻¹²·1000 ≈ 0.244, and z moves by 4 per unit of a, so the first stencil spans
     * z ∈ [2 − 1.95, 2 + 1.95]: tanh turns within it. Closed form: u = c·tanh z + e,
     * ∂ℓ/∂a = u·c·(1 − tanh²z)·x, ∂ℓ/∂b = u·c·(1 − tanh²z), ∂ℓ/∂c = u·tanh z, ∂ℓ/∂e = u.
     */
    private static HandCase steepTanh() {
        double a = 1000.0;
        double b = -3998.0;
        double c = 0.5;
        double e = 0.25;
        double x = 4.0;
        double z = a * x + b;
        assertEquals(2.0, z, 0.0);
        double t = Math.tanh(z);
        double u = c * t + e;
        double slope = 1.0 - t * t;
        return new HandCase("steep tanh", scalar(new double[] {a, c}, new double[] {b, e}, Activation.TANH),
                single(x, 0.0), HALF_SUM, scalarGradient(u * c * slope * x, u * c * slope, u * t, u), null, 0);
    }

    /**
     * {@link #steepTanh}: the differences match the closed form, while the 5-point quotient at the first step h,
     * (ℓ(a − 2h) − 8ℓ(a − h) + 8ℓ(a + h) − ℓ(a + 2h)) / 12h of ℓ(a) = ½(c·tanh(a·x + b) + e)² written out here,
     * is a chord across the turn that the judgement rejects: the step really had to be validated and shrunk.
     */
    @Test
    void steepSmoothTanhIsDifferencedAtAValidatedStep() {
        HandCase steep = steepTanh();
        DeepGauges gauges = DeepGauges.of(steep.network(), steep.batch(), steep.objective());
        DeepFiniteDifferences fd = DeepFiniteDifferences.of(steep.network(), steep.batch(), steep.objective(), gauges);
        assertEquals(0, fd.crossings() + fd.onKink(), "tanh has no kink");
        assertAccepted(fd.judge("closed form", steep.closedForm(), gauges));

        double chord = fivePoint(v -> {
            double r = 0.5 * Math.tanh(v * 4.0 - 3998.0) + 0.25;
            return 0.5 * r * r;
        }, 1000.0, Tolerances.finiteDifferenceStep(1000.0));
        Discrepancy first = fd.judge("first-step chord", with(steep.closedForm(), DeepParameter.weight(1), 0, 0, chord),
                gauges);
        assertRejected(first);
        assertTrue(first.detail().startsWith("W1[0,0]"), first::describe);
        assertRejected(fd.judge("doubled", scaled(steep.closedForm(), 2.0), gauges));
    }

    /** {@link #steepTanh}: a value of ∂ℓ/∂a or ∂ℓ/∂b wrong by 1e-2 relative, either way, is rejected. */
    @Test
    void steepSmoothTanhRejectsAOnePercentError() {
        HandCase steep = steepTanh();
        DeepGauges gauges = DeepGauges.of(steep.network(), steep.batch(), steep.objective());
        DeepFiniteDifferences fd = DeepFiniteDifferences.of(steep.network(), steep.batch(), steep.objective(), gauges);
        for (DeepParameter p : new DeepParameter[] {DeepParameter.weight(1), DeepParameter.bias(1)}) {
            double right = steep.closedForm().get(p).get(0, 0);
            for (double factor : new double[] {1 + 1e-2, 1 - 1e-2}) {
                Discrepancy off = fd.judge("1e-2 off", with(steep.closedForm(), p, 0, 0, right * factor), gauges);
                assertRejected(off);
                assertTrue(off.detail().startsWith(p.seedName() + "[0"), off::describe);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // 5. Gauges: rounding-level kinks, their groups, the underflow term
    // ---------------------------------------------------------------------------------------------------------

    /**
     * d = 1 →1 tanh →2 σ₂ →1, x = 0.5: z1 = 1·0.5 − 0.5 = 0 exactly (a tanh zero: no kink); tanh 0 = 0, so
     * z2 = (1·0 + 0, 1·0 + 0.75) = (0, 0.75): unit 0 of layer 2 is exactly 0 with a nonzero magnitude
     * |W2||s1|-gauge (tanh carries z1's gauge 1 by tanh'(0) = 1), a rounding kink when σ₂ is ReLU, none when it is
     * tanh.
     */
    @Test
    void roundingKinksCountReluZerosOnly() {
        Batch batch = single(0.5, 0.0);
        for (Activation second : new Activation[] {Activation.RELU, Activation.TANH}) {
            DeepNetwork net = network(
                    List.of(Matrix.of(1, 1, 1.0), Matrix.of(2, 1, 1.0, 1.0), Matrix.of(1, 2, 1.0, 1.0)),
                    List.of(Vector.of(-0.5), Vector.of(0.0, 0.75), Vector.of(0.0)),
                    Activation.TANH, second);
            DeepGauges gauges = DeepGauges.of(net, batch, HALF_SUM);
            if (second == Activation.RELU) {
                assertEquals(1, gauges.roundingKinks(), "layer 2 unit 0");
                List<List<int[]>> groups = gauges.kinkGroups();
                assertEquals(1, groups.size());
                assertArrayEquals(new int[] {0, 2, 0}, groups.get(0).get(0)); // {sample, layer, unit}
            } else {
                assertEquals(0, gauges.roundingKinks(), "tanh has no kink");
                assertEquals(0, gauges.kinkGroups().size());
            }
        }
        // the same planted zero on layer 1 of a ReLU network is a kink: z1 = 0 with gauge |1|·|0.5| + |−0.5| = 1
        DeepNetwork relu = scalar(new double[] {1.0, 1.0}, new double[] {-0.5, 0.0}, Activation.RELU);
        assertEquals(1, DeepGauges.of(relu, batch, HALF_SUM).roundingKinks());
        DeepNetwork tanh = scalar(new double[] {1.0, 1.0}, new double[] {-0.5, 0.0}, Activation.TANH);
        assertEquals(0, DeepGauges.of(tanh, batch, HALF_SUM).roundingKinks());
    }

    /**
     * d = 1 →2 relu →1, B = 3, x = (0.5, −1, 2). Unit 0 has W1 row 0 and bias 0: every term of its z is exactly
     * 0 in every sample, one convention for all, so its 3 points form one group. Unit 1 has w = 1, b = −0.5:
     * z = 0 (gauge 1) in sample 0 only, its own group; z = −1.5 and 1.5 in the others are no kinks.
     */
    @Test
    void exactZeroUnitIsOneGroupAcrossSamples() {
        DeepNetwork net = network(List.of(Matrix.of(2, 1, 0.0, 1.0), Matrix.of(1, 2, 1.0, 1.0)),
                List.of(Vector.of(0.0, -0.5), Vector.of(0.0)), Activation.RELU);
        Batch batch = new Batch(Matrix.of(1, 3, 0.5, -1.0, 2.0), Matrix.of(1, 3, 0.0, 0.0, 0.0));
        DeepGauges gauges = DeepGauges.of(net, batch, HALF_SUM);
        assertEquals(4, gauges.roundingKinks(), "unit 0 in samples 0, 1, 2 and unit 1 in sample 0");
        List<List<int[]>> groups = gauges.kinkGroups();
        assertEquals(2, groups.size());
        List<int[]> exactZero = groups.stream().filter(gr -> gr.size() == 3).findFirst().orElseThrow();
        for (int b = 0; b < 3; b++) {
            assertArrayEquals(new int[] {b, 1, 0}, exactZero.get(b));
        }
        List<int[]> single = groups.stream().filter(gr -> gr.size() == 1).findFirst().orElseThrow();
        assertArrayEquals(new int[] {0, 1, 1}, single.get(0));
    }

    /**
     * d = 2 →1 relu →1 with W1 = (1, −1), b1 = 0: z = x_0 − x_1 = 0 exactly, with gauge 2|x_0| &gt; 0, in every
     * sample whose two inputs are equal. B such samples are B independent groups: up to
     * {@link Tolerances#MAX_KINK_SAMPLES} are enumerated, one more cannot be judged. With W1 = 0 instead (every
     * term exactly 0) the same samples are one group.
     */
    @Test
    void moreIndependentKinkGroupsThanTheLimitCannotBeJudged() {
        int limit = Tolerances.MAX_KINK_SAMPLES;
        for (int samples : new int[] {limit, limit + 1}) {
            Matrix inputs = Matrix.fromFunction(2, samples, (j, b) -> 0.5 * (b + 1));
            Batch batch = new Batch(inputs, Matrix.zeros(1, samples));
            DeepNetwork independent = network(List.of(Matrix.of(1, 2, 1.0, -1.0), Matrix.of(1, 1, 1.0)),
                    List.of(Vector.of(0.0), Vector.of(0.25)), Activation.RELU);
            DeepGauges gauges = DeepGauges.of(independent, batch, HALF_SUM);
            assertEquals(samples, gauges.roundingKinks());
            if (samples <= limit) {
                assertEquals(samples, gauges.kinkGroups().size());
            } else {
                assertThrows(CannotJudge.class, gauges::kinkGroups);
            }
            DeepNetwork exact = network(List.of(Matrix.of(1, 2, 0.0, 0.0), Matrix.of(1, 1, 1.0)),
                    List.of(Vector.of(0.0), Vector.of(0.25)), Activation.RELU);
            DeepGauges together = DeepGauges.of(exact, batch, HALF_SUM);
            assertEquals(samples, together.roundingKinks());
            assertEquals(1, together.kinkGroups().size());
            assertEquals(samples, together.kinkGroups().get(0).size());
        }
    }

    /**
     * Softmax cross-entropy on logits ŷ = W1 x + b1 = (740, 740, 0) (W1 = 0, x = 1), y = (1, 0, 0):
     * p = (½, ½, e^{−740}/(2 + e^{−740})) and ∂ℓ/∂ŷ = p − y = (−½, ½, p₃) with p₃ ≈ 2.1e-322, subnormal.
     * The gauge of ∂ℓ/∂b1_i is (p_i + η/ε)·Σ|y| + Σ|y|·Δp_i/εK + |y_i|, Δp_i the move of p_i when the logits
     * move by their rounding (≈ 2·p_i·(1 − p_i)·εK_L·740): for i = 2, p₃ ≈ 3e-319 and its move are far below
     * η/ε = {@link Tolerances#UNDERFLOW_GAUGE}, so the gauge is η/ε plus at most the subnormal rounding of p₃'s
     * two computations over εK, a few η/ε more: between η/ε and 4·η/ε. For ∂ℓ/∂W1 it is |x| = 1 times that.
     * K = n + B + (d + 1 + n + 16) = 25.
     */
    @Test
    void subnormalProbabilitiesHaveAnUnderflowGauge() {
        DeepNetwork net = network(List.of(Matrix.of(3, 1, 0.0, 0.0, 0.0)), List.of(Vector.of(740.0, 740.0, 0.0)));
        Batch batch = Batch.single(Vector.of(1.0), Vector.of(1.0, 0.0, 0.0));
        DeepGauges gauges = DeepGauges.of(net, batch, CROSS_ENTROPY);
        assertEquals(25, gauges.k());
        double p3 = Math.exp(-740.0) / 2;      // e^{−740}/(2 + e^{−740}) to within its rounding
        assertTrue(p3 > 0 && p3 < Double.MIN_NORMAL, "p₃ is subnormal");
        double gauge = gauges.gradient().bias(1).get(0, 2);
        double gaugeW = gauges.gradient().weight(1).get(0, 2);
        assertTrue(gauge >= Tolerances.UNDERFLOW_GAUGE && gauge <= 4 * Tolerances.UNDERFLOW_GAUGE,
                () -> "gauge " + gauge);
        assertTrue(gaugeW >= Tolerances.UNDERFLOW_GAUGE && gaugeW <= 4 * Tolerances.UNDERFLOW_GAUGE,
                () -> "gauge " + gaugeW);

        // a few ulps apart in the subnormal range: within rounding
        double fewUlps = p3 + 3 * Double.MIN_VALUE;
        assertTrue(Tolerances.scaledRoundingError(fewUlps, p3, gauge, gauges.k()) <= Tolerances.ROUNDING_THRESHOLD);
        // forward mode's p₃ (its own exp, sum and log-derivative) agrees with the hand value within that gauge
        DeepGradient ad = DeepForwardModeAd.gradient(net, batch, CROSS_ENTROPY);
        assertTrue(Tolerances.scaledRoundingError(ad.bias(1).get(0, 2), p3, gauge, gauges.k())
                <= Tolerances.ROUNDING_THRESHOLD, () -> "forward mode " + ad.bias(1).get(0, 2) + ", by hand " + p3);
        assertEquals(-0.5, ad.bias(1).get(0, 0), 0.0); // ½ − 1
        assertEquals(0.5, ad.bias(1).get(0, 1), 0.0);  // ½ − 0

        // at the normal magnitude ½ of ∂ℓ/∂b1_1 the underflow term changes nothing: 1e-3 relative is far outside
        double normalGauge = gauges.gradient().bias(1).get(0, 1);
        assertTrue(Tolerances.scaledRoundingError(0.5 * (1 + 1e-3), 0.5, normalGauge, gauges.k())
                > Tolerances.ROUNDING_THRESHOLD);
    }
}

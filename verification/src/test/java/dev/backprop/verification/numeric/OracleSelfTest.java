package dev.backprop.verification.numeric;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.ShallowNetwork;
import dev.backprop.spec.ShallowParameter;
import dev.backprop.spec.Vector;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.generate.ShallowCase;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.junit.jupiter.api.Test;

/**
 * The oracles themselves, checked on losses whose derivatives are known in closed form. Each expected value is
 * written out with its derivation beside it; nothing here uses an implementation under test.
 *
 * <p>Notation: a scalar network (d = h = n = 1) has W1 = [a], b1 = [b], W2 = [c], b2 = [e]; for input x and
 * target y, z = a·x + b, s = σ(z), u = c·s + e − y and ℓ = ½u². Then
 * ∂ℓ/∂a = u·c·σ'(z)·x, ∂ℓ/∂b = u·c·σ'(z), ∂ℓ/∂c = u·s, ∂ℓ/∂e = u.
 */
class OracleSelfTest {
    private static ShallowNetwork scalar(double a, double b, double c, double e, Activation sigma) {
        return new ShallowNetwork(Matrix.of(1, 1, a), Vector.of(b), Matrix.of(1, 1, c), Vector.of(e), sigma);
    }

    private static double at(Matrix m) {
        return m.get(0, 0);
    }

    /** The numerator-layout gradient of a scalar network from ∂ℓ/∂a, ∂ℓ/∂b, ∂ℓ/∂c, ∂ℓ/∂e (or their gauges). */
    private static ShallowGradient scalarGradient(double da, double db, double dc, double de) {
        return new ShallowGradient(Layout.NUMERATOR, Matrix.of(1, 1, da), Matrix.of(1, 1, db), Matrix.of(1, 1, dc),
                Matrix.of(1, 1, de));
    }

    /**
     * The rounding rule of {@link Tolerances} for one value: |computed − expected| ≤ ε·K·gauge, with the gauge
     * and K derived where this is called.
     */
    private static void assertRounds(String what, double expected, double computed, double gauge, int k) {
        double scaled = Tolerances.scaledRoundingError(computed, expected, gauge, k);
        assertTrue(scaled <= Tolerances.ROUNDING_THRESHOLD,
                () -> what + ": got " + computed + ", want " + expected + ", scaled error " + scaled);
    }

    /** The rounding rule of {@link Tolerances}, parameter by parameter, for forward mode against a closed form. */
    private static void assertRounds(ShallowGradient closedForm, ShallowGradient gauge, int k, ShallowGradient ad) {
        for (ShallowParameter p : ShallowParameter.values()) {
            Discrepancy d = Discrepancy.rounding("forward-mode ∂ℓ/∂" + p.seedName(), ad.get(p), closedForm.get(p),
                    gauge.get(p), k);
            assertTrue(d.passes(), d::describe);
        }
    }

    /**
     * The finite-difference judgement of {@link Tolerances} (the stencils' own truncation and rounding bound):
     * the differences of ℓ accept the closed form, coordinate by coordinate.
     */
    private static void assertFiniteDifferencesAccept(ShallowNetwork net, Batch batch, ShallowGradient closedForm) {
        Discrepancy d = FiniteDifferences.of(net, batch).judge("closed form", closedForm, Gauges.of(net, batch));
        assertTrue(d.passes(), d::describe);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Closed forms for forward-mode AD and finite differences
    // ---------------------------------------------------------------------------------------------------------

    /** Identity activation, y = 0 (the seed's r = ŷ): ℓ = ½(c(ax + b) + e)², values chosen exact in binary. */
    @Test
    void identityScalarNetwork() {
        double a = 0.75;
        double b = -0.5;
        double c = 1.5;
        double e = 0.25;
        double x = 2.0;
        ShallowNetwork net = scalar(a, b, c, e, Activation.IDENTITY);
        Batch batch = Batch.literal(Vector.of(x), 1);
        // z = ax + b = 1.0, u = c·z + e = 1.75 (all exact)
        double z = a * x + b;
        double u = c * z + e;
        ShallowGradient ad = ForwardModeAd.gradient(net, batch);
        assertEquals(Layout.NUMERATOR, ad.layout());
        assertEquals(Layout.NUMERATOR, FiniteDifferences.of(net, batch).estimate().layout());
        // Every operand is a short binary fraction (a multiple of 2⁻² of magnitude below 2³), so every product
        // and sum forward mode forms, and the ½, needs far fewer than 53 significant bits: forward mode has no
        // rounding here, and the comparison is exact equality.
        assertAll(
                () -> assertEquals(u * c * x, at(ad.w1()), 0.0),     // ∂ℓ/∂a = (c(ax+b)+e)·c·x = 5.25
                () -> assertEquals(u * c, at(ad.b1()), 0.0),         // ∂ℓ/∂b = (c(ax+b)+e)·c = 2.625
                () -> assertEquals(u * z, at(ad.w2()), 0.0),         // ∂ℓ/∂c = (c(ax+b)+e)·(ax+b) = 1.75
                () -> assertEquals(u, at(ad.b2()), 0.0),             // ∂ℓ/∂e = c(ax+b)+e = 1.75
                () -> assertEquals(5.25, at(ad.w1()), 0.0),
                () -> assertEquals(2.625, at(ad.b1()), 0.0),
                () -> assertEquals(1.75, at(ad.w2()), 0.0),
                () -> assertEquals(1.75, at(ad.b2()), 0.0));
        // ℓ is quadratic in each parameter alone, so the centred stencils have no truncation at all; what is
        // left is their rounding, which the finite-difference judgement bounds.
        assertFiniteDifferencesAccept(net, batch, scalarGradient(u * c * x, u * c, u * z, u));
    }

    /** tanh with a nonzero target: σ'(z) = 1 − tanh²z, differentiated by AD from tanh's definition. */
    @Test
    void tanhScalarNetworkWithTarget() {
        double a = 0.3;
        double b = 0.1;
        double c = -1.2;
        double e = 0.4;
        double x = 0.7;
        double y = 0.2;
        ShallowNetwork net = scalar(a, b, c, e, Activation.TANH);
        Batch batch = Batch.single(Vector.of(x), Vector.of(y));
        double z = a * x + b;
        double s = Math.tanh(z);
        double slope = 1.0 - s * s; // tanh'(z)
        double u = c * s + e - y;
        ShallowGradient closedForm = scalarGradient(
                u * c * slope * x, // ∂ℓ/∂a = u·c·(1 − tanh²z)·x
                u * c * slope,     // ∂ℓ/∂b = u·c·(1 − tanh²z)
                u * s,             // ∂ℓ/∂c = u·tanh z
                u);                // ∂ℓ/∂e = u
        // Gauges: each closed form on magnitudes, every operand replaced by its own gauge and every subtraction
        // by an addition. z = a·x + b gives zG = |a||x| + |b|; tanh, within its ulps, carries z's rounding by
        // |tanh'(z)|: sG = |s| + |tanh'(z)|·zG; 1 − s² gives 1 + sG²; u = c·s + e − y gives |c|·sG + |e| + |y|.
        // K: the sums z (2 terms) and u (3 terms), the first feeding the second; tanh, the products and the ½
        // are elementary operations.
        double zG = Math.abs(a) * Math.abs(x) + Math.abs(b);
        double sG = Math.abs(s) + Math.abs(slope) * zG;
        double slopeG = 1.0 + sG * sG;
        double uG = Math.abs(c) * sG + Math.abs(e) + Math.abs(y);
        ShallowGradient gauge = scalarGradient(uG * Math.abs(c) * slopeG * Math.abs(x), uG * Math.abs(c) * slopeG,
                uG * sG, uG);
        assertRounds(closedForm, gauge, Tolerances.accumulation(2 + 3), ForwardModeAd.gradient(net, batch));
        assertFiniteDifferencesAccept(net, batch, closedForm);
    }

    /** Sigmoid over a batch of two: ℓ = Σ_b ½u_b², so each derivative is the sum of the per-sample ones. */
    @Test
    void sigmoidScalarNetworkSumsOverTheBatch() {
        double a = -0.8;
        double b = 0.35;
        double c = 0.9;
        double e = -0.15;
        double[] xs = {0.6, -1.3};
        double[] ys = {0.25, -0.5};
        ShallowNetwork net = scalar(a, b, c, e, Activation.SIGMOID);
        Batch batch = new Batch(Matrix.of(1, 2, xs), Matrix.of(1, 2, ys));
        double da = 0;
        double db = 0;
        double dc = 0;
        double de = 0;
        // Gauges, as in tanhScalarNetworkWithTarget: each closed form on magnitudes. σ = 1/(1 + e^−z) is an
        // exponential, a sum of two positive terms and a division, so it carries only z's rounding, by σ'(z):
        // sG = |s| + |σ'(z)|·zG; σ(1 − σ) gives sG·(1 + sG); and the batch sum adds the per-sample gauges.
        double ga = 0;
        double gb = 0;
        double gc = 0;
        double ge = 0;
        for (int k = 0; k < 2; k++) {
            double z = a * xs[k] + b;
            double s = 1.0 / (1.0 + Math.exp(-z));
            double slope = s * (1.0 - s); // σ'(z) = σ(z)(1 − σ(z))
            double u = c * s + e - ys[k];
            da += u * c * slope * xs[k]; // ∂ℓ/∂a = Σ_b u_b·c·σ(z_b)(1 − σ(z_b))·x_b
            db += u * c * slope;         // ∂ℓ/∂b = Σ_b u_b·c·σ(z_b)(1 − σ(z_b))
            dc += u * s;                 // ∂ℓ/∂c = Σ_b u_b·σ(z_b)
            de += u;                     // ∂ℓ/∂e = Σ_b u_b
            double zG = Math.abs(a) * Math.abs(xs[k]) + Math.abs(b);
            double sG = Math.abs(s) + Math.abs(slope) * zG;
            double slopeG = sG * (1.0 + sG);
            double uG = Math.abs(c) * sG + Math.abs(e) + Math.abs(ys[k]);
            ga += uG * Math.abs(c) * slopeG * Math.abs(xs[k]);
            gb += uG * Math.abs(c) * slopeG;
            gc += uG * sG;
            ge += uG;
        }
        ShallowGradient closedForm = scalarGradient(da, db, dc, de);
        // K: the sums z (2 terms), u (3 terms) and the batch sum (2 terms), each feeding the next.
        assertRounds(closedForm, scalarGradient(ga, gb, gc, ge), Tolerances.accumulation(2 + 3 + 2),
                ForwardModeAd.gradient(net, batch));
        assertFiniteDifferencesAccept(net, batch, closedForm);
    }

    /**
     * Orientation of the numerator layout, with d = 2, h = 3, n = 1 so that no transpose can pass by accident.
     * Identity activation: u = W2(W1x + b1) + b2 − y is a scalar, and ∂ℓ/∂w1_ij = u·w2_i·x_j sits at (j, i) of
     * the d×h ∂ℓ/∂W1; ∂ℓ/∂b1_i = u·w2_i at (0, i); ∂ℓ/∂w2_i = u·z_i at (i, 0) of the h×1 ∂ℓ/∂W2; ∂ℓ/∂b2 = u.
     */
    @Test
    void numeratorLayoutOrientation() {
        double[][] w1 = {{0.5, -0.25}, {1.0, 0.75}, {-0.5, 0.125}}; // h×d = 3×2
        double[] b1 = {0.25, -0.5, 1.0};
        double[] w2 = {1.5, -1.0, 0.5}; // the single row of W2, 1×3
        double b2 = -0.25;
        double[] x = {2.0, -1.0};
        double y = 0.5;
        ShallowNetwork net = new ShallowNetwork(Matrix.fromRows(w1), Vector.of(b1), Matrix.of(1, 3, w2),
                Vector.of(b2), Activation.IDENTITY);
        Batch batch = Batch.single(Vector.of(x), Vector.of(y));
        double[] z = new double[3];
        double residual = b2 - y;
        for (int i = 0; i < 3; i++) {
            z[i] = w1[i][0] * x[0] + w1[i][1] * x[1] + b1[i];
            residual += w2[i] * z[i];
        }
        double u = residual; // z = (1.5, 0.75, −0.125), u = 0.6875
        ShallowGradient closedForm = new ShallowGradient(Layout.NUMERATOR,
                Matrix.fromFunction(2, 3, (j, i) -> u * w2[i] * x[j]), // (j, i) = ∂ℓ/∂w1_ij = u·w2_i·x_j
                Matrix.fromFunction(1, 3, (zero, i) -> u * w2[i]),     // (0, i) = ∂ℓ/∂b1_i = u·w2_i
                Matrix.fromFunction(3, 1, (i, zero) -> u * z[i]),      // (i, 0) = ∂ℓ/∂w2_i = u·z_i
                Matrix.of(1, 1, u));                                  // ∂ℓ/∂b2 = u

        // Every operand is a short binary fraction (a multiple of 2⁻³ of magnitude at most 2), so every product
        // and sum forward mode forms needs far fewer than 53 significant bits: no rounding, and the comparison
        // is exact equality, entry by entry at the positions above.
        ShallowGradient ad = ForwardModeAd.gradient(net, batch);
        assertEquals("2×3", ad.w1().shape()); // d×h
        assertEquals("1×3", ad.b1().shape()); // 1×h
        assertEquals("3×1", ad.w2().shape()); // h×n
        assertEquals("1×1", ad.b2().shape()); // 1×n
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(u * w2[i] * x[j], ad.w1().get(j, i), 0.0, "∂ℓ/∂w1_" + i + j); // = u·w2_i·x_j
            }
            assertEquals(u * w2[i], ad.b1().get(0, i), 0.0, "∂ℓ/∂b1_" + i);              // = u·w2_i
            assertEquals(u * z[i], ad.w2().get(i, 0), 0.0, "∂ℓ/∂w2_0" + i);              // = u·z_i
        }
        assertEquals(u, ad.b2().get(0, 0), 0.0, "∂ℓ/∂b2");                               // = u

        // Finite differences arrange their estimate by the same FlatParameters.toGradient as forward mode, whose
        // orientation the exact assertions above pin; the judgement reads the closed form back through
        // FlatParameters.flatten and compares every coordinate w1_ij, b1_i, w2_i, b2 with its own difference.
        ShallowGradient fd = FiniteDifferences.of(net, batch).estimate();
        assertEquals("2×3", fd.w1().shape());
        assertEquals("1×3", fd.b1().shape());
        assertEquals("3×1", fd.w2().shape());
        assertEquals("1×1", fd.b2().shape());
        assertFiniteDifferencesAccept(net, batch, closedForm);
    }

    /** The generic Jacobian: f(x0, x1) = (x0·x1, sin x0, x1²) has J = [[x1, x0], [cos x0, 0], [0, 2x1]]. */
    @Test
    void forwardModeJacobianIsNumeratorLayout() {
        double x0 = 0.7;
        double x1 = -1.9;
        double[] point = {x0, x1};
        Matrix j = ForwardModeAd.jacobian(point, v -> new DerivativeStructure[] {
            v[0].multiply(v[1]), v[0].sin(), v[1].multiply(v[1])});
        assertEquals("3×2", j.shape()); // m×k: one row per output, one column per input
        // The derivatives of x0·x1 and x1² are products of an input with 1 (and the sum x1 + x1): exact. The
        // derivative of sin x0 is one cosine of the exact x0 on each side (commons-math's and Math's, each within
        // an ulp), so its gauge is |cos x0| and there is no accumulation: K = accumulation(1).
        assertAll(
                () -> assertEquals(x1, j.get(0, 0), 0.0),                  // ∂(x0x1)/∂x0 = x1
                () -> assertEquals(x0, j.get(0, 1), 0.0),                  // ∂(x0x1)/∂x1 = x0
                () -> assertRounds("∂(sin x0)/∂x0", Math.cos(x0), j.get(1, 0), Math.abs(Math.cos(x0)),
                        Tolerances.accumulation(1)),                       // ∂(sin x0)/∂x0 = cos x0
                () -> assertEquals(0.0, j.get(1, 1), 0.0),                 // ∂(sin x0)/∂x1 = 0
                () -> assertEquals(0.0, j.get(2, 0), 0.0),                 // ∂(x1²)/∂x0 = 0
                () -> assertEquals(2 * x1, j.get(2, 1), 0.0));             // ∂(x1²)/∂x1 = 2x1
        assertEquals(0.7, point[0], 0.0, "the point is not modified");
    }

    // ---------------------------------------------------------------------------------------------------------
    // ReLU kinks
    // ---------------------------------------------------------------------------------------------------------

    /**
     * ReLU with z = a·x + b = 1·1e-6 + 0 = 1e-6, well inside the b1 stencil's reach 2h = 2⁻¹¹ of the kink (and
     * outside the W1 stencil's reach 2h·|x| ≈ 4.9e-10). Then b1[0] is a kink coordinate, differentiated by the
     * one-sided stencil pointing away from the kink: the analytic value (z &gt; 0, so σ'(z) = 1) is accepted, while a value far outside is rejected,
     * naming the coordinate.
     */
    @Test
    void reluKinkInsideTheStencilIsJudgedOneSided() {
        double a = 1.0;
        double b = 0.0;
        double c = 2.0;
        double e = 0.5;
        double x = 1e-6;
        ShallowNetwork net = scalar(a, b, c, e, Activation.RELU);
        Batch batch = Batch.literal(Vector.of(x), 1);
        double z = a * x + b; // = 1e-6 exactly (1·x + 0)
        double u = c * z + e; // relu(z) = z since z > 0
        ShallowGradient analytic = scalarGradient(
                u * c * x, // ∂ℓ/∂a = u·c·1·x
                u * c,     // ∂ℓ/∂b = u·c·1
                u * z,     // ∂ℓ/∂c = u·relu(z)
                u);        // ∂ℓ/∂e = u
        Gauges gauges = Gauges.of(net, batch);
        FiniteDifferences fd = FiniteDifferences.of(net, batch);

        assertEquals(1, fd.kinks(), "only b1[0] reaches the kink");
        Discrepancy right = fd.judge("analytic", analytic, gauges);
        assertTrue(right.passes(), right.describe());

        // Forward mode sits on the z > 0 side, where ℓ is differentiable: it gives the analytic value to rounding.
        // Gauge of ∂ℓ/∂b = u·c on magnitudes: zG = |a||x| + |b|, relu'(z) = 1 carries it on, u = c·s + e − y
        // (y = 0) gives (|c|·zG + |e|)·|c|; K: the sums z (2 terms) and u (3 terms), one feeding the other.
        ShallowGradient ad = ForwardModeAd.gradient(net, batch);
        double zG = Math.abs(a) * Math.abs(x) + Math.abs(b);
        assertRounds("∂ℓ/∂b", u * c, at(ad.b1()), (Math.abs(c) * zG + Math.abs(e)) * Math.abs(c),
                Tolerances.accumulation(2 + 3));

        for (double far : new double[] {5.0, -3.0, 4 * u * c}) {
            Discrepancy wrong = fd.judge("far", with(analytic, ShallowParameter.B1, far), gauges);
            assertFalse(wrong.passes(), wrong.describe());
            assertTrue(wrong.detail().startsWith("b1[0] (at or near a ReLU kink"), wrong.describe());
        }
    }

    /**
     * ReLU with z = a·x + b = 1·0.5 − 0.5 = 0 exactly: ℓ has no derivative along a or b, both stencils (reach
     * 2h·|x| = 2⁻¹² and 2h = 2⁻¹¹) cross the kink, and both coordinates are judged by one-sided stencils.
     * Either side's slope is accepted there, the spec's convention σ'(0) = 0 (which forward mode takes) and
     * σ'(0⁺) = 1, while a value far from both is rejected, naming the coordinate.
     */
    @Test
    void reluExactlyAtTheKinkAcceptsEitherSide() {
        double a = 1.0;
        double b = -0.5;
        double c = 2.0;
        double e = 0.5;
        double x = 0.5;
        ShallowNetwork net = scalar(a, b, c, e, Activation.RELU);
        Batch batch = Batch.literal(Vector.of(x), 1);
        double u = e; // z = 0, relu(0) = 0, so u = c·0 + e
        // σ'(0) = 0: ∂ℓ/∂a = u·c·0·x, ∂ℓ/∂b = u·c·0, ∂ℓ/∂c = u·relu(0), ∂ℓ/∂e = u
        ShallowGradient left = scalarGradient(0.0, 0.0, 0.0, u);
        // σ'(0⁺) = 1: ∂ℓ/∂a = u·c·x, ∂ℓ/∂b = u·c (∂ℓ/∂c and ∂ℓ/∂e do not involve σ')
        ShallowGradient right = scalarGradient(u * c * x, u * c, 0.0, u);
        Gauges gauges = Gauges.of(net, batch);
        FiniteDifferences fd = FiniteDifferences.of(net, batch);

        assertEquals(2, fd.kinks(), "W1[0,0] and b1[0] both reach the kink");
        for (ShallowGradient side : new ShallowGradient[] {left, right}) {
            Discrepancy d = fd.judge("one side", side, gauges);
            assertTrue(d.passes(), d.describe());
        }

        // Forward mode takes σ'(0) = 0. Every operand is a short binary fraction (a multiple of 2⁻¹ of magnitude
        // at most 2), so forward mode has no rounding here: exact equality.
        ShallowGradient ad = ForwardModeAd.gradient(net, batch);
        for (ShallowParameter p : ShallowParameter.values()) {
            assertEquals(at(left.get(p)), at(ad.get(p)), 0.0, "∂ℓ/∂" + p.seedName());
        }

        for (double far : new double[] {5.0, -3.0}) {
            Discrepancy wrong = fd.judge("far", with(left, ShallowParameter.B1, far), gauges);
            assertFalse(wrong.passes(), wrong.describe());
            assertTrue(wrong.detail().startsWith("b1[0] (at or near a ReLU kink"), wrong.describe());
        }
    }

    /** No kink is marked where z is far from 0, nor for an activation without a kink. */
    @Test
    void noKinkAwayFromZeroOrWithoutRelu() {
        Batch near = Batch.literal(Vector.of(1e-6), 1);
        Batch far = Batch.literal(Vector.of(0.5), 1);
        assertEquals(0, FiniteDifferences.of(scalar(1.0, 0.0, 2.0, 0.5, Activation.RELU), far).kinks());
        assertEquals(0, FiniteDifferences.of(scalar(1.0, 0.0, 2.0, 0.5, Activation.TANH), near).kinks());
        assertEquals(0, FiniteDifferences.of(scalar(1.0, 0.0, 2.0, 0.5, Activation.SOFTPLUS), near).kinks());
    }

    private static ShallowGradient with(ShallowGradient g, ShallowParameter p, double value) {
        Matrix v = Matrix.of(1, 1, value);
        return new ShallowGradient(g.layout(), p == ShallowParameter.W1 ? v : g.w1(),
                p == ShallowParameter.B1 ? v : g.b1(), p == ShallowParameter.W2 ? v : g.w2(),
                p == ShallowParameter.B2 ? v : g.b2());
    }

    // ---------------------------------------------------------------------------------------------------------
    // The oracles against each other, gauges, tolerances
    // ---------------------------------------------------------------------------------------------------------

    /** The two oracles agree: finite differences accept forward mode's gradient on every generated case. */
    @Test
    void finiteDifferencesAcceptForwardMode() {
        int examples = 100;
        PropertyResult r = PropertyRun.run("FD judge accepts forward-mode AD", Generators.shallowCases(), examples,
                PropertyRun.DEFAULT_SEED, c -> {
                    Discrepancy d = FiniteDifferences.of(c.network(), c.batch())
                            .judge("forward mode", ForwardModeAd.gradient(c.network(), c.batch()),
                                    Gauges.of(c.network(), c.batch()));
                    return Observation.of(java.util.List.of(d), 0);
                });
        assertTrue(r.passed(), r::report);
        assertEquals(examples, r.cases(), r::report);
    }

    /**
     * Gauges bound the gradient: every gauge entry is finite, ≥ 0, and ≥ |∂ℓ/∂θ| (the gauges are Prop 2's
     * formulas on magnitudes, and |Σ t| ≤ Σ |t|). The comparison allows the gauge's own rounding ε·K·gauge,
     * since gauge and gradient are both computed in floating point and may coincide mathematically (identity,
     * all entries of one sign). Also the loss rounding bound is ≥ 0, and K is at least what Tolerances' rule asks
     * of the forward pass alone: its longest single sums are z = W1x + b1 (d + 1 terms), r = W2s + b2 − y
     * (h + 2 terms) and ℓ = Σ ½r² (n·B terms), so K ≥ accumulation(max(d + 1, h + 2, n·B)).
     */
    @Test
    void gaugesAreNonnegativeAndBoundTheGradient() {
        int examples = 200;
        PropertyResult r = PropertyRun.run("gauges bound |gradient|", Generators.shallowCases(), examples,
                PropertyRun.DEFAULT_SEED, OracleSelfTest::gaugeObservation);
        assertTrue(r.passed(), r::report);
        assertEquals(examples, r.cases(), r::report);
    }

    private static Observation gaugeObservation(ShallowCase c) {
        Gauges gauges = Gauges.of(c.network(), c.batch());
        ShallowGradient g = ForwardModeAd.gradient(c.network(), c.batch());
        int d = c.network().inputSize();
        int h = c.network().hiddenSize();
        int nB = c.network().outputSize() * c.batch().size();
        int leastK = Tolerances.accumulation(Math.max(Math.max(d + 1, h + 2), nB));
        if (gauges.k() < leastK) {
            return Observation.fail(Double.POSITIVE_INFINITY, "K = " + gauges.k() + " < " + leastK
                    + ", the longest sum of the forward pass plus the elementary operations");
        }
        if (!(gauges.lossRounding() >= 0.0) || Double.isInfinite(gauges.lossRounding())) {
            return Observation.fail(Double.POSITIVE_INFINITY, "loss rounding " + gauges.lossRounding());
        }
        if (gauges.gradient().layout() != Layout.NUMERATOR) {
            return Observation.fail(Double.POSITIVE_INFINITY, "gauges not in numerator layout");
        }
        for (ShallowParameter p : ShallowParameter.values()) {
            Matrix gauge = gauges.gradient().get(p);
            Matrix value = g.get(p);
            if (!gauge.sameShape(value)) {
                return Observation.fail(Double.POSITIVE_INFINITY, p + ": gauge " + gauge.shape() + " vs " + value.shape());
            }
            for (int i = 0; i < gauge.rows(); i++) {
                for (int j = 0; j < gauge.cols(); j++) {
                    double gg = gauge.get(i, j);
                    double v = Math.abs(value.get(i, j));
                    if (!(gg >= 0.0) || Double.isInfinite(gg)
                            || v > gg + Tolerances.EPSILON * gauges.k() * gg) {
                        return Observation.fail(Double.POSITIVE_INFINITY, p.seedName() + "(" + i + "," + j
                                + "): gauge " + gg + " but |gradient| " + v);
                    }
                }
            }
        }
        return Observation.pass(0.0);
    }

    @Test
    void scaledRoundingErrorEdgeCases() {
        int k = 20;
        assertAll(
                () -> assertEquals(0.0, Tolerances.scaledRoundingError(1.5, 1.5, 1.0, k), 0.0),   // no difference
                () -> assertEquals(0.0, Tolerances.scaledRoundingError(0.0, 0.0, 0.0, k), 0.0),   // exact zeros
                () -> assertEquals(0.0, Tolerances.scaledRoundingError(0.0, -0.0, 0.0, k), 0.0),  // ±0 are equal
                () -> assertEquals(Double.POSITIVE_INFINITY,
                        Tolerances.scaledRoundingError(Double.NaN, 1.0, 1.0, k)),                   // NaN computed
                () -> assertEquals(Double.POSITIVE_INFINITY,
                        Tolerances.scaledRoundingError(1.0, Double.NaN, 1.0, k)),                   // NaN expected
                () -> assertEquals(Double.POSITIVE_INFINITY,
                        Tolerances.scaledRoundingError(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1.0, k)),
                () -> assertEquals(Double.POSITIVE_INFINITY,
                        Tolerances.scaledRoundingError(1e-300, 0.0, 0.0, k)),                       // zero gauge
                () -> assertEquals(Double.POSITIVE_INFINITY,
                        Tolerances.scaledRoundingError(1.0, 0.0, 0.0, k)),
                // |c − e| = ε·K·gauge exactly is scaled error 1: the threshold itself, still passing
                () -> assertEquals(1.0, Tolerances.scaledRoundingError(1.0 + Tolerances.EPSILON, 1.0, 1.0, 1), 0.0),
                () -> assertEquals(0.5, Tolerances.scaledRoundingError(1.0 + Tolerances.EPSILON, 1.0, 1.0, 2), 0.0),
                () -> assertEquals(1.0, Tolerances.ROUNDING_THRESHOLD, 0.0),
                () -> assertEquals(0x1p-52, Tolerances.EPSILON, 0.0),
                () -> assertEquals(21, Tolerances.accumulation(5)),
                () -> assertEquals(0x1p-12, Tolerances.finiteDifferenceStep(0.0), 0.0),
                () -> assertEquals(0x1p-12, Tolerances.finiteDifferenceStep(-0.5), 0.0),
                () -> assertEquals(8 * 0x1p-12, Tolerances.finiteDifferenceStep(-8.0), 0.0));
    }

    /** Discrepancy reports the worst entry, and shapes that cannot be compared as ill-formed. */
    @Test
    void discrepancyFindsTheWorstEntryAndRefusesMismatchedShapes() {
        Matrix want = Matrix.of(2, 2, 1.0, 2.0, 3.0, 4.0);
        Matrix got = Matrix.of(2, 2, 1.0, 2.0, 3.5, 4.0);
        Matrix gauge = Matrix.of(2, 2, 1.0, 1.0, 1.0, 1.0);
        Discrepancy d = Discrepancy.rounding("∂ℓ/∂W1", got, want, gauge, 20);
        assertFalse(d.passes());
        assertEquals(1, d.row());
        assertEquals(0, d.col());
        // |3.5 − 3| = 0.5, ε·20 and ·1.0 are exact, so both sides are the same single rounded division: exact.
        assertEquals(0.5 / (Tolerances.EPSILON * 20 * 1.0), d.scaledError(), 0.0);
        assertTrue(d.describe().startsWith("∂ℓ/∂W1 (2×2): worst at (1,0)"), d.describe());
        assertTrue(Discrepancy.rounding("same", want, want, gauge, 20).passes());
        Discrepancy shapes = Discrepancy.rounding("∂ℓ/∂W1", want.transpose().rowRange(0, 1), want, gauge, 20);
        assertFalse(shapes.shapesAgree());
        assertFalse(shapes.passes());
        assertEquals(Observation.Kind.ILL_FORMED, Observation.of(java.util.List.of(shapes), 0).kind());
    }
}

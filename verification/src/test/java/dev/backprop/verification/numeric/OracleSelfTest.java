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
    /** Forward mode is exact to rounding: a few ulps of values of order 1–10. */
    private static final double AD_TOLERANCE = 1e-14;
    /** Finite differences with step 2⁻¹² on these smooth, order-1 losses: far inside 1e-8. */
    private static final double FD_TOLERANCE = 1e-8;

    private static ShallowNetwork scalar(double a, double b, double c, double e, Activation sigma) {
        return new ShallowNetwork(Matrix.of(1, 1, a), Vector.of(b), Matrix.of(1, 1, c), Vector.of(e), sigma);
    }

    private static double at(Matrix m) {
        return m.get(0, 0);
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
        ShallowGradient fd = FiniteDifferences.of(net, batch).estimate();
        assertEquals(Layout.NUMERATOR, ad.layout());
        assertEquals(Layout.NUMERATOR, fd.layout());
        assertAll(
                () -> assertEquals(u * c * x, at(ad.w1()), 0.0),     // ∂ℓ/∂a = (c(ax+b)+e)·c·x = 5.25
                () -> assertEquals(u * c, at(ad.b1()), 0.0),         // ∂ℓ/∂b = (c(ax+b)+e)·c = 2.625
                () -> assertEquals(u * z, at(ad.w2()), 0.0),         // ∂ℓ/∂c = (c(ax+b)+e)·(ax+b) = 1.75
                () -> assertEquals(u, at(ad.b2()), 0.0),             // ∂ℓ/∂e = c(ax+b)+e = 1.75
                () -> assertEquals(5.25, at(ad.w1()), 0.0),
                () -> assertEquals(2.625, at(ad.b1()), 0.0),
                () -> assertEquals(1.75, at(ad.w2()), 0.0),
                () -> assertEquals(1.75, at(ad.b2()), 0.0),
                // ℓ is quadratic in each parameter alone, so the centred stencils have no truncation at all
                () -> assertEquals(u * c * x, at(fd.w1()), FD_TOLERANCE), // ∂ℓ/∂a
                () -> assertEquals(u * c, at(fd.b1()), FD_TOLERANCE),     // ∂ℓ/∂b
                () -> assertEquals(u * z, at(fd.w2()), FD_TOLERANCE),     // ∂ℓ/∂c
                () -> assertEquals(u, at(fd.b2()), FD_TOLERANCE));        // ∂ℓ/∂e
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
        ShallowGradient ad = ForwardModeAd.gradient(net, batch);
        ShallowGradient fd = FiniteDifferences.of(net, batch).estimate();
        assertAll(
                () -> assertEquals(u * c * slope * x, at(ad.w1()), AD_TOLERANCE), // ∂ℓ/∂a = u·c·(1 − tanh²z)·x
                () -> assertEquals(u * c * slope, at(ad.b1()), AD_TOLERANCE),     // ∂ℓ/∂b = u·c·(1 − tanh²z)
                () -> assertEquals(u * s, at(ad.w2()), AD_TOLERANCE),             // ∂ℓ/∂c = u·tanh z
                () -> assertEquals(u, at(ad.b2()), AD_TOLERANCE),                 // ∂ℓ/∂e = u
                () -> assertEquals(u * c * slope * x, at(fd.w1()), FD_TOLERANCE),
                () -> assertEquals(u * c * slope, at(fd.b1()), FD_TOLERANCE),
                () -> assertEquals(u * s, at(fd.w2()), FD_TOLERANCE),
                () -> assertEquals(u, at(fd.b2()), FD_TOLERANCE));
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
        for (int k = 0; k < 2; k++) {
            double z = a * xs[k] + b;
            double s = 1.0 / (1.0 + Math.exp(-z));
            double slope = s * (1.0 - s); // σ'(z) = σ(z)(1 − σ(z))
            double u = c * s + e - ys[k];
            da += u * c * slope * xs[k]; // ∂ℓ/∂a = Σ_b u_b·c·σ(z_b)(1 − σ(z_b))·x_b
            db += u * c * slope;         // ∂ℓ/∂b = Σ_b u_b·c·σ(z_b)(1 − σ(z_b))
            dc += u * s;                 // ∂ℓ/∂c = Σ_b u_b·σ(z_b)
            de += u;                     // ∂ℓ/∂e = Σ_b u_b
        }
        ShallowGradient ad = ForwardModeAd.gradient(net, batch);
        ShallowGradient fd = FiniteDifferences.of(net, batch).estimate();
        double[] want = {da, db, dc, de};
        double[] gotAd = {at(ad.w1()), at(ad.b1()), at(ad.w2()), at(ad.b2())};
        double[] gotFd = {at(fd.w1()), at(fd.b1()), at(fd.w2()), at(fd.b2())};
        for (int p = 0; p < 4; p++) {
            assertEquals(want[p], gotAd[p], AD_TOLERANCE, "AD, parameter " + p);
            assertEquals(want[p], gotFd[p], FD_TOLERANCE, "FD, parameter " + p);
        }
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
        double u = b2 - y;
        for (int i = 0; i < 3; i++) {
            z[i] = w1[i][0] * x[0] + w1[i][1] * x[1] + b1[i];
            u += w2[i] * z[i];
        }
        ShallowGradient ad = ForwardModeAd.gradient(net, batch);
        ShallowGradient fd = FiniteDifferences.of(net, batch).estimate();
        for (ShallowGradient g : new ShallowGradient[] {ad, fd}) {
            double tol = g == ad ? AD_TOLERANCE : FD_TOLERANCE;
            assertEquals("2×3", g.w1().shape()); // d×h
            assertEquals("1×3", g.b1().shape()); // 1×h
            assertEquals("3×1", g.w2().shape()); // h×n
            assertEquals("1×1", g.b2().shape()); // 1×n
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 2; j++) {
                    assertEquals(u * w2[i] * x[j], g.w1().get(j, i), tol, "∂ℓ/∂w1_" + i + j); // = u·w2_i·x_j
                }
                assertEquals(u * w2[i], g.b1().get(0, i), tol, "∂ℓ/∂b1_" + i);              // = u·w2_i
                assertEquals(u * z[i], g.w2().get(i, 0), tol, "∂ℓ/∂w2_0" + i);              // = u·z_i
            }
            assertEquals(u, g.b2().get(0, 0), tol, "∂ℓ/∂b2");                               // = u
        }
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
        assertAll(
                () -> assertEquals(x1, j.get(0, 0), 0.0),                  // ∂(x0x1)/∂x0 = x1
                () -> assertEquals(x0, j.get(0, 1), 0.0),                  // ∂(x0x1)/∂x1 = x0
                () -> assertEquals(Math.cos(x0), j.get(1, 0), AD_TOLERANCE), // ∂(sin x0)/∂x0 = cos x0
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
     * outside the W1 stencil's reach 2h·|x| ≈ 4.9e-10). Then b1[0] is a kink coordinate, judged by the one-sided
     * bracket: the analytic value (z &gt; 0, so σ'(z) = 1) is accepted, and so is the other side's slope, while a
     * value far outside is rejected, naming the coordinate.
     */
    @Test
    void reluKinkIsMarkedAndJudgedByTheOneSidedBracket() {
        double a = 1.0;
        double b = 0.0;
        double c = 2.0;
        double e = 0.5;
        double x = 1e-6;
        ShallowNetwork net = scalar(a, b, c, e, Activation.RELU);
        Batch batch = Batch.literal(Vector.of(x), 1);
        double z = a * x + b; // = 1e-6 exactly
        assertEquals(1e-6, z, 0.0);
        double u = c * z + e; // relu(z) = z since z > 0
        ShallowGradient analytic = new ShallowGradient(Layout.NUMERATOR,
                Matrix.of(1, 1, u * c * x), // ∂ℓ/∂a = u·c·1·x
                Matrix.of(1, 1, u * c),     // ∂ℓ/∂b = u·c·1
                Matrix.of(1, 1, u * z),     // ∂ℓ/∂c = u·relu(z)
                Matrix.of(1, 1, u));        // ∂ℓ/∂e = u
        Gauges gauges = Gauges.of(net, batch);
        FiniteDifferences fd = FiniteDifferences.of(net, batch);

        assertEquals(1, fd.kinks(), "only b1[0] reaches the kink");
        Discrepancy right = fd.judge("analytic", analytic, gauges);
        assertTrue(right.passes(), right.describe());

        // Forward mode sits on the z > 0 side, where ℓ is differentiable: it gives the analytic value exactly.
        ShallowGradient ad = ForwardModeAd.gradient(net, batch);
        assertEquals(u * c, at(ad.b1()), AD_TOLERANCE); // ∂ℓ/∂b = u·c

        // The left slope (σ' = 0, the convention at and below the kink) lies within the bracket's margin too.
        Discrepancy leftSide = fd.judge("left slope", with(analytic, ShallowParameter.B1, 0.0), gauges);
        assertTrue(leftSide.passes(), leftSide.describe());

        for (double far : new double[] {5.0, -3.0, 4 * u * c}) {
            Discrepancy wrong = fd.judge("far", with(analytic, ShallowParameter.B1, far), gauges);
            assertFalse(wrong.passes(), wrong.describe());
            assertTrue(wrong.detail().startsWith("b1[0] (at a ReLU kink"), wrong.describe());
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
        PropertyResult r = PropertyRun.run("FD judge accepts forward-mode AD", Generators.shallowCases(), 100,
                PropertyRun.DEFAULT_SEED, c -> {
                    Discrepancy d = FiniteDifferences.of(c.network(), c.batch())
                            .judge("forward mode", ForwardModeAd.gradient(c.network(), c.batch()),
                                    Gauges.of(c.network(), c.batch()));
                    return Observation.of(java.util.List.of(d), 0);
                });
        assertTrue(r.passed(), r::report);
        assertEquals(100, r.cases(), r::report);
    }

    /**
     * Gauges bound the gradient: every gauge entry is finite, ≥ 0, and ≥ |∂ℓ/∂θ| (the gauges are Prop 2's
     * formulas on magnitudes, and |Σ t| ≤ Σ |t|). The comparison allows the gauge's own rounding ε·K·gauge,
     * since gauge and gradient are both computed in floating point and may coincide mathematically (identity,
     * all entries of one sign). Also K = d + h + n + B + 16 and the loss rounding bound is ≥ 0.
     */
    @Test
    void gaugesAreNonnegativeAndBoundTheGradient() {
        PropertyResult r = PropertyRun.run("gauges bound |gradient|", Generators.shallowCases(), 200,
                PropertyRun.DEFAULT_SEED, OracleSelfTest::gaugeObservation);
        assertTrue(r.passed(), r::report);
        assertEquals(200, r.cases(), r::report);
    }

    private static Observation gaugeObservation(ShallowCase c) {
        Gauges gauges = Gauges.of(c.network(), c.batch());
        ShallowGradient g = ForwardModeAd.gradient(c.network(), c.batch());
        int expectedK = c.network().inputSize() + c.network().hiddenSize() + c.network().outputSize()
                + c.batch().size() + Tolerances.ELEMENTARY_OPERATIONS;
        if (gauges.k() != expectedK) {
            return Observation.fail(Double.POSITIVE_INFINITY, "K = " + gauges.k() + ", expected " + expectedK);
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
        assertEquals(0.5 / (Tolerances.EPSILON * 20), d.scaledError(), 1e-3);
        assertTrue(d.describe().startsWith("∂ℓ/∂W1 (2×2): worst at (1,0)"), d.describe());
        assertTrue(Discrepancy.rounding("same", want, want, gauge, 20).passes());
        Discrepancy shapes = Discrepancy.rounding("∂ℓ/∂W1", want.transpose().rowRange(0, 1), want, gauge, 20);
        assertFalse(shapes.shapesAgree());
        assertFalse(shapes.passes());
        assertEquals(Observation.Kind.ILL_FORMED, Observation.of(java.util.List.of(shapes), 0).kind());
    }
}

package dev.backprop.optimized;

/**
 * tanh z within a relative {@link #MAX_RELATIVE_ERROR} = 2⁻⁵¹, at a fraction of the cost of {@link Math#tanh}.
 * Package-private: not API.
 *
 * <p>Why: on the JDK 17 this project targets, {@code Math.tanh} is not intrinsified and calls fdlibm's
 * {@code StrictMath.tanh}, about 43 ns per call on the benchmark machine: 5.7 ms for the 512×256 hidden layer of
 * the performance issue's first shape, more than either of its two large matrix products takes in OpenBLAS
 * (4.6 ms), where NumPy's SIMD tanh takes 0.23 ms.
 * {@link Math#exp} is an intrinsic; this is Cephes' {@code tanh} (S. L. Moshier), which needs one exp or one
 * small rational function:
 * <pre>
 *   |z| ≥ 0.625:  tanh z = sign(z) (1 − 2 / (e^{2|z|} + 1))
 *   |z| &lt; 0.625:  tanh z = z + z · s · P(s) / Q(s),  s = z²   (Cody and Waite's rational form)
 * </pre>
 * with P(s) = p0 s² + p1 s + p2 and Q(s) = s³ + q0 s² + q1 s + q2 (the coefficients below; P(0)/Q(0) = −1/3, the
 * Taylor term −z³/3).
 *
 * <p><b>Error bound</b>, relative, with ε = 2⁻⁵² (first order in ε).
 *
 * <p>|z| ≥ 0.625, derived: e = e^{2|z|} ≥ e^{1.25} ≈ 3.49 carries a relative error ≤ ε (Math.exp is within 1 ulp);
 * it enters e + 1 scaled by e/(e + 1), and the addition and the division round by ≤ ε/2 each, so q = 2/(e + 1)
 * carries ≤ (1 + e/(e + 1)) ε = (2e + 1)/(e + 1) · ε relative. In t = 1 − q, q's error relative to t is that times
 * q/(1 − q) = 2/(e − 1): ≤ 2(2e + 1)/((e − 1)(e + 1)) · ε, 1.43ε at e = e^{1.25}. The subtraction's own rounding is
 * half an ulp of t ∈ [½, 1), ε/4 absolute, which relative to t is ≤ ε/(4t), 0.45ε at t = tanh 0.625 ≈ 0.555. Both
 * terms fall as |z| grows, so the bound is their sum at |z| = 0.625: ≤ 1.88ε.
 *
 * <p>|z| &lt; 0.625, measured, not derived: Cephes documents a peak relative error of 2.5·10⁻¹⁶ ≈ 1.13ε (30,000
 * random arguments in [−2, 2], IEEE doubles) for this rational form and its rounding; no proof of a bound is
 * given there or here. The evidence this project relies on for that branch is {@code FastTanhTest}, which measures
 * the error against tanh evaluated in 60-digit decimal arithmetic and holds it to {@link #MAX_RELATIVE_ERROR}.
 *
 * <p>Choosing between the two forms without a branch and restoring the sign ({@code fromExp}) multiply by exactly
 * 0, 1 or ±1 and add an exact 0, so they add no rounding. So |error| ≤ {@link #MAX_RELATIVE_ERROR} = 2ε · |tanh z|
 * everywhere (derived for |z| ≥ 0.625, measured below it): at most 4 ulps where an ulp is ε/2 of the value, where
 * {@code Math.tanh}'s contract is 2.5 ulps. The verification module's rounding bounds allow a few ε for each
 * elementary function of a gradient (its {@code Tolerances.ELEMENTARY_OPERATIONS} = 16, added to the sum length
 * K), so this stays inside what the gate already allows an implementation.
 *
 * <p>Special values: tanh(±0) = ±0 (the sign kept), tanh(±∞) = ±1, NaN gives NaN.
 */
final class FastTanh {
    /**
     * The bound on |tanh computed − tanh exact| / |tanh exact|, 2ε = 2⁻⁵¹: derived in the class comment for
     * |z| ≥ 0.625, measured below it (Cephes' figure and {@code FastTanhTest}).
     */
    static final double MAX_RELATIVE_ERROR = 0x1p-51;

    /** Where the rational form hands over to the exponential one (Cephes' choice). */
    static final double RATIONAL_LIMIT = 0.625;

    /** |z| from which tanh z rounds to ±1: 1 − tanh 20 = 2/(e⁴⁰ + 1) ≈ 8.5·10⁻¹⁸ is below half an ulp of 1. */
    static final double SATURATION = 20.0;

    private static final double P0 = -9.64399179425052238628E-1;
    private static final double P1 = -9.92877231001918586564E1;
    private static final double P2 = -1.61468768441708447952E3;
    private static final double Q0 = 1.12811678491632931402E2;
    private static final double Q1 = 2.23548839060100448583E3;
    private static final double Q2 = 4.84406305325125486048E3;

    private FastTanh() {
    }

    /**
     * tanh z within a relative {@link #MAX_RELATIVE_ERROR}; see the class comment for the two forms and the bound. The same
     * arithmetic as {@link #tanhAndDerivative}, so the two agree bit for bit.
     */
    static double tanh(double z) {
        return fromExp(z, expOfTwiceAbs(z));
    }

    /**
     * In place over the rows [firstRow, endRow) of a row-major matrix with {@code cols} columns: on entry
     * {@code zThenS} holds pre-activations less their row's bias; on return entry (i, c) holds t = tanh(z) with
     * z = zThenS(i, c) + bias[i], and {@code sPrime} holds 1 − t² there. Nothing else is modified.
     *
     * <p>Two loops, because only the first calls a function: it adds the bias and leaves e^{2 min(|z|, 20)} in
     * {@code sPrime}, row by row; the second is straight-line arithmetic (min, max, abs, +, −, ×, ÷ and no branch)
     * over the rows' whole contiguous span, which the JIT compiles to AVX vector instructions, four entries at a
     * time. The caller passes a few hundred entries at a time, so that both loops work in the L1 cache and a layer
     * with a small batch still gives the vector loop a long run.
     */
    static void tanhAndDerivative(double[] zThenS, double[] sPrime, double[] bias, int firstRow, int endRow,
            int cols) {
        for (int i = firstRow; i < endRow; i++) {
            double b = bias[i];
            for (int at = i * cols, end = at + cols; at < end; at++) {
                double z = zThenS[at] + b;
                zThenS[at] = z;
                sPrime[at] = expOfTwiceAbs(z);
            }
        }
        for (int at = firstRow * cols, end = endRow * cols; at < end; at++) {
            double t = fromExp(zThenS[at], sPrime[at]);
            zThenS[at] = t;
            sPrime[at] = 1.0 - t * t;
        }
    }

    /** e^{2 min(|z|, 20)}: tanh of 20 and of every larger |z| rounds to 1, so nothing beyond it is needed. */
    private static double expOfTwiceAbs(double z) {
        return Math.exp(2.0 * Math.min(Math.abs(z), SATURATION));
    }

    /**
     * tanh z from z and e = {@link #expOfTwiceAbs}(z), without a branch: both forms are evaluated and one is kept by
     * a weight w that is exactly 1 (|z| &lt; 0.625, the rational form) or exactly 0 (otherwise), so w·r + (1 − w)·x
     * is r or x without rounding; the rational form is evaluated at min(|z|, 0.625) so that it stays finite for any
     * z. The sign is restored by multiplying by z_c / max(|z_c|, MIN_VALUE), exactly ±1 (or ±0 for z = ±0, keeping
     * tanh(−0) = −0), with z_c = z clamped to [−20, 20]. NaN propagates through min and max.
     */
    private static double fromExp(double z, double e) {
        double zc = Math.max(Math.min(z, SATURATION), -SATURATION);
        double a = Math.abs(zc);
        double exponential = 1.0 - 2.0 / (e + 1.0);
        double r = Math.min(a, RATIONAL_LIMIT);
        double s = r * r;
        double rational = r + r * s * (((P0 * s + P1) * s + P2) / (((s + Q0) * s + Q1) * s + Q2));
        // (0.625 − a)·2¹⁰⁰⁰ is ≥ 1 for every double a below 0.625 (their gap is at least 2⁻⁵⁴) and ≤ 0 from 0.625 on
        double w = Math.min(1.0, Math.max(0.0, (RATIONAL_LIMIT - a) * 0x1p1000));
        double t = w * rational + (1.0 - w) * exponential;
        return t * (zc / Math.max(a, Double.MIN_VALUE));
    }
}

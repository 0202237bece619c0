package dev.backprop.verification.proof;

import dev.backprop.spec.Activation;
import dev.backprop.verification.numeric.ForwardModeAd;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * A scalar of a proof step: its value, its derivative with respect to the one entry a ∂/∂ is taking (0 outside
 * a ∂), and the two numbers the rounding rule needs for each — a gauge and an operation count — carried through
 * every operation, so that no step of a derivation has its tolerance typed in.
 *
 * <h2>Value and derivative</h2>
 * Both are one commons-math3 {@link DerivativeStructure} with one free parameter and order 1: forward-mode AD,
 * exact up to rounding, the same oracle {@link ForwardModeAd} uses. σ is differentiated from its definition
 * ({@link ForwardModeAd#apply}); σ' as a named quantity takes its value from the spec's {@link
 * Activation#derivative} (it is something a proof asserts, not the truth it is judged against).
 *
 * <h2>Gauge and operation count (Higham, Accuracy and Stability, §3.1)</h2>
 * For a value v computed in floating point, the gauge g bounds the sum of the magnitudes of everything that
 * was added to form it, and the count k bounds the number of roundings any one of those terms went through,
 * so that |fl(v) − v| ≤ γ_k·g ≤ k·u·g (u = ε/2). The rules, each the first-order bound of one operation:
 * <pre>
 *   input entry, exact constant c   g = |c|                         k = 0
 *   a ± b                           g = g_a + g_b                   k = max(k_a, k_b) + 1
 *   a · b                           g = g_a · g_b                   k = k_a + k_b + 1
 *   c · a  (c exact)                g = |c| · g_a                   k = k_a + 1
 *   f(a)   (σ, an elementary fn)    g = |f(a)| + |f'(a)| · g_a      k = k_a + 1
 *   σ'(a)  (from σ, see below)      g = 1 + |σ'(a)| + |σ''(a)| · g_a k = k_a + 1
 * </pre>
 * A sum Σ_l t_l evaluated left to right so gets g = Σ_l g_l (the "sum of |terms|") and k = max k_l + (terms − 1).
 * σ' is formed from quantities of order 1 (1 − tanh², s(1 − s)) and its rounding is absolute, up to a few ε,
 * even where σ' itself is tiny (saturation); the 1 in its gauge covers that. The last ulp of an elementary
 * function (exp, tanh, log1p) is covered by {@link dev.backprop.verification.numeric.Tolerances#ELEMENTARY_OPERATIONS},
 * which the checker adds to k.
 *
 * <p>The derivative d = ∂v/∂t carries its own gauge dg and count dk by the same reasoning applied to the rules
 * of differentiation (d(a ± b) = d_a ± d_b; d(ab) = d_a b + a d_b, one product and one sum more;
 * d f(a) = f'(a) d_a, where f'(a) is itself computed with an absolute error of a few ε, whence the 1):
 * <pre>
 *   variable t                      dg = 1                          dk = 0
 *   a ± b                           dg = dg_a + dg_b                dk = max(dk_a, dk_b) + 1
 *   a · b                           dg = dg_a g_b + g_a dg_b        dk = max(dk_a + k_b, k_a + dk_b) + 2
 *   f(a)                            dg = (1 + |f'| + |f''| g_a) dg_a  dk = max(dk_a, k_a) + 2
 * </pre>
 * When a ∂ is finished its derivative becomes the value of a new term ({@link Scope#derivative}), with dg as
 * its gauge and dk as its count.
 */
public final class Term {
    private final DerivativeStructure ds;
    private final double gauge;
    private final int ops;
    private final double dGauge;
    private final int dOps;

    private Term(DerivativeStructure ds, double gauge, int ops, double dGauge, int dOps) {
        this.ds = ds;
        this.gauge = gauge;
        this.ops = ops;
        this.dGauge = dGauge;
        this.dOps = dOps;
    }

    /** An exact constant (an input entry, δ, ½, 2, the 1 appended to x̃): gauge |c|, no rounding. */
    static Term exact(double c) {
        return new Term(new DerivativeStructure(1, 1, c), Math.abs(c), 0, 0.0, 0);
    }

    /** A computed value with the gauge and count it was computed with, constant with respect to the ∂ variable. */
    static Term computed(double value, double gauge, int ops) {
        return new Term(new DerivativeStructure(1, 1, value), gauge, ops, 0.0, 0);
    }

    /** The variable of a ∂: the value of the entry, its own gauge and count, derivative 1 (exact). */
    static Term variable(Term entry) {
        return new Term(new DerivativeStructure(1, 1, 0, entry.value()), entry.gauge, entry.ops, 1.0, 0);
    }

    /** The derivative this term carries, as the value of a new term (constant with respect to any variable). */
    Term derivativeAsValue() {
        return computed(ds.getPartialDerivative(1), dGauge, dOps);
    }

    /** The value. */
    public double value() {
        return ds.getValue();
    }

    /** The rounding gauge of the value: a bound on the sum of the magnitudes of the terms that formed it. */
    public double gauge() {
        return gauge;
    }

    /** How many roundings any one term of the value went through, at most (k of the rule above). */
    public int operations() {
        return ops;
    }

    /** a + b. */
    public Term plus(Term b) {
        return new Term(ds.add(b.ds), gauge + b.gauge, Math.max(ops, b.ops) + 1, dGauge + b.dGauge,
                Math.max(dOps, b.dOps) + 1);
    }

    /** a − b. */
    public Term minus(Term b) {
        return new Term(ds.subtract(b.ds), gauge + b.gauge, Math.max(ops, b.ops) + 1, dGauge + b.dGauge,
                Math.max(dOps, b.dOps) + 1);
    }

    /** a · b. */
    public Term times(Term b) {
        return new Term(ds.multiply(b.ds), gauge * b.gauge, ops + b.ops + 1, dGauge * b.gauge + gauge * b.dGauge,
                Math.max(dOps + b.ops, ops + b.dOps) + 2);
    }

    /** c · a for an exact constant c (½, 2, −1). */
    public Term times(double c) {
        double m = Math.abs(c);
        return new Term(ds.multiply(c), m * gauge, ops + 1, m * dGauge, dOps + 1);
    }

    /** −a (exact). */
    public Term negate() {
        return new Term(ds.negate(), gauge, ops, dGauge, dOps);
    }

    /** a² = a · a. */
    public Term squared() {
        return times(this);
    }

    /** σ(a), differentiated from σ's definition. */
    Term sigma(Activation activation) {
        double[] f = derivatives(activation, value());
        return new Term(ForwardModeAd.apply(activation, ds), Math.abs(f[0]) + Math.abs(f[1]) * gauge, ops + 1,
                (1 + Math.abs(f[1]) + Math.abs(f[2]) * gauge) * dGauge, Math.max(dOps, ops) + 2);
    }

    /**
     * σ'(a): the value is the spec's σ' (a named quantity of the proofs), its derivative σ''(a)·d_a from σ's
     * definition.
     */
    Term sigmaPrime(Activation activation) {
        double[] f = derivatives(activation, value());
        double value = activation.derivative(value());
        return new Term(ds.compose(value, f[2]), 1 + Math.abs(value) + Math.abs(f[2]) * gauge, ops + 1,
                (1 + Math.abs(f[2]) + Math.abs(f[3]) * gauge) * dGauge, Math.max(dOps, ops) + 2);
    }

    /** σ, σ', σ'', σ''' at z from σ's definition (order-3 forward-mode AD of {@link ForwardModeAd#apply}). */
    private static double[] derivatives(Activation activation, double z) {
        DerivativeStructure s = ForwardModeAd.apply(activation, new DerivativeStructure(1, 3, 0, z));
        return new double[] {s.getValue(), s.getPartialDerivative(1), s.getPartialDerivative(2),
            s.getPartialDerivative(3)};
    }

    @Override
    public String toString() {
        return value() + " (gauge " + gauge + ", k " + ops + ")";
    }
}

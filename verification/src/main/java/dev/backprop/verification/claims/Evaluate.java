package dev.backprop.verification.claims;

import dev.backprop.spec.Matrix;
import dev.backprop.spec.ShapeMismatchException;
import dev.backprop.spec.Tensor3;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.numeric.Discrepancy;
import dev.backprop.verification.numeric.Tolerances;
import java.util.List;
import java.util.function.Supplier;

/** The comparisons claims are made of: both sides evaluated, then judged by the rounding rule. */
final class Evaluate {
    private Evaluate() {
    }

    /**
     * Evaluates a claim's two sides on one case. A {@link ShapeMismatchException} raised while evaluating
     * means the statement's dimensions cannot agree: the case is ill-formed, with the exception's shapes as
     * evidence. Any other exception means the claim could not be evaluated at all: the case is recorded with the
     * exception as evidence: an ERROR, a fault of the suite that fails the gate and is never read as an erratum.
     */
    static Observation sides(Supplier<Observation> both) {
        try {
            return both.get();
        } catch (ShapeMismatchException e) {
            return Observation.illFormed(e.getMessage());
        } catch (RuntimeException e) {
            return Observation.error("the claim could not be evaluated: " + e);
        }
    }

    /** lhs = rhs entry by entry; ill-formed when the shapes differ. */
    static Observation equal(String lhsName, Matrix lhs, String rhsName, Matrix rhs, Matrix gauge, int terms) {
        if (!lhs.sameShape(rhs)) {
            return Observation.illFormed(lhsName + " is " + lhs.shape() + " but " + rhsName + " is " + rhs.shape());
        }
        return Observation.of(List.of(Discrepancy.rounding(lhsName + " = " + rhsName, lhs, rhs, gauge,
                Tolerances.accumulation(terms))), 0);
    }

    /** lhs = rhs entry by entry for 3-index tensors; ill-formed when the shapes differ. */
    static Observation equal(String lhsName, Tensor3 lhs, String rhsName, Tensor3 rhs, Tensor3 gauge, int terms) {
        if (!lhs.sameShape(rhs)) {
            return Observation.illFormed(lhsName + " is " + lhs.shape() + " but " + rhsName + " is " + rhs.shape());
        }
        return equal(lhsName, lhs.unfold(), rhsName, rhs.unfold(), gauge.unfold(), terms);
    }

    /**
     * A chain of matrix expressions joined by "=": each consecutive pair must agree; the first pair that does
     * not is named (ill-formed if its shapes differ, failing otherwise).
     */
    static Observation chain(List<String> texts, List<Matrix> values, Matrix gauge, int terms) {
        double worst = 0.0;
        for (int s = 0; s + 1 < values.size(); s++) {
            Observation o = equal(texts.get(s), values.get(s), texts.get(s + 1), values.get(s + 1), gauge, terms);
            if (!o.passed()) {
                return new Observation(o.kind(), o.scaledError(),
                        "step " + (s + 1) + " → " + (s + 2) + ": " + o.evidence(), 0);
            }
            worst = Math.max(worst, o.scaledError());
        }
        return Observation.pass(worst);
    }

    /** The first observation that did not pass, or a pass with the worst scaled error of all. */
    static Observation firstFailure(Observation... parts) {
        double worst = 0.0;
        for (Observation o : parts) {
            if (!o.passed()) {
                return o;
            }
            worst = Math.max(worst, o.scaledError());
        }
        return Observation.pass(worst);
    }

    /** True when every entry agrees within the rounding rule (used to search, not to judge). */
    static boolean agree(Tensor3 a, Tensor3 b, Tensor3 gauge, int terms) {
        return a.sameShape(b) && equal("a", a, "b", b, gauge, terms).passed();
    }

    static Matrix scaled(double c, Matrix m) {
        return Matrix.fromFunction(m.rows(), m.cols(), (i, j) -> c * m.get(i, j));
    }

    /** Kronecker's δ_ij. */
    static double delta(int i, int j) {
        return i == j ? 1.0 : 0.0;
    }
}

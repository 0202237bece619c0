package dev.backprop.verification.numeric;

import dev.backprop.spec.Matrix;

/**
 * The outcome of comparing a computed matrix with an expected one: the worst scaled error, where it sits
 * and the two values there, or the two shapes when they cannot be compared.
 *
 * @param what       what was compared, e.g. {@code "∂ℓ/∂W1"}
 * @param shapesAgree false when the shapes differ; then {@link #scaledError} is infinite
 * @param scaledError the worst scaled error over all entries (0 when every entry agrees exactly)
 * @param threshold  the threshold it was judged against
 * @param row        row of the worst entry (−1 if none)
 * @param col        column of the worst entry
 * @param computed   the computed value there
 * @param expected   the expected value there
 * @param detail     shapes, or a note on the method
 */
public record Discrepancy(String what, boolean shapesAgree, double scaledError, double threshold, int row, int col,
        double computed, double expected, String detail) {

    public boolean passes() {
        return shapesAgree && scaledError <= threshold;
    }

    /** Compares entry by entry with the rounding rule of {@link Tolerances}. */
    public static Discrepancy rounding(String what, Matrix computed, Matrix expected, Matrix gauge, int k) {
        if (!computed.sameShape(expected)) {
            return shapeMismatch(what, computed, expected);
        }
        double worst = 0.0;
        int wi = -1;
        int wj = -1;
        for (int i = 0; i < computed.rows(); i++) {
            for (int j = 0; j < computed.cols(); j++) {
                double e = Tolerances.scaledRoundingError(computed.get(i, j), expected.get(i, j), gauge.get(i, j), k);
                if (wi < 0 || e > worst) {
                    worst = e;
                    wi = i;
                    wj = j;
                }
            }
        }
        return new Discrepancy(what, true, worst, Tolerances.ROUNDING_THRESHOLD, wi, wj, computed.get(wi, wj),
                expected.get(wi, wj), computed.shape());
    }

    public static Discrepancy shapeMismatch(String what, Matrix computed, Matrix expected) {
        return new Discrepancy(what, false, Double.POSITIVE_INFINITY, Tolerances.ROUNDING_THRESHOLD, -1, -1,
                Double.NaN, Double.NaN, "computed is " + computed.shape() + ", expected " + expected.shape());
    }

    /** One line of evidence, e.g. {@code "∂ℓ/∂W1 (3×2): worst at (2,1): got 0.5, want -0.25, scaled error 4.1e15"}. */
    public String describe() {
        if (!shapesAgree) {
            return what + ": shapes differ: " + detail;
        }
        String where = row >= 0 ? " (" + detail + "): worst at (" + row + "," + col + ")" : ": worst at " + detail;
        return String.format(java.util.Locale.ROOT, "%s%s: got %.17g, want %.17g, scaled error %.3g (threshold %.3g)",
                what, where, computed, expected, scaledError, threshold);
    }
}

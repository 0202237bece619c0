package dev.backprop.verification.check;

import dev.backprop.verification.numeric.Discrepancy;
import java.util.List;

/**
 * What one check found on one case.
 *
 * @param kind        whether the case passed, failed, is ill-formed, or could not be checked at all
 * @param scaledError the worst scaled error seen (0 when exact; infinite when shapes disagree)
 * @param evidence    shapes and values that justify the kind, one line per comparison that did not pass
 * @param kinks       kinks met by finite differences: coordinates (shallow) or (coordinate, sample) pairs (deep)
 *                    whose stencil reached one
 * @param onKink      points (sample, unit) whose pre-activation is 0 within rounding: either slope is right
 *                    there, and the checks enumerate the sides
 */
public record Observation(Kind kind, double scaledError, String evidence, int kinks, int onKink) {
    /** An observation with no point on a kink within rounding. */
    public Observation(Kind kind, double scaledError, String evidence, int kinks) {
        this(kind, scaledError, evidence, kinks, 0);
    }

    /**
     * The verdict on one case: it passed; it failed; its dimensions cannot agree; or the check itself could not
     * be carried out (a fault of the suite, never of the thing checked).
     */
    public enum Kind { PASS, FAIL, ILL_FORMED, ERROR }

    public static Observation pass(double scaledError) {
        return new Observation(Kind.PASS, scaledError, "", 0);
    }

    public static Observation illFormed(String evidence) {
        return new Observation(Kind.ILL_FORMED, Double.POSITIVE_INFINITY, evidence, 0);
    }

    /** The check could not be carried out: a fault of the suite's own evaluators. */
    public static Observation error(String evidence) {
        return new Observation(Kind.ERROR, Double.POSITIVE_INFINITY, evidence, 0);
    }

    public static Observation fail(double scaledError, String evidence) {
        return new Observation(Kind.FAIL, scaledError, evidence, 0);
    }

    /** The observation of several comparisons on one case: ill-formed if any is, failing if any fails. */
    public static Observation of(List<Discrepancy> comparisons, int kinks) {
        return of(comparisons, kinks, 0);
    }

    /** As {@link #of(List, int)}, with {@code onKink} points on a kink within rounding (see the record). */
    public static Observation of(List<Discrepancy> comparisons, int kinks, int onKink) {
        double worst = 0.0;
        boolean illFormed = false;
        StringBuilder evidence = new StringBuilder();
        for (Discrepancy c : comparisons) {
            worst = Math.max(worst, c.scaledError());
            illFormed |= !c.shapesAgree();
            if (!c.passes()) {
                evidence.append(evidence.length() == 0 ? "" : "\n").append(c.describe());
            }
        }
        Kind kind = illFormed ? Kind.ILL_FORMED : evidence.length() > 0 ? Kind.FAIL : Kind.PASS;
        return new Observation(kind, worst, evidence.toString(), kinks, onKink);
    }

    public boolean passed() {
        return kind == Kind.PASS;
    }
}

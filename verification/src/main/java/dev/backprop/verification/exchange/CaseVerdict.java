package dev.backprop.verification.exchange;

import dev.backprop.verification.diagnose.Diagnosis;

/**
 * The judge's verdict on one submitted gradient ({@link SubmissionJudge}).
 *
 * @param caseId           the case judged
 * @param status           passed; failed (both oracles disagree: evidence of a bug); or not judged (the suite
 *                         could not decide — the case is too large for full AD, its float32 computation leaves the
 *                         range the gauges cover, too many points sit on a kink, or only one oracle disagrees,
 *                         which is an oracle's limit or the suite's own fault, never a pass)
 * @param worstScaledError the larger of the two oracles' worst scaled errors (threshold 1; infinite when a shape
 *                         does not fit the declared layout; NaN when not judged before any comparison)
 * @param evidence         one line per oracle, with the worst entry of each comparison that did not pass; for a
 *                         case not judged, why
 * @param diagnosis        what the gradient's error looks like, when it did not pass and a comparison was made;
 *                         null when it passed
 * @param kinks            (coordinate, sample) pairs whose finite-difference stencil reached past a kink
 * @param onKink           points (sample, layer, unit) on a kink within rounding, sides enumerated
 */
public record CaseVerdict(String caseId, Status status, double worstScaledError, String evidence,
        Diagnosis diagnosis, int kinks, int onKink) {

    /** The three outcomes; only {@link #PASS} is a pass. */
    public enum Status {
        PASS,
        /** Both oracles disagree with the gradient (or its shape fits no reading): the implementation is wrong. */
        FAIL,
        /** The suite could not decide; the evidence says why. */
        NOT_JUDGED
    }

    public CaseVerdict {
        if (status == Status.PASS && diagnosis != null) {
            throw new IllegalArgumentException("a passing verdict carries no diagnosis");
        }
    }

    public boolean passed() {
        return status == Status.PASS;
    }

    /** A case the suite did not judge, and why. */
    static CaseVerdict notJudged(String caseId, String why) {
        return new CaseVerdict(caseId, Status.NOT_JUDGED, Double.NaN, "not judged: " + why, null, 0, 0);
    }
}

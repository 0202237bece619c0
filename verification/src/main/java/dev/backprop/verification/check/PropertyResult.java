package dev.backprop.verification.check;

/**
 * The outcome of running one check over many generated cases.
 *
 * @param name        what was checked
 * @param cases       cases checked before the first failure (all of them when none failed)
 * @param worst       the worst scaled error over those cases
 * @param kinks       kinks met by finite differences over those cases ({@link Observation#kinks()})
 * @param onKink      points on a kink within rounding over those cases ({@link Observation#onKink()})
 * @param seed        the QuickTheories seed; with the name it replays the run
 * @param falsified   null when every case passed; else the observation on the smallest failing case
 * @param smallest    the smallest failing case after shrinking (its recipe), or "" when none failed
 */
public record PropertyResult(String name, int cases, double worst, int kinks, int onKink, long seed,
        Observation falsified, String smallest) {

    /** Cases evaluated before stopping: the passing ones, plus the first failing one if any. */
    public int tried() {
        return cases + (passed() ? 0 : 1);
    }

    public boolean passed() {
        return falsified == null;
    }

    /** The verdict on the whole run: PASS, or the kind of the smallest failing case. */
    public Observation.Kind kind() {
        return falsified == null ? Observation.Kind.PASS : falsified.kind();
    }

    /** A multi-line account for a failure message: what failed, where, and how to replay it. */
    public String report() {
        if (passed()) {
            return name + ": " + cases + " cases passed, worst scaled error " + worst;
        }
        return name + ": " + falsified.kind() + " after " + cases + " passing case(s)\n  smallest case: " + smallest
                + "\n  seed: " + seed + "\n  " + falsified.evidence().replace("\n", "\n  ");
    }
}

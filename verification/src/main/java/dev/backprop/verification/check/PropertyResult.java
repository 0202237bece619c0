package dev.backprop.verification.check;

/**
 * The outcome of running one check over many generated cases.
 *
 * @param name        what was checked
 * @param cases       cases checked before the first failure (all of them when none failed)
 * @param worst       the worst scaled error over those cases
 * @param kinks       kink points met over those cases ({@link Observation#kinks()})
 * @param bracketed   of those, points sitting on a kink ({@link Observation#bracketed()})
 * @param seed        the QuickTheories seed; with the name it replays the run
 * @param falsified   null when every case passed; else the observation on the smallest failing case
 * @param smallest    the smallest failing case after shrinking (its recipe), or "" when none failed
 */
public record PropertyResult(String name, int cases, double worst, int kinks, int bracketed, long seed,
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

package dev.backprop.verification.fuzz;

/**
 * How many hostile inputs each fuzz property tries, and from which seed. CI runs the defaults (the whole package in
 * well under a minute on two cores); a long run sets {@code -Dfuzz.examples=N} (every property tries N, those whose
 * inputs may be judged a tenth of it: {@link #judgedExamples}) and, for other inputs than CI's,
 * {@code -Dfuzz.seed=S}.
 */
final class FuzzBudget {
    /** The seed every property draws from unless {@code -Dfuzz.seed} says otherwise. */
    static final long DEFAULT_SEED = 20211001L;

    private FuzzBudget() {
    }

    /** {@code -Dfuzz.examples} if given, else {@code ciDefault}: a cheap kind may try more in CI than a costly one. */
    static int examples(int ciDefault) {
        String given = System.getProperty("fuzz.examples");
        if (given == null || given.isBlank()) {
            return ciDefault;
        }
        int n = Integer.parseInt(given.strip());
        if (n < 1) {
            throw new IllegalArgumentException("-Dfuzz.examples must be at least 1, got " + n);
        }
        return n;
    }

    /**
     * For a property whose inputs may be valid and then judged (a judge run costs 0.1 to 1 s, a refusal
     * milliseconds): {@code -Dfuzz.judged.examples} if given, else a tenth of {@code -Dfuzz.examples} (at least
     * {@code ciDefault}) if that is given, else {@code ciDefault}.
     */
    static int judgedExamples(int ciDefault) {
        String given = System.getProperty("fuzz.judged.examples");
        if (given != null && !given.isBlank()) {
            return Math.max(1, Integer.parseInt(given.strip()));
        }
        return System.getProperty("fuzz.examples") == null ? ciDefault : Math.max(ciDefault, examples(ciDefault) / 10);
    }

    static long seed() {
        String given = System.getProperty("fuzz.seed");
        return given == null || given.isBlank() ? DEFAULT_SEED : Long.parseLong(given.strip());
    }
}

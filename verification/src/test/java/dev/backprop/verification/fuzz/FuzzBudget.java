package dev.backprop.verification.fuzz;

/**
 * How many hostile inputs each fuzz property tries, and from which seed. CI runs the defaults (the whole package in
 * well under a minute on two cores); a long run sets {@code -Dfuzz.examples=N} (every property tries N) and, for
 * other inputs than CI's, {@code -Dfuzz.seed=S}.
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

    static long seed() {
        String given = System.getProperty("fuzz.seed");
        return given == null || given.isBlank() ? DEFAULT_SEED : Long.parseLong(given.strip());
    }
}

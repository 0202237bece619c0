package dev.backprop.verification.check;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Gen;
import org.quicktheories.core.Reporter;

/**
 * Runs a check over cases drawn by QuickTheories with a fixed seed, records the worst scaled error, and on the
 * first failure lets QuickTheories shrink to the smallest failing case, which is checked once more for the
 * evidence. The property tests and the gate both run their checks through here.
 */
public final class PropertyRun {
    /** The default seed: every run is reproducible unless a seed is asked for. */
    public static final long DEFAULT_SEED = 20211001L;

    private PropertyRun() {
    }

    /** Runs {@code check} over {@code examples} cases from {@code gen}. */
    public static <T> PropertyResult run(String name, Gen<T> gen, int examples, long seed,
            Function<T, Observation> check) {
        return run(name, gen, examples, seed, check, (value, observation) -> observation);
    }

    /**
     * As {@link #run(String, Gen, int, long, Function)}, and on a failure {@code explain} is given the smallest
     * failing case and its observation and returns evidence to report in its place (the same with a diagnosis or
     * the path of a replay file added). Only the evidence is taken: the verdict and the scaled error stay the
     * check's, so an explanation can never turn a failure into a pass. If {@code explain} itself throws, the
     * failure stands and the evidence says the explanation could not be made.
     */
    public static <T> PropertyResult run(String name, Gen<T> gen, int examples, long seed,
            Function<T, Observation> check, BiFunction<T, Observation, Observation> explain) {
        if (examples < 1) {
            throw new IllegalArgumentException("a property needs at least one example, got " + examples);
        }
        Tally tally = new Tally();
        Capture<T> capture = new Capture<>();
        // QuickTheories 0.26 checks n − 1 or n values for withExamples(n), depending on the generator and seed
        // (measured: it skips a draw it has seen); ask for one more and check no more than asked, so that exactly
        // `examples` cases are checked and the report's count is the count asked for. Once a case has failed,
        // every call is QuickTheories shrinking it and is checked.
        QuickTheory.qt().withFixedSeed(seed).withExamples(examples + 1).withReporter(capture).forAll(gen)
                .checkAssert(value -> {
                    if (!tally.failed && tally.drawn == examples) {
                        return;
                    }
                    tally.drawn++;
                    Observation o = safely(check, value);
                    if (!tally.failed) {
                        tally.record(o);
                    }
                    if (!o.passed()) {
                        tally.failed = true;
                        throw new AssertionError(o.evidence());
                    }
                });
        if (capture.smallest == null) {
            return new PropertyResult(name, tally.cases, tally.worst, tally.kinks, tally.onKink, seed, null, "");
        }
        Observation smallest = safely(check, capture.smallest);
        if (smallest.passed()) {
            // A check that passes on re-evaluation is not deterministic: that is itself a defect worth naming.
            smallest = Observation.fail(Double.NaN, "the failing case passed when checked again: the check is not "
                    + "deterministic; first failure: " + capture.cause);
        }
        Observation failed = smallest;
        T value = capture.smallest;
        String evidence;
        try {
            evidence = explain.apply(value, failed).evidence();
        } catch (RuntimeException e) {
            evidence = failed.evidence() + "\n(no diagnosis: explaining the failure threw " + e + ")";
        }
        return new PropertyResult(name, tally.cases, tally.worst, tally.kinks, tally.onKink, seed,
                new Observation(failed.kind(), failed.scaledError(), evidence, failed.kinks(), failed.onKink()),
                String.valueOf(value));
    }

    /** The check's observation; an exception escaping the check is the suite's fault, recorded as an ERROR. */
    private static <T> Observation safely(Function<T, Observation> check, T value) {
        try {
            return check.apply(value);
        } catch (RuntimeException e) {
            return Observation.error("the check itself threw " + e);
        }
    }

    private static final class Tally {
        int drawn;
        int cases;
        double worst;
        int kinks;
        int onKink;
        boolean failed;

        void record(Observation o) {
            cases += o.passed() ? 1 : 0;
            if (o.passed()) {
                worst = Math.max(worst, o.scaledError());
            }
            kinks += o.kinks();
            onKink += o.onKink();
        }
    }

    private static final class Capture<T> implements Reporter {
        T smallest;
        String cause = "";

        @Override
        @SuppressWarnings("unchecked")
        public void falisification(long seed, int examplesUsed, Object smallest, Throwable cause,
                List<Object> others, AsString<Object> asString) {
            this.smallest = (T) smallest;
            this.cause = String.valueOf(cause.getMessage());
        }

        @Override
        @SuppressWarnings("unchecked")
        public void falisification(long seed, int examplesUsed, Object smallest, List<Object> others,
                AsString<Object> asString) {
            this.smallest = (T) smallest;
        }

        @Override
        public void valuesExhausted(int examples) {
            throw new IllegalStateException("the generator could not produce " + examples + " examples");
        }
    }
}

package dev.backprop.verification.claims;

import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.check.PropertyRun;
import java.util.Optional;
import java.util.function.Function;
import org.quicktheories.core.Gen;

/**
 * One numbered statement of the seed, or one line of one of its proofs, made computable: an id, where it
 * stands in the seed, the statement as the seed prints it, the cases it is tried on, and the check that
 * evaluates both sides on a case. A claim that does not hold may carry a correction: another claim, the
 * statement that does hold, whose verdict is computed the same way.
 */
public final class Claim {
    private final String id;
    private final String source;
    private final String statement;
    private final Function<Long, Function<Integer, PropertyResult>> runner;
    private final Claim correction;

    private Claim(String id, String source, String statement,
            Function<Long, Function<Integer, PropertyResult>> runner, Claim correction) {
        this.id = id;
        this.source = source;
        this.statement = statement;
        this.runner = runner;
        this.correction = correction;
    }

    /** A claim checked by {@code check} on cases from {@code cases}. */
    public static <T> Claim of(String id, String source, String statement, Gen<T> cases,
            Function<T, Observation> check) {
        return new Claim(id, source, statement,
                seed -> examples -> PropertyRun.run(id, cases, examples, seed, check), null);
    }

    /** This claim with a correction: the statement that holds where this one does not. */
    public Claim correctedBy(Claim fix) {
        return new Claim(id, source, statement, runner, fix);
    }

    public String id() {
        return id;
    }

    /** Where the statement stands in the seed, e.g. {@code "§1 item 7"}. */
    public String source() {
        return source;
    }

    public String statement() {
        return statement;
    }

    public Optional<Claim> correction() {
        return Optional.ofNullable(correction);
    }

    /** Checks the claim on {@code examples} cases drawn with {@code seed}. */
    public ClaimResult check(long seed, int examples) {
        PropertyResult run = runner.apply(seed).apply(examples);
        ClaimResult fix = correction == null ? null : correction.check(seed, examples);
        return new ClaimResult(this, run, Verdict.of(run.kind()), fix);
    }
}

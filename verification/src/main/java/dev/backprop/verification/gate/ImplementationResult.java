package dev.backprop.verification.gate;

import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import java.util.List;

/**
 * Every check the gate ran on one implementation (or one pair of implementations).
 *
 * @param description the implementation's {@link Subject#description()}, or null (always for a pair)
 */
public record ImplementationResult(String name, List<PropertyResult> checks, String description) {
    public ImplementationResult {
        checks = List.copyOf(checks);
    }

    /** A result without a description. */
    public ImplementationResult(String name, List<PropertyResult> checks) {
        this(name, checks, null);
    }

    public boolean passed() {
        return checks.stream().allMatch(PropertyResult::passed);
    }

    /** True when some check found the implementation wrong (not merely unjudgeable). */
    public boolean failed() {
        return checks.stream().anyMatch(c -> !c.passed() && c.kind() != Observation.Kind.ERROR);
    }

    /** True when some check could not be carried out: a fault or a limit of the suite. */
    public boolean hasErrors() {
        return checks.stream().anyMatch(c -> c.kind() == Observation.Kind.ERROR);
    }
}

package dev.backprop.verification.gate;

import dev.backprop.verification.check.PropertyResult;
import java.util.List;

/** Every check the gate ran on one implementation (or one pair of implementations). */
public record ImplementationResult(String name, List<PropertyResult> checks) {
    public ImplementationResult {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return checks.stream().allMatch(PropertyResult::passed);
    }
}

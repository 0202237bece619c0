package dev.backprop.verification.contract;

import dev.backprop.verification.check.PropertyResult;
import org.opentest4j.AssertionFailedError;

/** How a contract test turns a check's result into a JUnit outcome. */
final class ContractAssertions {
    /** Random networks per check in a contract test: a quarter of the gate's default, for a unit-test budget. */
    static final int DEFAULT_CASES = 50;

    private ContractAssertions() {
    }

    /**
     * Returns when the check passed on every case it was asked for; otherwise fails with the gate's account of
     * the smallest failing case. A run that passed on fewer cases than {@code asked} is failed too: a check
     * that silently skipped cases proves less than it says.
     */
    static void assertPassed(PropertyResult result, int asked) {
        if (!result.passed()) {
            throw new AssertionFailedError(result.report());
        }
        if (result.cases() != asked) {
            throw new AssertionFailedError(result.name() + ": checked " + result.cases() + " cases, asked for " + asked);
        }
    }
}

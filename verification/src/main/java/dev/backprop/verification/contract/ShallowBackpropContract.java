package dev.backprop.verification.contract;

import dev.backprop.spec.ShallowBackprop;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.gate.ShallowCheck;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The JUnit 5 contract of a {@link ShallowBackprop} (Proposition 2's network): a test class implements this
 * interface, returns its implementation from {@link #subject()}, and inherits one test per {@link ShallowCheck}
 * — the checks the gate runs.
 */
public interface ShallowBackpropContract {
    /** The implementation under test; called once per check. */
    ShallowBackprop subject();

    /** Random networks per check. */
    default int cases() {
        return ContractAssertions.DEFAULT_CASES;
    }

    /** The seed every check draws its networks with. */
    default long seed() {
        return PropertyRun.DEFAULT_SEED;
    }

    /** One test per {@link ShallowCheck}, named by it. */
    @TestFactory
    default Stream<DynamicTest> shallowBackpropContract() {
        return Arrays.stream(ShallowCheck.values()).map(check -> DynamicTest.dynamicTest(check.label(),
                () -> ContractAssertions.assertPassed(check.run(subject(), seed(), cases()), cases())));
    }
}

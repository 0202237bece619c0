package dev.backprop.verification.contract;

import dev.backprop.spec.DeepBackprop;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.gate.DeepCheck;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The JUnit 5 contract of a {@link DeepBackprop}: a test class implements this interface and says what to
 * check, and inherits one test per {@link DeepCheck} — the same checks the gate runs:
 *
 * <pre>{@code
 * class MyBackpropContractTest implements DeepBackpropContract {
 *     public DeepBackprop subject() { return new MyBackprop(); }
 * }
 * }</pre>
 *
 * A failing check fails its test with the gate's account: the smallest failing case, its seed, the evidence
 * and the diagnosis. {@link #cases()} and {@link #seed()} may be overridden (a nightly job may raise the one and
 * vary the other).
 */
public interface DeepBackpropContract {
    /** The implementation under test; called once per check. */
    DeepBackprop subject();

    /** Random networks per check; the gate's default is 200, a unit-test run may take fewer. */
    default int cases() {
        return ContractAssertions.DEFAULT_CASES;
    }

    /** The seed every check draws its networks with. */
    default long seed() {
        return PropertyRun.DEFAULT_SEED;
    }

    /** One test per {@link DeepCheck}, named by it. */
    @TestFactory
    default Stream<DynamicTest> deepBackpropContract() {
        return Arrays.stream(DeepCheck.values()).map(check -> DynamicTest.dynamicTest(check.label(),
                () -> ContractAssertions.assertPassed(check.run(subject(), seed(), cases()), check.casesFor(cases()))));
    }
}

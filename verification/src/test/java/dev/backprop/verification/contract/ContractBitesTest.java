package dev.backprop.verification.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.DeepBackprop;
import dev.backprop.spec.ShallowBackprop;
import dev.backprop.verification.gate.DeepCheck;
import dev.backprop.verification.gate.ShallowCheck;
import dev.backprop.verification.planted.PlantableBackprop;
import dev.backprop.verification.planted.PlantableDeepBackprop;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The contract's tests must fail for a wrong implementation: a contract that passes everything would let every
 * user's wrong code through. Each planted fault runs the inherited dynamic tests and expects them to fail with
 * the gate's account; the correct control passes them all.
 */
class ContractBitesTest {
    @Test
    void deepContractRejectsAPlantedFaultInEveryCheckItCanSee() {
        DeepBackpropContract contract = () -> new PlantableDeepBackprop(PlantableDeepBackprop.Fault.MEAN_TAKEN_AS_SUM);
        List<DynamicTest> tests = contract.deepBackpropContract().toList();
        assertEquals(DeepCheck.values().length, tests.size(), "one test per deep check");
        int failed = 0;
        for (DynamicTest t : tests) {
            AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> t.getExecutable().execute(),
                    t.getDisplayName() + " must reject a mean taken as a sum");
            assertTrue(e.getMessage().contains("smallest case"), e.getMessage());
            failed++;
        }
        assertEquals(DeepCheck.values().length, failed);
    }

    @Test
    void deepContractRejectsAKinkOnlyFault() {
        DeepBackpropContract contract = () -> new PlantableDeepBackprop(PlantableDeepBackprop.Fault.KINK_HALF_SLOPE);
        List<DynamicTest> atKinks = contract.deepBackpropContract()
                .filter(t -> t.getDisplayName().contains("kinks")).toList();
        assertEquals(2, atKinks.size());
        for (DynamicTest t : atKinks) {
            assertThrows(AssertionFailedError.class, () -> t.getExecutable().execute(), t.getDisplayName());
        }
    }

    @Test
    void deepContractPassesTheCorrectControl() throws Throwable {
        DeepBackpropContract contract = () -> new PlantableDeepBackprop(PlantableDeepBackprop.Fault.NONE);
        int ran = 0;
        for (DynamicTest t : contract.deepBackpropContract().toList()) {
            t.getExecutable().execute();
            ran++;
        }
        assertEquals(DeepCheck.values().length, ran);
    }

    @Test
    void shallowContractRejectsATransposedGradient() {
        ShallowBackpropContract contract = new ShallowBackpropContract() {
            @Override
            public ShallowBackprop subject() {
                return new PlantableBackprop(PlantableBackprop.Fault.TRANSPOSED_W1);
            }
        };
        List<DynamicTest> tests = contract.shallowBackpropContract().toList();
        assertEquals(ShallowCheck.values().length, tests.size());
        DynamicTest ad = tests.get(ShallowCheck.FORWARD_MODE_AD.ordinal());
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> ad.getExecutable().execute());
        assertTrue(e.getMessage().contains("W1"), e.getMessage());
    }

    @Test
    void aContractRunThatCheckedFewerCasesThanAskedFails() {
        var result = DeepCheck.FORWARD_MODE_AD.run(new PlantableDeepBackprop(PlantableDeepBackprop.Fault.NONE), 1L, 3);
        assertThrows(AssertionFailedError.class, () -> ContractAssertions.assertPassed(result, 4));
        ContractAssertions.assertPassed(result, 3);
    }
}

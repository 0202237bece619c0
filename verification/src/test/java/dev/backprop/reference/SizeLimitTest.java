package dev.backprop.reference;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The reference's count of Jacobian entries ({@link SizeLimit}), checked against this test's own count for a few
 * shapes, and the refusal at the limit's edge. Written in the package of {@link SizeLimit} (package-private) but kept
 * in the verification module, whose tests are the ones PIT runs against the reference's mutants.
 *
 * <p>The count, from the δ-sum definition of each Jacobian (rows = entries of the output, columns = entries of the
 * input; a Jacobian has rows × columns entries):
 * <ul>
 *   <li>deep network of widths n_0 … n_L, per sample: ∂ℓ_b/∂ŷ is 1 × n_L; for each layer k, z_k = W_kᵀ s_{k−1} + b_k
 *       with W_k ∈ R^{n_{k−1}×n_k}, so ∂z_k/∂W_k is n_k × (n_{k−1}·n_k) and ∂z_k/∂b_k is n_k × n_k; for each hidden
 *       layer k &lt; L, ∂s_k/∂z_k is n_k × n_k and ∂z_{k+1}/∂s_k is n_{k+1} × n_k;</li>
 *   <li>shallow (d, h, n) network, per sample: ∂ℓ/∂r is 1 × n, ∂r/∂s is n × h, ∂s/∂z is h × h; split: ∂z/∂W⁽¹⁾ is
 *       h × (d·h), ∂z/∂b₁ is h × h, ∂r/∂W⁽²⁾ is n × (h·n), ∂r/∂b₂ is n × n; augmented: ∂z/∂W̃⁽¹⁾ is h × ((d+1)·h) and
 *       ∂r/∂W̃⁽²⁾ is n × ((h+1)·n).</li>
 * </ul>
 * The expected totals below are those products summed by hand, tensor by tensor, for shapes whose widths differ from
 * one another (so a product with a factor swapped, divided or dropped changes the total) and shapes of 1s.
 */
class SizeLimitTest {
    private static final long LIMIT = ReferenceDeepBackprop.MAX_JACOBIAN_ENTRIES;

    @Test
    void deepCountIsTheSumOfTheDocumentedJacobians() {
        // (1, 1, 1): ∂ℓ/∂ŷ 1; layer 1: ∂z/∂W 1, ∂z/∂b 1, ∂s/∂z 1, ∂z₂/∂s₁ 1; layer 2: ∂z/∂W 1, ∂z/∂b 1
        assertEquals(1 + (1 + 1 + 1 + 1) + (1 + 1), SizeLimit.deepPerSample(new int[] {1, 1, 1}));
        // (2, 3), one layer: ∂ℓ/∂ŷ 3; ∂z/∂W 3·(2·3) = 18; ∂z/∂b 3·3 = 9
        assertEquals(3 + 18 + 9, SizeLimit.deepPerSample(new int[] {2, 3}));
        // (3, 1, 4, 2): ∂ℓ/∂ŷ 2;
        // layer 1 (3 → 1): ∂z/∂W 1·(3·1) = 3, ∂z/∂b 1, ∂s/∂z 1, ∂z₂/∂s₁ 4·1 = 4
        // layer 2 (1 → 4): ∂z/∂W 4·(1·4) = 16, ∂z/∂b 16, ∂s/∂z 16, ∂z₃/∂s₂ 2·4 = 8
        // layer 3 (4 → 2): ∂z/∂W 2·(4·2) = 16, ∂z/∂b 4
        assertEquals(2 + (3 + 1 + 1 + 4) + (16 + 16 + 16 + 8) + (16 + 4),
                SizeLimit.deepPerSample(new int[] {3, 1, 4, 2}));
        // the (784, 512, 10): ∂ℓ/∂ŷ 10; layer 1: 512·(784·512) = 205,520,896, 512² twice, ∂z₂/∂s₁ 10·512;
        // layer 2: 10·(512·10) = 51,200, ∂z/∂b 100
        assertEquals(10 + (205_520_896 + 262_144 + 262_144 + 5_120) + (51_200 + 100),
                SizeLimit.deepPerSample(new int[] {784, 512, 10}));
    }

    @Test
    void shallowCountIsTheSumOfTheDocumentedJacobians() {
        // (1, 1, 1): chain 1 + 1 + 1; split 1 + 1 + 1 + 1; augmented 1·2·1 + 1·2·1
        assertEquals(3 + 4, SizeLimit.shallowPerSample(1, 1, 1, false));
        assertEquals(3 + 4, SizeLimit.shallowPerSample(1, 1, 1, true));
        // (4, 3, 2): chain 2 + 2·3 + 3·3 = 17; split 3·(4·3) = 36, 9, 2·(3·2) = 12, 4;
        // augmented 3·(5·3) = 45, 2·(4·2) = 16
        assertEquals(17 + 36 + 9 + 12 + 4, SizeLimit.shallowPerSample(4, 3, 2, false));
        assertEquals(17 + 45 + 16, SizeLimit.shallowPerSample(4, 3, 2, true));
        // (3, 2, 5): chain 5 + 5·2 + 2·2 = 19; split 2·(3·2) = 12, 4, 5·(2·5) = 50, 25;
        // augmented 2·(4·2) = 16, 5·(3·5) = 75
        assertEquals(19 + 12 + 4 + 50 + 25, SizeLimit.shallowPerSample(3, 2, 5, false));
        assertEquals(19 + 16 + 75, SizeLimit.shallowPerSample(3, 2, 5, true));
    }

    /**
     * Widths (d, 1) count d·1 + 1 + 1 = d + 2 entries per sample: d = 2²⁶ − 2 is exactly at the limit and is
     * allowed, d = 2²⁶ − 1 is one entry above and is refused.
     */
    @Test
    void aShapeAtTheLimitIsAllowedAndOneEntryAboveIsRefused() {
        int[] atLimit = {(int) LIMIT - 2, 1};
        int[] above = {(int) LIMIT - 1, 1};
        assertEquals(LIMIT, SizeLimit.deepPerSample(atLimit));
        assertEquals(LIMIT + 1, SizeLimit.deepPerSample(above));
        assertDoesNotThrow(() -> SizeLimit.require("t", atLimit, 1, SizeLimit.deepPerSample(atLimit)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SizeLimit.require("t", above, 1, SizeLimit.deepPerSample(above)));
        assertTrue(e.getMessage().contains("67,108,864"), e.getMessage());
    }

    /** The limit is on the whole batch: 2²⁴ entries per sample is allowed for B = 4 (2²⁶) and refused for B = 5. */
    @Test
    void theLimitIsOnPerSampleTimesTheBatch() {
        int[] widths = {2, 3};
        double perSample = LIMIT / 4.0;
        assertDoesNotThrow(() -> SizeLimit.require("t", widths, 4, perSample));
        assertThrows(IllegalArgumentException.class, () -> SizeLimit.require("t", widths, 5, perSample));
    }
}

package dev.backprop.optimized;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/**
 * Auto's threshold at its edge: a pass of exactly {@link Backend#NATIVE_MIN_MULTIPLY_ADDS} = 2¹¹ multiply-adds goes
 * to OpenBLAS (where it loads), one of 2¹¹ − 1 does not. Multiply-adds counted here from the products of the pass,
 * n_k n_{k−1} B each: W₁S₀ and S₀G₁ᵀ for layer 1, and W_kS_{k−1}, S_{k−1}G_kᵀ, W_kᵀG_k for every later layer.
 */
class AutoThresholdTest {
    @Test
    void exactlyTheThresholdGoesToOpenBlasAndOneBelowDoesNot() {
        // (16, 64), B = 1: 2 · 64·16 = 2,048
        int[] at = {16, 64};
        assertEquals(2 * 64 * 16, Backend.multiplyAdds(at, 1));
        assertEquals(Backend.NATIVE_MIN_MULTIPLY_ADDS, Backend.multiplyAdds(at, 1),
                "premise: the shape is at the threshold");
        assertEquals(NativeBlas.available(), Backend.AUTO.usesOpenBlas(at, 1));
        // (5, 1, 679), B = 1: 2 · 1·5 + 3 · 679·1 = 10 + 2,037 = 2,047
        int[] below = {5, 1, 679};
        assertEquals(2 * 5 + 3 * 679, Backend.multiplyAdds(below, 1));
        assertEquals(Backend.NATIVE_MIN_MULTIPLY_ADDS - 1, Backend.multiplyAdds(below, 1),
                "premise: the shape is one below the threshold");
        assertFalse(Backend.AUTO.usesOpenBlas(below, 1));
    }
}

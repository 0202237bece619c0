package dev.backprop.verification.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.large.ProjectionCheck;
import dev.backprop.verification.large.ProjectionResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * σ' gauges with |σ''| bounded over z's rounding interval instead of over the line. At entry scale 10 the global
 * bound charged every saturated unit max|σ''|·zG, and the gradient gauges grew so loose that one sign-flipped entry
 * of ∂ℓ/∂W_L passed the random projections (their tolerance is ε·K·‖G‖₁) in 119 of 997 random smooth networks; with
 * the local bound, 7 (measured with both builds over the same 997 cases, README). This case is one of the 112.
 */
class DeepGaugesCurvatureTest {
    private static final DeepCase CASE = Generators.deepCase(new int[] {59, 41, 41, 37, 10},
            List.of(Activation.SOFTPLUS, Activation.SOFTPLUS, Activation.TANH),
            new Objective(Loss.HALF_SQUARED_ERROR, Reduction.MEAN), 9, 10.0, Generators.Targets.RANDOM,
            123557364688167796L);

    @Test
    void aSignFlippedEntryOfASaturatedNetworkIsRejectedByTheProjections() {
        assertEquals("L=4 widths=59,41,41,37,10 act=softplus,softplus,tanh loss=half_squared_error reduction=mean B=9 "
                + "scale=10.0 target=random seed=123557364688167796", CASE.recipe());
        DeepGradient right = new OptimizedDeepBackprop().gradient(CASE.network(), CASE.batch(), CASE.objective())
                .in(Layout.NUMERATOR);
        // ∂ℓ/∂W4[20, 8] = −3.08, one of 10,360 entries
        List<Matrix> weights = new ArrayList<>();
        List<Matrix> biases = new ArrayList<>();
        for (int k = 1; k <= 4; k++) {
            Matrix m = right.weight(k);
            weights.add(k < 4 ? m : Matrix.fromFunction(m.rows(), m.cols(),
                    (i, j) -> i == 20 && j == 8 ? -m.get(i, j) : m.get(i, j)));
            biases.add(right.bias(k));
        }
        DeepGradient flipped = new DeepGradient(Layout.NUMERATOR, weights, biases);
        ProjectionResult wrong = ProjectionCheck.check(CASE.network(), CASE.batch(), CASE.objective(), flipped, 1L);
        assertFalse(wrong.passed(), wrong::describe);
        // and the right gradient of the same case is not a false alarm (full AD is too costly at 6,116 parameters)
        ProjectionResult good = ProjectionCheck.check(CASE.network(), CASE.batch(), CASE.objective(), right, 1L);
        assertTrue(good.passed(), good::describe);
    }

    @Test
    void theCurvatureFactorsBoundSecondBySlopeOnAGrid() {
        for (Activation act : List.of(Activation.TANH, Activation.SIGMOID, Activation.SOFTPLUS)) {
            double c = DeepGauges.curvatureOverSlope(act);
            for (double z = -20; z <= 20; z += 0.125) {
                // σ' formed from s has an absolute error near ε, so the quotient rounds by about 2ε/h = 4.4e-12: the
                // slack 1e-11 covers it, and where c·σ' is below that (tanh beyond |z| ≈ 13) the grid says nothing
                double h = 1e-4;
                double second = (act.derivative(z + h) - act.derivative(z - h)) / (2 * h);
                assertTrue(Math.abs(second) <= c * Math.abs(act.derivative(z)) * (1 + 1e-3) + 1e-11,
                        act + " at z=" + z + ": |σ''| ≈ " + second + " > " + c + "·σ' = " + c * act.derivative(z));
            }
        }
    }
}

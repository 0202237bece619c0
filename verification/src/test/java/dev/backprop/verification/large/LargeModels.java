package dev.backprop.verification.large;

import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.generate.Generators.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The fixed models of the large-model tests, and gradients with one fault planted. Built by
 * {@link Generators#deepCase}, so each recipe rebuilds its case. Entry scale 0.25: with 784 inputs a pre-activation
 * of layer 1 is a sum of 784 products of entries uniform in ±0.25, RMS about 28·0.144² ≈ 0.6, and of layer 2 about
 * 1.6 — the units work in their curved range, neither linear nor saturated.
 */
final class LargeModels {
    /** The size the issue names: (784, 512, 10), P = 407,050; tanh, softmax cross-entropy, mean, B = 32. */
    static final DeepCase TANH_784 = Generators.deepCase(new int[] {784, 512, 10}, List.of(Activation.TANH),
            new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.MEAN), 32, 0.25, Targets.ONE_HOT, 1L);
    /** (784, 512, 10) with ReLU, ½‖r‖² summed, random targets, B = 32. */
    static final DeepCase RELU_784 = Generators.deepCase(new int[] {784, 512, 10}, List.of(Activation.RELU),
            new Objective(Loss.HALF_SQUARED_ERROR, Reduction.SUM), 32, 0.25, Targets.RANDOM, 2L);
    /** (784, 512, 10) with ReLU under softmax cross-entropy, mean, B = 32. */
    static final DeepCase RELU_CE_784 = Generators.deepCase(new int[] {784, 512, 10}, List.of(Activation.RELU),
            new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.MEAN), 32, 0.25, Targets.ONE_HOT, 3L);
    /** A square middle layer (W2 is 96×96), so that a transposed ∂ℓ/∂W2 has the right shape: P = 22,666. */
    static final DeepCase SQUARE = Generators.deepCase(new int[] {128, 96, 96, 10},
            List.of(Activation.TANH, Activation.SOFTPLUS), new Objective(Loss.MEAN_SQUARED_ERROR, Reduction.MEAN), 16,
            0.25, Targets.RANDOM, 4L);
    /** Small enough for the full forward-mode AD gradient (P = 464), with forced slopes: σ' omitted is built there. */
    static final DeepCase SMALL = Generators.deepCase(new int[] {12, 16, 12, 4},
            List.of(Activation.TANH, Activation.SIGMOID), new Objective(Loss.HALF_SQUARED_ERROR, Reduction.SUM), 6,
            1.0, Targets.RANDOM, 5L);

    private LargeModels() {
    }

    /** The gradient with ∂ℓ/∂W_k (or ∂ℓ/∂b_k) replaced by {@code f} of it, in numerator layout. */
    static DeepGradient replace(DeepGradient gradient, int layer, boolean bias, UnaryOperator<Matrix> f) {
        DeepGradient g = gradient.in(Layout.NUMERATOR);
        List<Matrix> w = new ArrayList<>();
        List<Matrix> b = new ArrayList<>();
        for (int k = 1; k <= g.depth(); k++) {
            w.add(!bias && k == layer ? f.apply(g.weight(k)) : g.weight(k));
            b.add(bias && k == layer ? f.apply(g.bias(k)) : g.bias(k));
        }
        return new DeepGradient(Layout.NUMERATOR, w, b);
    }

    /** The entry of largest magnitude: {row, column}. */
    static int[] largest(Matrix m) {
        int bi = 0;
        int bj = 0;
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                if (Math.abs(m.get(i, j)) > Math.abs(m.get(bi, bj))) {
                    bi = i;
                    bj = j;
                }
            }
        }
        return new int[] {bi, bj};
    }

    /** {@code m} with entry (row, col) multiplied by {@code factor}. */
    static Matrix scaleEntry(Matrix m, int row, int col, double factor) {
        return Matrix.fromFunction(m.rows(), m.cols(), (i, j) -> i == row && j == col ? m.get(i, j) * factor
                : m.get(i, j));
    }

    /** The gradient with its entry of largest magnitude in ∂ℓ/∂W_k (or ∂ℓ/∂b_k) multiplied by {@code factor}. */
    static DeepGradient scaleLargest(DeepGradient gradient, int layer, boolean bias, double factor) {
        DeepGradient g = gradient.in(Layout.NUMERATOR);
        Matrix m = bias ? g.bias(layer) : g.weight(layer);
        int[] at = largest(m);
        return replace(g, layer, bias, x -> scaleEntry(x, at[0], at[1], factor));
    }

    /** A projection result as an observation of one case, for {@code PropertyRun}. */
    static Observation observe(ProjectionResult r) {
        return r.passed() ? Observation.pass(r.worstScaledError())
                : Observation.fail(r.worstScaledError(), r.describe());
    }

    /** Wall time of {@code task} in seconds. */
    static double seconds(Runnable task) {
        long start = System.nanoTime();
        task.run();
        return (System.nanoTime() - start) / 1e9;
    }
}

package dev.backprop.reference;

import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.ShapeMismatchException;
import dev.backprop.spec.Vector;
import java.util.Objects;

/**
 * ∂ℓ_b/∂ŷ for each per-sample {@link Loss}, the first Jacobian of a deep network's chain rule, materialised
 * entry by entry from a δ-sum written from the loss's definition in {@link Loss} (and not from any closed
 * form such as p − y), as {@link ReferenceJacobians#dldr} is for the seed's ℓ = ½‖r‖². The result is the 1×n
 * row of seed item 1a. No method modifies its arguments.
 */
final class LossJacobians {

    /**
     * ∂ℓ_b/∂ŷ ∈ R^{1×n} of {@code loss} at the output ŷ and target y: the row g_L that starts the deep chain
     * rule. No argument is modified.
     *
     * @param loss the per-sample loss ℓ_b
     * @param yHat the network's output ŷ, length n
     * @param y    the target y, length n
     * @throws IllegalArgumentException if no δ-sum is written here for {@code loss}
     */
    Matrix dldyHat(Loss loss, Vector yHat, Vector y) {
        Objects.requireNonNull(loss, "loss is missing");
        ShapeMismatchException.require(yHat.size() == y.size(), "∂ℓ/∂ŷ of " + loss.reportName(),
                "ŷ has " + yHat.size() + " entries", "y has " + y.size(), "ŷ and y need one entry per output");
        // Each loss has its own derivation; one that gained no δ-sum here must not fall back on another's.
        return switch (loss) {
            case HALF_SQUARED_ERROR -> halfSquaredError(yHat, y);
            case MEAN_SQUARED_ERROR -> meanSquaredError(yHat, y);
            case SOFTMAX_CROSS_ENTROPY -> softmaxCrossEntropy(yHat, y);
            default -> throw new IllegalArgumentException(
                    "no δ-sum for ∂ℓ/∂ŷ of the loss " + loss.reportName() + " in the reference");
        };
    }

    /**
     * ℓ = ½ Σ_j (ŷ_j − y_j)², the seed's loss with r = ŷ − y: "∂ℓ/∂r_i = ½ Σ_j 2 r_j ∂r_j/∂r_i = Σ_j r_j δ_ij",
     * and ∂r_j/∂ŷ_i = δ_ij, so ∂ℓ/∂ŷ_i = Σ_j (ŷ_j − y_j) δ_ij.
     */
    private static Matrix halfSquaredError(Vector yHat, Vector y) {
        return Matrix.fromFunction(1, yHat.size(), (row, i) -> {
            double sum = 0.0;
            // ∂ℓ/∂ŷ_i = ½ Σ_j 2 (ŷ_j − y_j) ∂ŷ_j/∂ŷ_i = Σ_j (ŷ_j − y_j) δ_ij.
            for (int j = 0; j < yHat.size(); j++) {
                sum += Kronecker.delta(i, j, yHat.get(j) - y.get(j));
            }
            return sum;
        });
    }

    /**
     * ℓ = (1/n) Σ_j (ŷ_j − y_j)²: ∂ℓ/∂ŷ_i = (1/n) Σ_j 2 (ŷ_j − y_j) δ_ij = (2/n) Σ_j (ŷ_j − y_j) δ_ij.
     */
    private static Matrix meanSquaredError(Vector yHat, Vector y) {
        int n = yHat.size();
        return Matrix.fromFunction(1, n, (row, i) -> {
            double sum = 0.0;
            // ∂ℓ/∂ŷ_i = (1/n) Σ_j 2 (ŷ_j − y_j) ∂ŷ_j/∂ŷ_i = (2/n) Σ_j (ŷ_j − y_j) δ_ij.
            for (int j = 0; j < n; j++) {
                sum += Kronecker.delta(i, j, yHat.get(j) - y.get(j));
            }
            return (2.0 / n) * sum;
        });
    }

    /**
     * ℓ = −Σ_j y_j log p_j with p = softmax(ŷ), p_j = e^{ŷ_j} / Σ_k e^{ŷ_k}. Since log p_j = ŷ_j − log Σ_k e^{ŷ_k},
     * ∂ log p_j/∂ŷ_i = δ_ij − e^{ŷ_i} / Σ_k e^{ŷ_k} = δ_ij − p_i, so ∂ℓ/∂ŷ_i = −Σ_j y_j (δ_ij − p_i). The sum is
     * kept as it is rather than simplified to p_i − y_i, which holds only when Σ_j y_j = 1; it equals
     * p_i Σ_j y_j − y_i.
     */
    private static Matrix softmaxCrossEntropy(Vector yHat, Vector y) {
        int n = yHat.size();
        double max = Double.NEGATIVE_INFINITY;
        // m = max_k ŷ_k: p_i = e^{ŷ_i − m} / Σ_k e^{ŷ_k − m} is the same p, and no e^{ŷ_k − m} exceeds 1.
        for (int k = 0; k < n; k++) {
            max = Math.max(max, yHat.get(k));
        }
        double m = max;
        double sumExp = 0.0;
        // Σ_k e^{ŷ_k − m}, the shifted denominator of the softmax.
        for (int k = 0; k < n; k++) {
            sumExp += Math.exp(yHat.get(k) - m);
        }
        double denominator = sumExp;
        Vector p = Vector.fromFunction(n, i -> Math.exp(yHat.get(i) - m) / denominator);
        return Matrix.fromFunction(1, n, (row, i) -> {
            double sum = 0.0;
            // ∂ℓ/∂ŷ_i = −Σ_j y_j ∂ log p_j/∂ŷ_i = −Σ_j y_j (δ_ij − p_i) = −Σ_j (δ_ij y_j − y_j p_i).
            for (int j = 0; j < n; j++) {
                sum += Kronecker.delta(i, j, y.get(j)) - y.get(j) * p.get(i);
            }
            return -sum;
        });
    }
}

package dev.backprop.reference;

import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepBackprop;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Vector;
import java.util.ArrayList;
import java.util.List;

/**
 * Backpropagation through a {@link DeepNetwork} as the proof of Proposition 2 computes it, layer after
 * layer: the forward pass as index sums, then the chain rule as explicit index sums over Jacobians
 * materialised entry by entry from their δ-sums ({@link ReferenceJacobians} for every layer, and a
 * package-private δ-sum per {@link dev.backprop.spec.Loss} for ∂ℓ_b/∂ŷ). The recursion
 * "g_k = g_{k+1} W_{k+1} diag(σ_k'(z_k))" of {@link DeepBackprop} is never written as a product of matrices,
 * so this class checks that recursion rather than restating it.
 *
 * <p>For a depth-2 network and {@link Objective#SEED} every number is computed by the same index sums, in the
 * same order, as {@link ReferenceBackprop} computes Proposition 2. Results are in {@link Layout#NUMERATOR},
 * the seed's layout.
 */
public final class ReferenceDeepBackprop implements DeepBackprop {
    /**
     * The most Jacobian entries one call of either reference backprop materialises: 2²⁶ = 67,108,864, counted over
     * the batch before anything is allocated (per sample Σ_k n_k·n_{k−1}·n_k for ∂z_k/∂W_k, plus the matrix
     * Jacobians; see {@link #gradient}). The reference builds every entry from its δ-sum and contracts it once, at
     * some 10⁷ to 10⁸ entries a second, so the limit keeps a call to seconds and its largest tensor to at most
     * 512 MB; the gate's largest reference cases (depth 4, widths 64, batch 32) need about 2.6·10⁷. Above it a call
     * throws {@link IllegalArgumentException} naming the request, the limit, and the optimized implementation or
     * the large-model checks as what to use instead — never an hours-long run or an {@link OutOfMemoryError}.
     */
    public static final long MAX_JACOBIAN_ENTRIES = 1L << 26;

    private final ReferenceJacobians jacobians = new ReferenceJacobians();
    private final LossJacobians losses = new LossJacobians();

    /**
     * {@link DeepBackprop}: "g_L = ∂ℓ_b/∂ŷ; g_k = g_{k+1} W_{k+1} diag(σ_k'(z_k)), k = L−1, …, 1;
     * ∂ℓ_b/∂W_k = s_{k−1} g_k; ∂ℓ_b/∂b_k = g_k; ∂ℓ/∂θ = w Σ_b ∂ℓ_b/∂θ", each computed per sample as
     * g_k = g_{k+1} · ∂z_{k+1}/∂s_k · ∂s_k/∂z_k, ∂ℓ_b/∂W_k = g_k · ∂z_k/∂W_k and ∂ℓ_b/∂b_k = g_k · ∂z_k/∂b_k
     * over materialised Jacobians (∂z_k/∂W_k = I ⊗ s_{k−1} and ∂z_k/∂b_k = I from Proposition 1), summed over
     * the batch and weighted by w = 1 (sum) or 1/B (mean). ∂ℓ/∂W_k is n_{k−1}×n_k and ∂ℓ/∂b_k is 1×n_k.
     * No argument is modified.
     *
     * @throws dev.backprop.spec.ShapeMismatchException if the batch does not fit the network
     * @throws IllegalArgumentException                 if the objective is missing or the targets are not valid
     *                                                  for the loss
     * @throws dev.backprop.spec.NonFiniteValueException if the inputs are finite but the gradient overflows
     * @throws IllegalArgumentException                 before any allocation, if the Jacobians of the whole batch
     *                                                  (per sample: ∂ℓ_b/∂ŷ, and per layer ∂z_k/∂W_k
     *                                                  (n_k·n_{k−1}·n_k entries), ∂z_k/∂b_k, ∂s_k/∂z_k,
     *                                                  ∂z_{k+1}/∂s_k) exceed {@link #MAX_JACOBIAN_ENTRIES}
     */
    @Override
    public DeepGradient gradient(DeepNetwork network, Batch batch, Objective objective) {
        Objective.check(objective, network, batch);
        int depth = network.depth();
        int[] widths = new int[depth + 1];
        for (int k = 0; k <= depth; k++) {
            widths[k] = network.width(k);
        }
        // refused from the shapes alone, before the first Jacobian is allocated
        SizeLimit.require("ReferenceDeepBackprop.gradient", widths, batch.size(), SizeLimit.deepPerSample(widths));
        // Indexed by the seed's layer k = 1..L; slot 0 is unused so that W_k's gradient sits at k.
        Matrix[] sumW = new Matrix[depth + 1];
        Matrix[] sumB = new Matrix[depth + 1];
        // ∂ℓ/∂W_k starts at 0 ∈ R^{n_{k−1}×n_k}, ∂ℓ/∂b_k at 0 ∈ R^{1×n_k}, for k = 1..L.
        for (int k = 1; k <= depth; k++) {
            sumW[k] = Matrix.zeros(network.width(k - 1), network.width(k));
            sumB[k] = Matrix.zeros(1, network.width(k));
        }
        // ℓ = w Σ_b ℓ_b, so each gradient is w times the sum of the per-sample gradients.
        for (int b = 0; b < batch.size(); b++) {
            Vector[] s = new Vector[depth];
            Vector[] z = new Vector[depth + 1];
            s[0] = batch.input(b);
            // Forward pass: z_k = W_k s_{k−1} + b_k, and s_k = σ_k(z_k) for the hidden layers k < L.
            for (int k = 1; k <= depth; k++) {
                z[k] = IndexSums.affine(network.weight(k), network.bias(k), s[k - 1]);
                if (k < depth) {
                    s[k] = IndexSums.activate(network.activation(k), z[k]);
                }
            }

            Matrix[] g = new Matrix[depth + 1];
            // The output layer is linear, ŷ = z_L, so g_L = ∂ℓ_b/∂z_L is ∂ℓ_b/∂ŷ itself.
            g[depth] = losses.dldyHat(objective.loss(), z[depth], batch.target(b));
            // Chain rule through hidden layer k: g_k = g_{k+1} · ∂z_{k+1}/∂s_k · ∂s_k/∂z_k, k = L−1, …, 1.
            for (int k = depth - 1; k >= 1; k--) {
                g[k] = IndexSums.chainToZ(g[k + 1], jacobians.drds(network.weight(k + 1)),
                        jacobians.dsdz(z[k], network.activation(k)));
            }
            // Prop 1 applied to each layer z_k = W_k s_{k−1} + b_k: ∂ℓ_b/∂W_k = g_k · ∂z_k/∂W_k,
            // ∂ℓ_b/∂b_k = g_k · ∂z_k/∂b_k, added to the sums over the batch.
            for (int k = 1; k <= depth; k++) {
                int width = network.width(k);
                sumW[k] = IndexSums.plus(sumW[k], IndexSums.throughTensor(g[k], jacobians.dzdW(s[k - 1], width)));
                sumB[k] = IndexSums.plus(sumB[k], IndexSums.throughMatrix(g[k], jacobians.dzdb(width)));
            }
        }
        double w = objective.reduction().weight(batch.size());
        List<Matrix> weights = new ArrayList<>();
        List<Matrix> biases = new ArrayList<>();
        // ∂ℓ/∂θ = w Σ_b ∂ℓ_b/∂θ for every parameter, in the order W1, b1, …, WL, bL.
        for (int k = 1; k <= depth; k++) {
            weights.add(IndexSums.times(w, sumW[k]));
            biases.add(IndexSums.times(w, sumB[k]));
        }
        return new DeepGradient(Layout.NUMERATOR, weights, biases);
    }
}

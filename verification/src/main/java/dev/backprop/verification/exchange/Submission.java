package dev.backprop.verification.exchange;

import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import java.util.List;

/**
 * The gradient another implementation wrote for one case, as written: the matrices in the layout it declared,
 * not yet checked against the case's shapes beyond "the declared layout's shape or its transpose" (a
 * transposed shape is a finding of the judge — layout confusion — not bad input).
 *
 * @param caseId    the case answered
 * @param layout    the layout declared for this case
 * @param precision the format the implementation computed in
 * @param weights   ∂ℓ/∂W1, …, ∂ℓ/∂WL as written (every entry finite)
 * @param biases    ∂ℓ/∂b1, …, ∂ℓ/∂bL as written (a flat list is read as the declared layout's orientation)
 */
public record Submission(String caseId, Layout layout, Precision precision, List<Matrix> weights,
        List<Matrix> biases) {
    public Submission {
        weights = List.copyOf(weights);
        biases = List.copyOf(biases);
    }
}

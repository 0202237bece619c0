package dev.backprop.verification.gate;

import dev.backprop.spec.LinearLayerJacobians;
import dev.backprop.spec.SeedAlgebra;
import dev.backprop.spec.ShallowBackprop;

/**
 * What the gate checks of one implementation: its Prop 2 gradients always; its Prop 1 Jacobians against AD when
 * it has them; its Section 1 products against the first subject's (the reference) when it has them — there is
 * no oracle for a product but another independent implementation of it.
 *
 * @param algebra   null when the implementation has no {@link SeedAlgebra}
 * @param jacobians null when it has no {@link LinearLayerJacobians}
 */
public record Subject(ShallowBackprop backprop, SeedAlgebra algebra, LinearLayerJacobians jacobians) {
    public Subject {
        if (backprop == null) {
            throw new IllegalArgumentException("a subject needs a ShallowBackprop");
        }
    }

    /** A subject checked on its gradients only. */
    public static Subject gradientsOnly(ShallowBackprop backprop) {
        return new Subject(backprop, null, null);
    }
}

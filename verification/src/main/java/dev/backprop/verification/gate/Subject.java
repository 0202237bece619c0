package dev.backprop.verification.gate;

import dev.backprop.spec.DeepBackprop;
import dev.backprop.spec.LinearLayerJacobians;
import dev.backprop.spec.SeedAlgebra;
import dev.backprop.spec.ShallowBackprop;

/**
 * What the gate checks of one implementation: its Prop 2 gradients when it has a {@link ShallowBackprop}; its
 * deep-network gradients (every depth, activation, loss and reduction) when it has a {@link DeepBackprop}; its
 * Prop 1 Jacobians against AD when it has them; its Section 1 products against the first subject's (the
 * reference) when it has them — there is no oracle for a product but another independent implementation of it.
 *
 * @param backprop  null when the implementation has no {@link ShallowBackprop}
 * @param algebra   null when the implementation has no {@link SeedAlgebra}
 * @param jacobians null when it has no {@link LinearLayerJacobians}
 * @param deep      null when it has no {@link DeepBackprop}
 * @param description how it computes, in one line for the report's header (e.g. the backend of its matrix
 *                  products), or null when there is nothing to say
 */
public record Subject(ShallowBackprop backprop, SeedAlgebra algebra, LinearLayerJacobians jacobians,
        DeepBackprop deep, String description) {
    public Subject {
        if (backprop == null && deep == null) {
            throw new IllegalArgumentException("a subject needs a ShallowBackprop or a DeepBackprop");
        }
    }

    /** A subject without a description. */
    public Subject(ShallowBackprop backprop, SeedAlgebra algebra, LinearLayerJacobians jacobians,
            DeepBackprop deep) {
        this(backprop, algebra, jacobians, deep, null);
    }

    /** A subject without a deep-network implementation. */
    public Subject(ShallowBackprop backprop, SeedAlgebra algebra, LinearLayerJacobians jacobians) {
        this(backprop, algebra, jacobians, null);
    }

    /** A subject checked on its gradients only. */
    public static Subject gradientsOnly(ShallowBackprop backprop) {
        return new Subject(backprop, null, null);
    }

    /** A subject checked on its deep-network gradients only. */
    public static Subject deepOnly(DeepBackprop deep) {
        return new Subject(null, null, null, deep);
    }
}

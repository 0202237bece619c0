package dev.backprop.verification.claims;

import static dev.backprop.verification.claims.Evaluate.equal;
import static dev.backprop.verification.claims.Evaluate.sides;
import static dev.backprop.verification.numeric.Magnitudes.abs;

import dev.backprop.reference.ReferenceAlgebra;
import dev.backprop.spec.SeedAlgebra;
import dev.backprop.spec.Vector;
import dev.backprop.verification.generate.Draw;
import dev.backprop.verification.generate.Generators;
import java.util.List;

/**
 * The claims of the diagrams that close the seed ("Diagram to compute Back Propagation"). The two-hidden-
 * layer formula of Diagram 3 is checked by {@link DiagramThreeClaims}. Instances: dimension 0 is p (x ∈ R^p),
 * dimension 1 is m (r ∈ R^m).
 */
final class DiagramClaims {
    private static final SeedAlgebra ALG = new ReferenceAlgebra();

    private DiagramClaims() {
    }

    static List<Claim> all() {
        return List.of(Claim.of("D.convention", "Diagrams", "Convention rᵀ(I_m⊗x) = xᵀr", Generators.instances(2),
                instance -> sides(() -> {
                    Draw c = instance.draw();
                    Vector x = c.vector(c.dim(0));
                    Vector r = c.vector(c.dim(1));
                    return equal("rᵀ(I_m⊗x)", ALG.contractFirst(r, ALG.identityTensor(r.size(), x)), "xᵀr",
                            ALG.product(x.asRow(), r.asColumn()), ALG.outer(abs(x), abs(r)), r.size());
                })).correctedBy(Claim.of("D.convention*", "Diagrams", "rᵀ(I_m⊗x) = x rᵀ (item 7), a p×m matrix",
                Generators.instances(2), instance -> sides(() -> {
                    Draw c = instance.draw();
                    Vector x = c.vector(c.dim(0));
                    Vector r = c.vector(c.dim(1));
                    return equal("rᵀ(I_m⊗x)", ALG.contractFirst(r, ALG.identityTensor(r.size(), x)), "x rᵀ",
                            ALG.outer(x, r), ALG.outer(abs(x), abs(r)), r.size());
                }))));
    }
}

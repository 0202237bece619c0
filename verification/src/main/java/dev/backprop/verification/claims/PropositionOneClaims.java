package dev.backprop.verification.claims;

import static dev.backprop.verification.claims.Evaluate.delta;
import static dev.backprop.verification.claims.Evaluate.equal;
import static dev.backprop.verification.claims.Evaluate.sides;
import static dev.backprop.verification.numeric.Magnitudes.abs;

import dev.backprop.reference.ReferenceAlgebra;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.SeedAlgebra;
import dev.backprop.spec.Tensor3;
import dev.backprop.spec.Vector;
import dev.backprop.verification.check.AlgebraChecks;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.generate.Draw;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.generate.Instance;
import dev.backprop.verification.numeric.Magnitudes;
import dev.backprop.verification.numeric.SeedDerivatives;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * The claims of Proposition 1 (z = Wx + b, ∂z/∂W = I_h⊗x, ∂z/∂b = I_h) and each line of its proof.
 * Instances: dimension 0 is d, dimension 1 is h.
 */
final class PropositionOneClaims {
    private static final SeedAlgebra ALG = new ReferenceAlgebra();

    private PropositionOneClaims() {
    }

    static List<Claim> all() {
        List<Claim> claims = new ArrayList<>();
        claims.add(Claim.of("P1.W", "Prop 1", "z = Wx + b: ∂z/∂W = I_h⊗x ∈ R^{h×d×h}", Generators.instances(2),
                instance -> sides(() -> {
                    Layer l = new Layer(instance);
                    return equal("∂z/∂W (item 4)", l.dzdW(), "I_h⊗x", ALG.identityTensor(l.h, l.x),
                            ALG.identityTensor(l.h, abs(l.x)), 1);
                })));
        claims.add(Claim.of("P1.b", "Prop 1", "z = Wx + b: ∂z/∂b = I_h", Generators.instances(2), instance -> sides(() -> {
            Layer l = new Layer(instance);
            Matrix dzdb = SeedDerivatives.vectorByVector(l.b.toArray(), l::zOfB);
            return equal("∂z/∂b", dzdb, "I_h", Matrix.identity(l.h), Matrix.identity(l.h), 1);
        })));
        claims.add(Claim.of("P1.display", "Prop 1",
                "∂z/∂W is displayed as blocks whose last one is [x 0 ⋯ 0] (x in the first column)",
                Generators.instances(2), instance -> sides(() -> {
                    Layer l = new Layer(instance);
                    // the boxed display, transcribed where it is legible: its last block has x in column 1 (the
                    // top block prints as 0 ⋯ 0 and is not compared)
                    Matrix displayed = Matrix.fromFunction(l.d, l.h, (j, k) -> k == 0 ? l.x.get(j) : 0.0);
                    Matrix last = l.dzdW().slice(l.h - 1);
                    return equal("last block of ∂z/∂W (item 4)", last, "[x 0 ⋯ 0]", displayed,
                            Magnitudes.abs(displayed), 1);
                })).correctedBy(Claim.of("P1.display*", "Prop 1",
                "the last block of ∂z/∂W is [0 ⋯ 0 x]: block i has x in column i (item 4, (i,j,k) = δ_ik x_j)",
                Generators.instances(2), instance -> sides(() -> {
                    Layer l = new Layer(instance);
                    Tensor3 blocks = Tensor3.fromFunction(l.h, l.d, l.h, (i, j, k) -> k == i ? l.x.get(j) : 0);
                    return equal("∂z/∂W (item 4)", l.dzdW(), "x in column i of block i", blocks,
                            ALG.identityTensor(l.h, abs(l.x)), 1);
                }))));
        claims.add(Claim.of("P1.proof.W", "Prop 1, proof",
                "∂z_i/∂w_jk = ∂(w_iᵀx + b_i)/∂w_jk = ∂(Σ_l w_il x_l)/∂w_jk = Σ_l (∂w_il/∂w_jk) x_l"
                        + " = Σ_l δ_ij δ_lk x_l = δ_ij x_k",
                Generators.instances(2), instance -> sides(() -> {
                    Layer l = new Layer(instance);
                    int d = l.d;
                    Matrix dz = SeedDerivatives.vectorByVector(l.w.toArray(), l::zOfW);
                    Matrix dRow = SeedDerivatives.vectorByVector(l.w.toArray(), l::rowsPlusBias);
                    Matrix dSum = SeedDerivatives.vectorByVector(l.w.toArray(), l::rowsWithoutBias);
                    Matrix dw = SeedDerivatives.vectorByVector(l.w.toArray(), v -> v);
                    return new StepChain("i,j,k", l.h, l.h, d)
                            .step("∂z_i/∂w_jk", ix -> dz.get(ix[0], ix[1] * d + ix[2]))
                            .step("∂(w_iᵀx + b_i)/∂w_jk", ix -> dRow.get(ix[0], ix[1] * d + ix[2]))
                            .step("∂(Σ_l w_il x_l)/∂w_jk", ix -> dSum.get(ix[0], ix[1] * d + ix[2]))
                            .step("Σ_l (∂w_il/∂w_jk) x_l", ix -> {
                                double sum = 0;
                                for (int m = 0; m < d; m++) {
                                    sum += dw.get(ix[0] * d + m, ix[1] * d + ix[2]) * l.x.get(m);
                                }
                                return sum;
                            })
                            .step("Σ_l δ_ij δ_lk x_l", ix -> {
                                double sum = 0;
                                for (int m = 0; m < d; m++) {
                                    sum += delta(ix[0], ix[1]) * delta(m, ix[2]) * l.x.get(m);
                                }
                                return sum;
                            })
                            .step("δ_ij x_k", ix -> delta(ix[0], ix[1]) * l.x.get(ix[2]))
                            .gauge(ix -> Math.abs(l.x.get(ix[2])), d).check();
                })));
        claims.add(Claim.of("P1.proof.b", "Prop 1, proof",
                "∂z_i/∂b_j = ∂(w_iᵀx + b_i)/∂b_j = ∂b_i/∂b_j = δ_ij", Generators.instances(2), instance -> sides(() -> {
                    Layer l = new Layer(instance);
                    Matrix dz = SeedDerivatives.vectorByVector(l.b.toArray(), l::zOfB);
                    Matrix db = SeedDerivatives.vectorByVector(l.b.toArray(), v -> v);
                    return new StepChain("i,j", l.h, l.h)
                            .step("∂(w_iᵀx + b_i)/∂b_j", ix -> dz.get(ix[0], ix[1]))
                            .step("∂b_i/∂b_j", ix -> db.get(ix[0], ix[1]))
                            .step("δ_ij", ix -> delta(ix[0], ix[1]))
                            .gauge(ix -> 1.0, 1).check();
                })));
        return claims;
    }

    /** One linear layer z = Wx + b drawn from an instance: x ∈ R^d, W ∈ R^{h×d}, b ∈ R^h. */
    private static final class Layer {
        final int d;
        final int h;
        final Vector x;
        final Matrix w;
        final Vector b;

        Layer(Instance instance) {
            Draw c = instance.draw();
            d = c.dim(0);
            h = c.dim(1);
            x = c.vector(d);
            w = c.matrix(h, d);
            b = c.vector(h);
        }

        Tensor3 dzdW() {
            return SeedDerivatives.vectorByMatrix(w, v -> zOfW(Ds.rowMajor(v)));
        }

        /** z = Wx + b with W's entries (row-major) as the variables: Ds.linear is the matrix form. */
        DerivativeStructure[] zOfW(DerivativeStructure[] flatW) {
            DerivativeStructure[] z = new DerivativeStructure[h];
            for (int i = 0; i < h; i++) {
                DerivativeStructure[] row = new DerivativeStructure[d];
                System.arraycopy(flatW, i * d, row, 0, d);
                z[i] = Ds.linear(x.asRow(), row)[0].add(b.get(i));
            }
            return z;
        }

        /** w_iᵀx + b_i, row by row: the proof's second expression. */
        DerivativeStructure[] rowsPlusBias(DerivativeStructure[] flatW) {
            DerivativeStructure[] z = rowsWithoutBias(flatW);
            for (int i = 0; i < h; i++) {
                z[i] = z[i].add(b.get(i));
            }
            return z;
        }

        /** Σ_l w_il x_l: the proof's third expression, the bias dropped as a constant. */
        DerivativeStructure[] rowsWithoutBias(DerivativeStructure[] flatW) {
            DerivativeStructure[] z = new DerivativeStructure[h];
            for (int i = 0; i < h; i++) {
                DerivativeStructure sum = flatW[0].multiply(0.0);
                for (int m = 0; m < d; m++) {
                    sum = sum.add(flatW[i * d + m].multiply(x.get(m)));
                }
                z[i] = sum;
            }
            return z;
        }

        /** z = Wx + b with b as the variables. */
        DerivativeStructure[] zOfB(DerivativeStructure[] bs) {
            return AlgebraChecks.affineInB(bs, w, x);
        }
    }
}

package dev.backprop.verification.formula;

import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Objective;
import java.util.List;

/**
 * The gradient formulas of the seed, transcribed from its text into EJML syntax (ᵀ as ', σ'(z_k) as sp_k, r as
 * r): Prop 2 for the shallow network (L = 2) and the corrected Diagram 3 for two hidden layers (L = 3), in the
 * seed's numerator layout, for its objective Σ_b ½‖r_b‖². They are the tests' inputs, never expected values.
 */
final class SeedFormulas {
    /** Prop 2's network: one hidden layer (tanh: the seed leaves σ open). */
    static final List<Activation> SHALLOW = List.of(Activation.TANH);
    /** Diagram 3's network: two hidden layers, different activations so that σ' of one layer is not the other's. */
    static final List<Activation> TWO_HIDDEN = List.of(Activation.TANH, Activation.SIGMOID);

    /** One formula of the seed. */
    record Seed(String source, List<Activation> hidden, String parameter, String formula) {
        DeepParameter deepParameter() {
            return FormulaQuestion.parameter(parameter);
        }

        FormulaQuestion question(String candidate, Layout layout) {
            return new FormulaQuestion(hidden, Objective.SEED, deepParameter(), candidate, layout);
        }

        FormulaQuestion question(String candidate) {
            return question(candidate, Layout.NUMERATOR);
        }

        @Override
        public String toString() {
            return source + " ∂ℓ/∂" + parameter + " = " + formula;
        }
    }

    /** Prop 2: ∂ℓ/∂W1 = x rᵀ W2 diag(σ'(z)), ∂ℓ/∂b1 = rᵀ W2 diag(σ'(z)), ∂ℓ/∂W2 = s rᵀ, ∂ℓ/∂b2 = rᵀ. */
    static final List<Seed> PROP_2 = List.of(
            new Seed("Prop 2", SHALLOW, "W1", "x*r'*W2*diag(sp1)"),
            new Seed("Prop 2", SHALLOW, "b1", "r'*W2*diag(sp1)"),
            new Seed("Prop 2", SHALLOW, "W2", "s1*r'"),
            new Seed("Prop 2", SHALLOW, "b2", "r'"));

    /**
     * Diagram 3, corrected (claims D3.W1 … D3.b3): ∂ℓ/∂W1 = x rᵀ W3 diag(σ'(z2)) W2 diag(σ'(z1)) and the chain
     * rule's other five.
     */
    static final List<Seed> DIAGRAM_3 = List.of(
            new Seed("Diagram 3", TWO_HIDDEN, "W1", "x*r'*W3*diag(sp2)*W2*diag(sp1)"),
            new Seed("Diagram 3", TWO_HIDDEN, "b1", "r'*W3*diag(sp2)*W2*diag(sp1)"),
            new Seed("Diagram 3", TWO_HIDDEN, "W2", "s1*r'*W3*diag(sp2)"),
            new Seed("Diagram 3", TWO_HIDDEN, "b2", "r'*W3*diag(sp2)"),
            new Seed("Diagram 3", TWO_HIDDEN, "W3", "s2*r'"),
            new Seed("Diagram 3", TWO_HIDDEN, "b3", "r'"));

    /**
     * The seed's printed two-hidden-layer line "x w3ᵀ w3 diag σ'(z2) w2ᵀ diag σ'(z1)", read as DiagramThreeClaims
     * reads it: x·W3ᵀ·W3·diag(σ'(z2))·W2ᵀ·diag(σ'(z1)).
     */
    static final String PRINTED = "x*W3'*W3*diag(sp2)*W2'*diag(sp1)";

    static List<Seed> all() {
        List<Seed> out = new java.util.ArrayList<>(PROP_2);
        out.addAll(DIAGRAM_3);
        return out;
    }

    private SeedFormulas() {
    }
}

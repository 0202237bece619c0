package dev.backprop.verification.formula;

import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the formula check is asked: is {@code formula} ∂ℓ/∂{@code parameter} of a network with these hidden
 * activations (depth L = hidden.size() + 1, its linear output layer included) under this objective, in this
 * layout?
 *
 * <p>The widths are not part of the question: the check draws them (all different, all 1, all equal) so that
 * the answer is about the formula, not about one shape. {@code formula} is kept as given; an empty or unreadable
 * one is answered with {@link FormulaResult.Verdict#BAD_FORMULA}, not refused here.
 *
 * @param hidden    σ_1, …, σ_{L−1}; empty for the affine model L = 1 (at most {@link FormulaCheck#MAX_DEPTH} − 1)
 * @param objective the per-sample loss and the batch reduction
 * @param parameter W_k or b_k, 1 ≤ k ≤ L
 * @param formula   the candidate, in the syntax of {@link Formula} (EJML Equation syntax, optionally "g = …")
 * @param layout    the layout the author meant: {@link Layout#NUMERATOR} (the seed's: ∂ℓ/∂W_k is n_{k−1}×n_k,
 *                  ∂ℓ/∂b_k is 1×n_k) or {@link Layout#DENOMINATOR} (the parameter's own shape)
 */
public record FormulaQuestion(List<Activation> hidden, Objective objective, DeepParameter parameter, String formula,
        Layout layout) {
    /** @throws IllegalArgumentException with a one-line message for a missing part or a parameter not in the network */
    public FormulaQuestion {
        if (hidden == null || objective == null || parameter == null || layout == null) {
            throw new IllegalArgumentException(hidden == null ? "the hidden activations are missing (empty for L = 1)"
                    : objective == null ? "the objective is missing" : parameter == null ? "the parameter is missing"
                            : "the layout is missing");
        }
        for (Activation a : hidden) {
            if (a == null) {
                throw new IllegalArgumentException("a hidden activation is missing");
            }
        }
        hidden = List.copyOf(hidden);
        if (hidden.size() + 1 > FormulaCheck.MAX_DEPTH) {
            throw new IllegalArgumentException("the formula check draws networks of at most " + FormulaCheck.MAX_DEPTH
                    + " layers; " + hidden.size() + " hidden activations make " + (hidden.size() + 1));
        }
        if (parameter.layer() > hidden.size() + 1) {
            throw new IllegalArgumentException("the network has " + (hidden.size() + 1) + " layer"
                    + (hidden.size() == 0 ? "" : "s") + " (parameters W1, b1 … W" + (hidden.size() + 1) + ", b"
                    + (hidden.size() + 1) + "); there is no " + parameter.seedName());
        }
    }

    /** A question in the seed's numerator layout. */
    public static FormulaQuestion numerator(List<Activation> hidden, Objective objective, DeepParameter parameter,
            String formula) {
        return new FormulaQuestion(hidden, objective, parameter, formula, Layout.NUMERATOR);
    }

    /**
     * The parameter named {@code name} in the seed's way: "W3" (weights of layer 3) or "b1" (bias of layer 1),
     * the letter in either case.
     *
     * @throws IllegalArgumentException with a one-line message otherwise
     */
    public static DeepParameter parameter(String name) {
        String n = name == null ? "" : name.strip();
        if (n.length() >= 2 && "WwBb".indexOf(n.charAt(0)) >= 0 && n.substring(1).chars().allMatch(Character::isDigit)
                && n.length() <= 4) {
            int layer = Integer.parseInt(n.substring(1));
            if (layer >= 1) {
                return new DeepParameter(layer, Character.toUpperCase(n.charAt(0)) == 'W');
            }
        }
        throw new IllegalArgumentException("'" + n + "' is not a parameter; write W<k> or b<k> with the layer k ≥ 1 "
                + "(W1, b2, …)");
    }

    /** L. */
    public int depth() {
        return hidden.size() + 1;
    }

    /** "d → h1 tanh → h2 relu → n; half_squared_error, sum". */
    public String network() {
        List<String> parts = new ArrayList<>();
        parts.add("d");
        for (int k = 1; k <= hidden.size(); k++) {
            parts.add("h" + k + " " + hidden.get(k - 1).reportName());
        }
        parts.add("n");
        return String.join(" → ", parts) + "; " + objective.describe();
    }

    /** "∂ℓ/∂W1 = x*r'*W2*diag(sp1) (numerator layout)". */
    public String describe() {
        return "∂ℓ/∂" + parameter.seedName() + " = " + (formula == null ? "" : formula.strip()) + " ("
                + layout.name().toLowerCase(Locale.ROOT) + " layout)";
    }
}

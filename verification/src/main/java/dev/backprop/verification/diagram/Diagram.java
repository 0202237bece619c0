package dev.backprop.verification.diagram;

import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import java.util.ArrayList;
import java.util.List;

/**
 * The forward and backward computation of a network of depth L as the notes' diagrams draw it, in numerator
 * layout: every node and factor with its shape, symbolic and in numbers, and the statement of the notes it uses.
 * <pre>
 *   forward    x ─W1,b1→ z1 ─σ1→ s1 ─W2,b2→ z2 ─σ2→ … ─WL,bL→ ŷ = zL ─r = ŷ − y→ ℓ = ½‖r‖²
 *   backward   g_L = ∂ℓ/∂ŷ = rᵀ  (1×n, item 1a)
 *              g_k = g_{k+1} W_{k+1} diag(σ_k'(z_k))            1×n_k   (item 1c, item 8)
 *              ∂ℓ/∂W_k = g_k (I⊗s_{k−1}) = s_{k−1} g_k          n_{k−1}×n_k  (Prop 1, item 7)
 *              ∂ℓ/∂b_k = g_k (∂z_k/∂b_k = I)                   1×n_k   (Prop 1)
 * </pre>
 * with s₀ = x, g_k = ∂ℓ/∂z_k a row (item 1a) and ∂ℓ/∂W_k the shape of W_kᵀ (item 3). The model only; {@link
 * TextDiagram} and {@link SvgDiagram} draw it.
 */
public final class Diagram {
    /** The items of the notes the parts cite, word for word where the notes state them. */
    static final String PROP1_Z = "Prop 1: z = Wx + b";
    static final String ITEM_1A = "item 1a, Prop 2 proof: ∂ℓ/∂r = rᵀ, a row";
    static final String ITEM_7 = "item 7: yᵀ(I⊗x) = x yᵀ";
    static final String ITEM_8 = "item 8: x⊙y = diag(x)y";
    static final String PROP2_SIGMA = "Prop 2 proof: ∂s/∂z = diag(σ'(z))";
    static final String CHAIN = "chain rule (Prop 2 proof)";
    static final String NOT_IN_NOTES = "not in the notes (their ℓ is ½‖r‖²)";

    private final NetworkShape shape;
    private final List<Stage> forward;
    private final List<Stage> backward;

    private Diagram(NetworkShape shape, List<Stage> forward, List<Stage> backward) {
        this.shape = shape;
        this.forward = List.copyOf(forward);
        this.backward = List.copyOf(backward);
    }

    /** The diagram of a network's shapes (its parameter values are not drawn). */
    public static Diagram of(DeepNetwork network) {
        return of(NetworkShape.of(network));
    }

    /**
     * The seed's Diagram 3, "Two-hidden layer network, forward &amp; backward": L = 3 drawn at d = 5, h1 = 4,
     * h2 = 3, n = 2 with tanh in both hidden layers and ℓ = ½‖r‖² (the notes fix no numbers and no σ; these are
     * chosen all different, so every shape in the drawing tells its dimensions apart).
     */
    public static Diagram seedDiagramThree() {
        return of(new NetworkShape(List.of(5, 4, 3, 2), List.of(Activation.TANH, Activation.TANH),
                Loss.HALF_SQUARED_ERROR));
    }

    /** The diagram of a network shape. */
    public static Diagram of(NetworkShape shape) {
        int depth = shape.depth();
        List<Stage> forward = new ArrayList<>();
        forward.add(new Stage(node("x", "", Shape.column(shape.dim(0)), "Prop 2: x ∈ R^d"), List.of(), List.of()));
        for (int k = 1; k <= depth; k++) {
            String input = input(k);
            List<Part> affine = List.of(
                    factor("W" + k, "", new Shape(shape.dim(k), shape.dim(k - 1)),
                            "Prop 1: ∂z" + k + "/∂W" + k + " = I⊗" + input),
                    factor("b" + k, "", Shape.column(shape.dim(k)), "Prop 1: ∂z" + k + "/∂b" + k + " = I"));
            String formula = "W" + k + " " + input + " + b" + k;
            if (k < depth) {
                forward.add(new Stage(node("z" + k, formula, Shape.column(shape.dim(k)), PROP1_Z), affine, List.of()));
                forward.add(new Stage(node("s" + k, "σ" + k + "(z" + k + ")", Shape.column(shape.dim(k)),
                        "Prop 2: s = σ(z), element-wise"), List.of(factor("σ" + k, shape.activation(k).reportName()
                                + ", element-wise", Shape.column(shape.dim(k)), "Prop 2: (σ(z))_i = σ(z_i)")),
                        List.of()));
            } else {
                forward.add(new Stage(node("ŷ", "z" + k + " = " + formula, Shape.column(shape.dim(k)),
                        depth == 2 ? "Prop 2: ŷ = W⁽²⁾σ(W⁽¹⁾x + b₁) + b₂" : PROP1_Z), affine, List.of()));
            }
        }
        Dim n = shape.dim(depth);
        Loss loss = shape.loss();
        switch (loss) {
            case HALF_SQUARED_ERROR:
                forward.add(new Stage(node("ℓ", "½‖r‖²", new Shape(Dim.ONE, Dim.ONE), "Prop 2: ℓ = ½‖r‖²"),
                        List.of(factor("r", "ŷ − y", Shape.column(n), "Prop 2: r := ŷ (y = 0); here ŷ − y")),
                        List.of()));
                break;
            case MEAN_SQUARED_ERROR:
                forward.add(new Stage(node("ℓ", "(1/n)‖r‖²", new Shape(Dim.ONE, Dim.ONE), NOT_IN_NOTES),
                        List.of(factor("r", "ŷ − y", Shape.column(n), "Prop 2: r := ŷ (y = 0); here ŷ − y")),
                        List.of()));
                break;
            case SOFTMAX_CROSS_ENTROPY:
                forward.add(new Stage(node("ℓ", "−Σ_i y_i log p_i", new Shape(Dim.ONE, Dim.ONE), NOT_IN_NOTES),
                        List.of(factor("p", "softmax(ŷ)", Shape.column(n), NOT_IN_NOTES)), List.of()));
                break;
            default:
                throw new IllegalArgumentException("no diagram for the loss " + loss);
        }

        List<Stage> backward = new ArrayList<>();
        for (int k = depth; k >= 1; k--) {
            String g = "g" + k;
            List<Part> outputs = List.of(
                    gradient("∂ℓ/∂W" + k, input(k) + " " + g, new Shape(shape.dim(k - 1), shape.dim(k)), ITEM_7),
                    gradient("∂ℓ/∂b" + k, g, Shape.row(shape.dim(k)), "Prop 1: ∂z" + k + "/∂b" + k + " = I"));
            if (k == depth) {
                String top;
                String item;
                switch (loss) {
                    case HALF_SQUARED_ERROR:
                        top = "rᵀ";
                        item = ITEM_1A;
                        break;
                    case MEAN_SQUARED_ERROR:
                        top = "(2/n) rᵀ";
                        item = NOT_IN_NOTES;
                        break;
                    default:
                        top = "(p − y)ᵀ";
                        item = NOT_IN_NOTES;
                        break;
                }
                backward.add(new Stage(node(g, "∂ℓ/∂ŷ = " + top, Shape.row(n), item), List.of(), outputs));
            } else {
                Dim nk = shape.dim(k);
                String sp = "σ" + k + "'(z" + k + ")";
                List<Part> factors = List.of(
                        factor("W" + (k + 1), "", new Shape(shape.dim(k + 1), nk),
                                "item 1c: ∂z" + (k + 1) + "/∂s" + k + " = W" + (k + 1)),
                        factor("diag(" + sp + ")", "", new Shape(nk, nk), ITEM_8),
                        factor(sp, "", Shape.column(nk), PROP2_SIGMA));
                backward.add(new Stage(node(g, "g" + (k + 1) + " W" + (k + 1) + " diag(" + sp + ")", Shape.row(nk),
                        CHAIN), factors, outputs));
            }
        }
        return new Diagram(shape, forward, backward);
    }

    private static String lossText(Loss loss) {
        switch (loss) {
            case HALF_SQUARED_ERROR:
                return "ℓ = ½‖ŷ − y‖² (the notes')";
            case MEAN_SQUARED_ERROR:
                return "ℓ = (1/n)‖ŷ − y‖²";
            default:
                return "ℓ = softmax cross-entropy of ŷ against y";
        }
    }

    private static String input(int k) {
        return k == 1 ? "x" : "s" + (k - 1);
    }

    /** {@code "d = 5, h1 = 4 (σ1 = tanh), h2 = 3 (σ2 = tanh), n = 2"}. */
    public String dimensions() {
        return describe(shape);
    }

    /** The loss, e.g. {@code "ℓ = ½‖ŷ − y‖² (the notes')"}. */
    public String loss() {
        return lossText(shape.loss());
    }

    /** {@code "Forward and backward pass, L = 3, numerator layout"}. */
    public String heading() {
        return "Forward and backward pass, L = " + shape.depth() + ", numerator layout";
    }

    private static String describe(NetworkShape shape) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k <= shape.depth(); k++) {
            Dim dim = shape.dim(k);
            out.append(k == 0 ? "" : ", ").append(dim.symbol()).append(" = ").append(dim.size());
            if (k > 0 && k < shape.depth()) {
                out.append(" (σ").append(k).append(" = ").append(shape.activation(k).reportName()).append(')');
            }
        }
        return out.toString();
    }

    private static Part node(String name, String formula, Shape shape, String item) {
        return new Part(Part.Role.NODE, name, formula, shape, item);
    }

    private static Part factor(String name, String formula, Shape shape, String item) {
        return new Part(Part.Role.FACTOR, name, formula, shape, item);
    }

    private static Part gradient(String name, String formula, Shape shape, String item) {
        return new Part(Part.Role.GRADIENT, name, formula, shape, item);
    }

    /** {@link #heading()}, {@link #dimensions()} and {@link #loss()} in one line. */
    public String title() {
        return heading() + ": " + dimensions() + "; " + loss();
    }

    public NetworkShape shape() {
        return shape;
    }

    /** x, then z_k and s_k per hidden layer, ŷ, ℓ. */
    public List<Stage> forward() {
        return forward;
    }

    /** g_L, g_{L−1}, …, g_1, each with the factors that lead to it and the gradients that leave it. */
    public List<Stage> backward() {
        return backward;
    }

    /** Every part, forward then backward, each stage's factors before its node and its gradients after. */
    public List<Part> parts() {
        List<Part> out = new ArrayList<>();
        for (List<Stage> pass : List.of(forward, backward)) {
            for (Stage s : pass) {
                out.addAll(s.incoming());
                out.add(s.node());
                out.addAll(s.outputs());
            }
        }
        return out;
    }
}

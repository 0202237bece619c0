package dev.backprop.verification.proof;

import dev.backprop.spec.Activation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A derivation as the notes write one: a chain of steps joined by "=", each an expression of free indices and
 * named quantities, e.g. Prop 1's
 * <pre>  ∂z_i/∂w_jk = ∂(Σ_l w_il x_l + b_i)/∂w_jk = Σ_l δ_ij δ_lk x_l = δ_ij x_k</pre>
 * for every i, j &lt; h and k &lt; d. Built with {@link #over(String)}:
 * <pre>{@code
 * Derivation.over("i:h, j:h, k:d").titled("Prop 1, ∂z_i/∂w_jk")
 *     .input("x", "d").input("W", "h", "d").input("b", "h")
 *     .define("z", "a:h", p -> p.sum("l", "d", q -> q.at("W", "a", "l").times(q.at("x", "l"))).plus(p.at("b", "a")))
 *     .step("∂z_i/∂w_jk", p -> p.partial("z", "i").wrt("W", "j", "k"))
 *     .step("Σ_l δ_ij δ_lk x_l", p -> p.sum("l", "d", q -> q.delta("i", "j").times(q.delta("l", "k")).times(q.at("x", "l"))))
 *     .step("δ_ij x_k", p -> p.delta("i", "j").times(p.at("x", "k")))
 *     .build();
 * }</pre>
 *
 * <ul>
 * <li><b>Free indices</b> ({@code "i:h, j:h, k:d"}): each runs from 0 to its size − 1; a size is a named
 *     dimension, name+number ({@code "h+1"}) or a number. Every step is evaluated for every tuple.</li>
 * <li><b>Inputs</b>: scalars, vectors or matrices with sizes from the dimensions, drawn at random per instance
 *     (entries uniform in [−1, 1], {@link ProofCheck}).</li>
 * <li><b>Defined quantities</b> ({@link Builder#define}): z, s, r, ℓ… as expressions of other quantities, with
 *     their own entry indices. A ∂/∂ recomputes every defined quantity with the differentiated entry as the
 *     variable, so ∂r_i/∂W⁽²⁾_jk follows r = W̃⁽²⁾s̃ − y back to W⁽²⁾, and ∂ℓ/∂r_i takes r as independent.</li>
 * <li><b>Steps</b>: {@link Expression}s evaluated in a {@link Scope} (Σ, δ, ∂/∂, σ, σ'), each returning a
 *     {@link Term}, which carries the rounding gauge of its value — so the tolerance of each "=" is derived
 *     from the expressions themselves, never typed in.</li>
 * <li><b>Activations</b> ({@link Builder#activations}): when the steps use σ, every instance is checked under
 *     each of them.</li>
 * </ul>
 * Immutable once built; {@link ProofCheck} judges it.
 */
public final class Derivation {
    /** One step of the chain: the text as printed and its expression. */
    record Step(String text, Expression expression) {
    }

    /** A quantity: its entry indices (names and sizes) and, unless it is an input, its definition. */
    record Quantity(String name, List<String> indexNames, List<Size> shape, Expression definition) {
        boolean isInput() {
            return definition == null;
        }

        int rank() {
            return shape.size();
        }

        String describeShape() {
            if (shape.isEmpty()) {
                return "a scalar";
            }
            StringBuilder out = new StringBuilder();
            for (Size s : shape) {
                out.append(out.length() == 0 ? "" : "×").append(s);
            }
            return out.toString();
        }
    }

    private final String title;
    private final List<String> indexNames;
    private final List<Size> indexSizes;
    private final List<String> dimensions;
    private final Map<String, Quantity> quantities;
    private final List<Activation> activations;
    private final List<Step> steps;

    private Derivation(Builder b) {
        this.title = b.title;
        this.indexNames = List.copyOf(b.indexNames);
        this.indexSizes = List.copyOf(b.indexSizes);
        this.dimensions = List.copyOf(b.dimensions);
        this.quantities = Collections.unmodifiableMap(new LinkedHashMap<>(b.quantities));
        this.activations = List.copyOf(b.activations);
        this.steps = List.copyOf(b.steps);
    }

    private Derivation(Derivation d, String title, List<Step> steps) {
        this.title = title;
        this.indexNames = d.indexNames;
        this.indexSizes = d.indexSizes;
        this.dimensions = d.dimensions;
        this.quantities = d.quantities;
        this.activations = d.activations;
        this.steps = List.copyOf(steps);
    }

    /**
     * Starts a derivation over the free indices {@code "i:h, j:h, k:d"} (comma-separated name:size; a
     * derivation with no free index, a scalar identity, is {@code ""}).
     */
    public static Builder over(String indices) {
        return new Builder(indices);
    }

    /** The title, e.g. {@code "Prop 1, proof: ∂z_i/∂w_jk"}. */
    public String title() {
        return title;
    }

    /** The steps as printed, joined by " = ". */
    public String chain() {
        StringBuilder out = new StringBuilder();
        for (Step s : steps) {
            out.append(out.length() == 0 ? "" : " = ").append(s.text());
        }
        return out.toString();
    }

    /** The texts of the steps, in order. */
    public List<String> stepTexts() {
        List<String> out = new ArrayList<>();
        for (Step s : steps) {
            out.add(s.text());
        }
        return out;
    }

    /** The named dimensions, in order of declaration (each drawn per instance). */
    public List<String> dimensions() {
        return dimensions;
    }

    /** The free indices as declared, e.g. {@code "i:h, j:h, k:d"}. */
    public String indices() {
        StringBuilder out = new StringBuilder();
        for (int a = 0; a < indexNames.size(); a++) {
            out.append(a == 0 ? "" : ", ").append(indexNames.get(a)).append(':').append(indexSizes.get(a));
        }
        return out.toString();
    }

    /** The activations every instance is checked under; empty when the steps use no σ. */
    public List<Activation> activations() {
        return activations;
    }

    /**
     * This derivation with step {@code number} (from 1) replaced — to try a variant of a line, or to plant a wrong
     * step and see the checker name it. The title is marked with the step replaced.
     */
    public Derivation withStep(int number, String text, Expression value) {
        if (number < 1 || number > steps.size()) {
            throw new IllegalArgumentException("steps are 1.." + steps.size() + ", got " + number);
        }
        if (text == null || text.isBlank() || value == null) {
            throw new IllegalArgumentException("a step needs a text and an expression");
        }
        List<Step> changed = new ArrayList<>(steps);
        changed.set(number - 1, new Step(text, value));
        return new Derivation(this, title + " [step " + number + " replaced by \"" + text + "\"]", changed);
    }

    List<String> indexNames() {
        return indexNames;
    }

    List<Size> indexSizes() {
        return indexSizes;
    }

    Map<String, Quantity> quantities() {
        return quantities;
    }

    List<Step> steps() {
        return steps;
    }

    /** Checks the derivation with {@link ProofCheck#standard()}. */
    public ProofResult check() {
        return ProofCheck.standard().check(this);
    }

    @Override
    public String toString() {
        return title + ": " + chain() + "  (" + indices() + ")";
    }

    /** Collects a derivation; {@link #build()} validates what can be validated before any evaluation. */
    public static final class Builder {
        private String title = "derivation";
        private final List<String> indexNames = new ArrayList<>();
        private final List<Size> indexSizes = new ArrayList<>();
        private final Set<String> dimensions = new LinkedHashSet<>();
        private final Map<String, Quantity> quantities = new LinkedHashMap<>();
        private final List<Activation> activations = new ArrayList<>();
        private final List<Step> steps = new ArrayList<>();

        private Builder(String indices) {
            parseIndices(indices, indexNames, indexSizes, "free indices");
            for (Size s : indexSizes) {
                declare(s);
            }
        }

        /** The title reports name the derivation by. */
        public Builder titled(String text) {
            this.title = require(text, "title");
            return this;
        }

        /** Declares dimensions that only sums use (dimensions of indices and quantities are declared by them). */
        public Builder dimensions(String... names) {
            for (String n : names) {
                declare(Size.parse(n));
            }
            return this;
        }

        /** A scalar input, drawn at random per instance. */
        public Builder input(String name) {
            return quantity(name, List.of(), List.of(), null);
        }

        /** A vector input of length {@code size}, e.g. {@code input("x", "d")}. */
        public Builder input(String name, String size) {
            return quantity(name, List.of("_0"), List.of(Size.parse(size)), null);
        }

        /** A {@code rows}×{@code cols} matrix input, e.g. {@code input("W", "h", "d")}. */
        public Builder input(String name, String rows, String cols) {
            return quantity(name, List.of("_0", "_1"), List.of(Size.parse(rows), Size.parse(cols)), null);
        }

        /**
         * A quantity defined by an expression: {@code indices} names its entry indices with their sizes, as for
         * the free indices ({@code ""} for a scalar, {@code "a:h"} for a vector, {@code "a:n, c:h+1"} for a
         * matrix); the expression sees only those indices bound. Defined quantities are evaluated lazily, once per
         * instance (and once per ∂/∂ variable), and may refer to each other in any order; a definition that reaches
         * itself is ill-formed.
         */
        public Builder define(String name, String indices, Expression definition) {
            List<String> names = new ArrayList<>();
            List<Size> sizes = new ArrayList<>();
            parseIndices(indices, names, sizes, "indices of " + name);
            if (definition == null) {
                throw new IllegalArgumentException("the definition of " + name + " is missing");
            }
            return quantity(name, names, sizes, definition);
        }

        /** The activations σ every instance is checked under (required when a step or definition uses σ). */
        public Builder activations(Activation... list) {
            for (Activation a : list) {
                if (a == null || activations.contains(a)) {
                    throw new IllegalArgumentException("activations must be distinct and not null");
                }
                activations.add(a);
            }
            return this;
        }

        /** The next step of the chain: its text as printed and its value for one index tuple. */
        public Builder step(String text, Expression value) {
            if (value == null) {
                throw new IllegalArgumentException("step '" + text + "' has no expression");
            }
            steps.add(new Step(require(text, "step text"), value));
            return this;
        }

        /**
         * A step that differentiates: {@code text} = ∂/∂{@code quantity}_{entry} of {@code expression}, by exact
         * forward-mode AD, the entry named by bound indices ({@code "j, k"} for w_jk, {@code ""} for a scalar).
         * Shorthand for {@code step(text, p -> p.derivative(quantity, "j", "k").of(expression))}.
         */
        public Builder differentiate(String text, String quantity, String entry, Expression expression) {
            if (entry == null) {
                throw new IllegalArgumentException("the entry of " + quantity + " is missing (\"\" for a scalar)");
            }
            String[] indices = entry.isBlank() ? new String[0] : entry.split(",");
            for (int a = 0; a < indices.length; a++) {
                indices[a] = indices[a].strip();
            }
            return step(text, p -> p.derivative(quantity, indices).of(expression));
        }

        /** The derivation; refuses a chain of fewer than two steps (nothing would be claimed). */
        public Derivation build() {
            if (steps.size() < 2) {
                throw new IllegalArgumentException(title + ": a derivation needs at least two steps joined by '=', got "
                        + steps.size());
            }
            return new Derivation(this);
        }

        private Builder quantity(String name, List<String> names, List<Size> shape, Expression definition) {
            require(name, "quantity name");
            if (quantities.containsKey(name)) {
                throw new IllegalArgumentException("quantity " + name + " is declared twice");
            }
            for (Size s : shape) {
                declare(s);
            }
            quantities.put(name, new Quantity(name, List.copyOf(names), List.copyOf(shape), definition));
            return this;
        }

        private void declare(Size s) {
            if (s.base() != null) {
                dimensions.add(s.base());
            }
        }

        private static void parseIndices(String text, List<String> names, List<Size> sizes, String what) {
            if (text == null) {
                throw new IllegalArgumentException(what + " are missing (write \"\" for none)");
            }
            if (text.isBlank()) {
                return;
            }
            for (String part : text.split(",")) {
                int colon = part.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException(what + ": '" + part.strip() + "' is not name:size (e.g. i:h)");
                }
                String name = part.substring(0, colon).strip();
                if (name.isEmpty() || names.contains(name)) {
                    throw new IllegalArgumentException(what + ": index name '" + name + "' is empty or repeated");
                }
                names.add(name);
                sizes.add(Size.parse(part.substring(colon + 1)));
            }
        }

        private static String require(String text, String what) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("the " + what + " is missing");
            }
            return text;
        }
    }
}

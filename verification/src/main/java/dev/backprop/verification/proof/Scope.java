package dev.backprop.verification.proof;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where an {@link Expression} is evaluated: the indices bound so far (the free indices of the derivation, or
 * the entry indices of a defined quantity, plus those of enclosing sums), the instance's quantities and
 * dimensions, and the notes' notation as methods:
 * <pre>
 *   x_l, W_il          at("x", "l"), at("W", "i", "l")          entry by index names
 *   Σ_l (…), l &lt; d     sum("l", "d", q -&gt; …)                   left to right, l bound inside
 *   δ_ij               delta("i", "j")                          1 or 0, exact
 *   ∂z_i/∂W_jk         partial("z", "i").wrt("W", "j", "k")     exact forward-mode AD
 *   ∂(…)/∂W_jk         derivative("W", "j", "k").of(q -&gt; …)
 *   σ(z_i), σ'(z_i)    sigma(t), sigmaPrime(t)                  the instance's activation
 * </pre>
 * Indices count from 0. An index past the end of what it indexes, an unknown name or a repeated binding makes
 * the step ill-formed ({@link ProofVerdict#ILL_FORMED}), reported with the index values.
 */
public final class Scope {
    private final Evaluation.Context context;
    private final String[] names;
    private final int[] values;
    private final Size[] ranges;

    private Scope(Evaluation.Context context, String[] names, int[] values, Size[] ranges) {
        this.context = context;
        this.names = names;
        this.values = values;
        this.ranges = ranges;
    }

    /** The scope of a step at one tuple of the derivation's free indices. */
    static Scope forStep(Evaluation evaluation, int[] tuple) {
        Derivation d = evaluation.derivation;
        return new Scope(evaluation.plain, d.indexNames().toArray(new String[0]), tuple.clone(),
                d.indexSizes().toArray(new Size[0]));
    }

    /** The scope of a quantity's definition at one entry: only the quantity's own indices are bound. */
    static Scope forDefinition(Evaluation.Context context, Derivation.Quantity q, int[] entry) {
        return new Scope(context, q.indexNames().toArray(new String[0]), entry.clone(),
                q.shape().toArray(new Size[0]));
    }

    /** The value of a bound index. */
    public int index(String name) {
        for (int a = names.length - 1; a >= 0; a--) {
            if (names[a].equals(name)) {
                return values[a];
            }
        }
        throw new IllFormedStep("index " + name + " is not bound here (bound: " + Arrays.toString(names) + ")");
    }

    /** A size of this instance: a dimension ({@code "d"}), {@code "h+1"} or a number. */
    public int size(String size) {
        return context.evaluation.size(parseSize(size));
    }

    /** The entry of a quantity at bound indices, e.g. {@code at("W", "i", "l")} for W_il. */
    public Term at(String quantity, String... indices) {
        int[] entry = new int[indices.length];
        for (int a = 0; a < indices.length; a++) {
            entry[a] = index(indices[a]);
        }
        return read(quantity, entry, indices);
    }

    /** The entry of a quantity at numbered positions, e.g. {@code entry("x̃", d)} for the appended 1. */
    public Term entry(String quantity, int... entry) {
        return read(quantity, entry.clone(), null);
    }

    /** Kronecker's δ of two bound indices: 1 if they are equal, 0 otherwise; exact. */
    public Term delta(String i, String j) {
        return Term.exact(index(i) == index(j) ? 1.0 : 0.0);
    }

    /** An exact constant (½, 2, 1). */
    public Term constant(double c) {
        return Term.exact(c);
    }

    /**
     * Σ over {@code index} from 0 to size − 1 of {@code body}, summed left to right (so the rounding gauge is Σ of
     * the terms' gauges, the count grows by one per addition). The index must not be bound already.
     */
    public Term sum(String index, String size, Expression body) {
        for (String n : names) {
            if (n.equals(index)) {
                throw new IllFormedStep("Σ_" + index + ": index " + index + " is already bound");
            }
        }
        Size range = parseSize(size);
        int n = context.evaluation.size(range);
        String[] childNames = Arrays.copyOf(names, names.length + 1);
        childNames[names.length] = index;
        Size[] childRanges = Arrays.copyOf(ranges, ranges.length + 1);
        childRanges[ranges.length] = range;
        Term total = null;
        for (int l = 0; l < n; l++) {
            int[] childValues = Arrays.copyOf(values, values.length + 1);
            childValues[values.length] = l;
            Term t = body.at(new Scope(context, childNames, childValues, childRanges));
            total = total == null ? t : total.plus(t);
        }
        return total == null ? Term.exact(0.0) : total;
    }

    /** σ(t) with the instance's activation, differentiated from σ's definition. */
    public Term sigma(Term t) {
        return t.sigma(requireActivation("σ"));
    }

    /** σ'(t) with the instance's activation: the spec's σ', a quantity the notes name. */
    public Term sigmaPrime(Term t) {
        return t.sigmaPrime(requireActivation("σ'"));
    }

    /**
     * ∂(quantity entry)/∂(wrt entry), e.g. {@code partial("r", "i").wrt("W̃2", "k", "j")} for ∂r_i/∂W̃⁽²⁾_kj:
     * exact forward-mode AD through the quantity's definition; memoised per instance.
     */
    public Partial partial(String quantity, String... indices) {
        int[] entry = new int[indices.length];
        for (int a = 0; a < indices.length; a++) {
            entry[a] = index(indices[a]);
        }
        return new Partial(quantity, entry);
    }

    /**
     * ∂/∂(quantity entry) of an expression, e.g. {@code derivative("W", "j", "k").of(q -> …)} for ∂(…)/∂W_jk:
     * the expression is evaluated with that entry as the variable of exact forward-mode AD (every defined
     * quantity recomputed through it) and the derivative is the value. First derivatives only: a ∂ inside a ∂
     * is refused.
     */
    public Derivative derivative(String quantity, String... indices) {
        int[] entry = new int[indices.length];
        for (int a = 0; a < indices.length; a++) {
            entry[a] = index(indices[a]);
        }
        return new Derivative(quantity, entry, indices);
    }

    /** The bound indices with their values, e.g. {@code "i=0, j=1, k=0"}. */
    public String describeIndices() {
        StringBuilder out = new StringBuilder();
        for (int a = 0; a < names.length; a++) {
            out.append(a == 0 ? "" : ", ").append(names[a]).append('=').append(values[a]);
        }
        return out.toString();
    }

    private Term read(String name, int[] entry, String[] indexNames) {
        Evaluation ev = context.evaluation;
        Derivation.Quantity q = ev.quantity(name);
        checkEntry(q, entry, indexNames);
        return context.read(q, entry);
    }

    private void checkEntry(Derivation.Quantity q, int[] entry, String[] indexNames) {
        Evaluation ev = context.evaluation;
        if (entry.length != q.rank()) {
            throw new IllFormedStep(String.format(Locale.ROOT, "%s is %s, indexed with %d ind%s", q.name(),
                    q.rank() == 0 ? "a scalar" : q.describeShape() + " (" + q.rank() + " indices)", entry.length,
                    entry.length == 1 ? "ex" : "ices"));
        }
        for (int a = 0; a < entry.length; a++) {
            Size s = q.shape().get(a);
            int n = ev.size(s);
            if (entry[a] < 0 || entry[a] >= n) {
                String which = indexNames == null ? "position " + entry[a]
                        : indexNames[a] + " = " + entry[a] + " (" + indexNames[a] + " < " + rangeOf(indexNames[a]) + ")";
                String shape = q.describeShape() + (s.base() == null ? "" : " with " + s + " = " + n);
                throw new IllFormedStep(String.format(Locale.ROOT, "%s is %s; %s is past the end", q.name(), shape,
                        which));
            }
        }
    }

    private String rangeOf(String index) {
        for (int a = names.length - 1; a >= 0; a--) {
            if (names[a].equals(index)) {
                Size r = ranges[a];
                return r + (r.base() == null ? "" : " = " + context.evaluation.size(r));
            }
        }
        return "?";
    }

    private dev.backprop.spec.Activation requireActivation(String what) {
        if (context.evaluation.activation == null) {
            throw new IllFormedStep(what + " is used but the derivation declares no activation");
        }
        return context.evaluation.activation;
    }

    private static Size parseSize(String size) {
        try {
            return Size.parse(size);
        } catch (IllegalArgumentException e) {
            throw new IllFormedStep(e.getMessage());
        }
    }

    /** ∂ of one quantity entry, waiting for the variable: {@link #wrt}. */
    public final class Partial {
        private final String quantity;
        private final int[] entry;

        private Partial(String quantity, int[] entry) {
            this.quantity = quantity;
            this.entry = entry;
        }

        /** ∂(quantity entry)/∂(variable at bound indices). */
        public Term wrt(String variable, String... indices) {
            Evaluation ev = context.evaluation;
            Derivation.Quantity v = ev.quantity(variable);
            int[] at = new int[indices.length];
            for (int a = 0; a < indices.length; a++) {
                at[a] = index(indices[a]);
            }
            checkEntry(v, at, indices);
            Derivation.Quantity q = ev.quantity(quantity);
            checkEntry(q, entry, null);
            String key = quantity + Arrays.toString(entry) + "/" + variable + Arrays.toString(at);
            Term known = ev.partials().get(key);
            if (known != null) {
                return known;
            }
            Term value = new Derivative(variable, at, indices).of(s -> s.entry(quantity, entry));
            ev.partials().put(key, value);
            return value;
        }
    }

    /** ∂/∂ of one quantity entry, waiting for the expression: {@link #of}. */
    public final class Derivative {
        private final String variable;
        private final int[] entry;
        private final String[] indexNames;

        private Derivative(String variable, int[] entry, String[] indexNames) {
            this.variable = variable;
            this.entry = entry;
            this.indexNames = indexNames;
        }

        /** The derivative of {@code expression} with respect to the entry, at the current indices. */
        public Term of(Expression expression) {
            if (context.differentiating()) {
                throw new UnsupportedOperationException("∂/∂" + variable + " inside ∂/∂" + context.wrt
                        + ": only first derivatives are supported");
            }
            Evaluation ev = context.evaluation;
            Derivation.Quantity v = ev.quantity(variable);
            checkEntry(v, entry, indexNames);
            Evaluation.Context inner = ev.differentiating(variable, ev.flat(v, entry));
            Term t = expression.at(new Scope(inner, names, values, ranges));
            return t.derivativeAsValue();
        }
    }
}

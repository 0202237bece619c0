package dev.backprop.verification.proof;

import dev.backprop.spec.Activation;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One instance of a derivation: its dimensions, its inputs (drawn from the seed in the order the derivation
 * declares them, entries uniform in [−1, 1]), its activation, and the defined quantities evaluated so far — once
 * in the plain context, and once per ∂/∂ variable (one {@link Context} each, kept for the whole instance, so a
 * quantity is recomputed with a given variable at most once).
 */
final class Evaluation {
    final Derivation derivation;
    final Map<String, Integer> dims;
    final Activation activation;
    private final Map<String, double[]> inputs = new HashMap<>();
    final Context plain;
    private final Map<String, Context> byVariable = new HashMap<>();
    private final Map<String, Term> partials = new HashMap<>();

    Evaluation(Derivation derivation, Map<String, Integer> dims, long seed, Activation activation) {
        this.derivation = derivation;
        this.dims = Map.copyOf(dims);
        this.activation = activation;
        SplittableRandom random = new SplittableRandom(seed);
        for (Derivation.Quantity q : derivation.quantities().values()) {
            if (q.isInput()) {
                double[] values = new double[length(q)];
                for (int e = 0; e < values.length; e++) {
                    // uniform in [−1, 1], as the suite's generators draw entries: every entry exactly representable
                    values[e] = 2.0 * random.nextDouble() - 1.0;
                }
                inputs.put(q.name(), values);
            }
        }
        this.plain = new Context(this, null, -1);
    }

    int size(Size s) {
        return s.resolve(dims);
    }

    int length(Derivation.Quantity q) {
        int n = 1;
        for (Size s : q.shape()) {
            n *= size(s);
        }
        return n;
    }

    /** Row-major position of an entry already checked to be in range. */
    int flat(Derivation.Quantity q, int[] entry) {
        int f = 0;
        for (int a = 0; a < entry.length; a++) {
            f = f * size(q.shape().get(a)) + entry[a];
        }
        return f;
    }

    double input(String name, int flat) {
        return inputs.get(name)[flat];
    }

    Derivation.Quantity quantity(String name) {
        Derivation.Quantity q = derivation.quantities().get(name);
        if (q == null) {
            throw new IllFormedStep("no quantity named " + name + " (declared: " + derivation.quantities().keySet() + ")");
        }
        return q;
    }

    Context differentiating(String quantity, int flat) {
        return byVariable.computeIfAbsent(quantity + "#" + flat, k -> new Context(this, quantity, flat));
    }

    Map<String, Term> partials() {
        return partials;
    }

    /**
     * Defined quantities evaluated in one context: plain (no variable), or with the entry {@code wrtFlat} of
     * {@code wrt} as the variable of a ∂/∂.
     *
     * <p>The plain context records, for every entry it evaluates, the quantities that entry was computed from
     * (transitively). A ∂ context reuses the plain value of an entry that was not computed from the variable's
     * quantity: recomputing it would repeat the same operations on the same values (the variable's value is the
     * entry's own) and give the same value with derivative 0. So ∂r_i/∂W⁽²⁾_jk recomputes r, ŷ and W̃⁽²⁾, not z and s.
     */
    static final class Context {
        final Evaluation evaluation;
        final String wrt;
        final int wrtFlat;
        private final Map<String, Term[]> cache = new HashMap<>();
        private final Map<String, Set<String>[]> sources = new HashMap<>();
        private final Deque<Set<String>> collecting = new ArrayDeque<>();
        private final Set<String> inProgress = new HashSet<>();

        Context(Evaluation evaluation, String wrt, int wrtFlat) {
            this.evaluation = evaluation;
            this.wrt = wrt;
            this.wrtFlat = wrtFlat;
        }

        boolean differentiating() {
            return wrt != null;
        }

        /** The entry of a quantity (range already checked): the variable, a constant, or its definition's value. */
        Term read(Derivation.Quantity q, int[] entry) {
            int flat = evaluation.flat(q, entry);
            if (!differentiating() && !collecting.isEmpty()) {
                collecting.peek().add(q.name());
            }
            if (q.name().equals(wrt)) {
                // the differentiated quantity is independent here: its other entries are constants, and its
                // definition (if any) is not followed — ∂ℓ/∂r_i takes r as the variable, not W and x behind it
                Term value = evaluation.plain.read(q, entry);
                return flat == wrtFlat ? Term.variable(value) : value;
            }
            if (q.isInput()) {
                return Term.exact(evaluation.input(q.name(), flat));
            }
            if (differentiating()) {
                Term value = evaluation.plain.read(q, entry);
                if (!evaluation.plain.sources(q, flat).contains(wrt)) {
                    return value;
                }
            }
            Term[] values = cache.computeIfAbsent(q.name(), k -> new Term[evaluation.length(q)]);
            if (values[flat] == null) {
                String key = q.name() + "#" + flat;
                if (!inProgress.add(key)) {
                    throw new IllFormedStep("the definition of " + q.name() + " reaches itself");
                }
                if (!differentiating()) {
                    collecting.push(new HashSet<>());
                }
                try {
                    values[flat] = q.definition().at(Scope.forDefinition(this, q, entry));
                } finally {
                    inProgress.remove(key);
                    if (!differentiating()) {
                        sourcesOf(q)[flat] = collecting.pop();
                    }
                }
            }
            if (!differentiating() && !collecting.isEmpty()) {
                collecting.peek().addAll(sources(q, flat));
            }
            return values[flat];
        }

        /** The quantities a plain entry of a defined quantity was computed from, transitively. */
        private Set<String> sources(Derivation.Quantity q, int flat) {
            Set<String> s = sourcesOf(q)[flat];
            return s == null ? Set.of() : s;
        }

        @SuppressWarnings("unchecked")
        private Set<String>[] sourcesOf(Derivation.Quantity q) {
            return sources.computeIfAbsent(q.name(), k -> new Set[evaluation.length(q)]);
        }
    }
}

package dev.backprop.verification.formula;

import dev.backprop.spec.Loss;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names a formula may use for a network of depth L, with their shapes in dimension symbols. Widths are
 * n₀ = d, n_k = h_k for the hidden layers 1 ≤ k ≤ L − 1, n_L = n, and B is the batch size:
 * <pre>
 *   one sample      x d×1, y n×1, yhat n×1 (ŷ = z_L), dl n×1 (∂ℓ_b/∂ŷ), r n×1 (ŷ − y; squared losses only),
 *                   p n×1 (softmax(ŷ); cross-entropy only), zk sk spk h_k×1 (z_k, s_k = σ_k(z_k), σ_k'(z_k))
 *   the batch       X d×B, Y YHAT DL R P n×B, Zk Sk SPk h_k×B: the same quantities, one column per sample
 *   parameters      Wk n_k×n_{k−1}, bk n_k×1 (a column), for 1 ≤ k ≤ L
 *   sizes           d, n, B, hk: scalars, usable as factors (1/B) and as the sizes of ones, zeros and eye
 * </pre>
 * dl is the derivative of the per-sample loss, without the reduction's weight: r for ½‖ŷ − y‖², (2/n)·r for the
 * mean squared error (1/n)Σ(ŷ_i − y_i)², and p − y for softmax cross-entropy (targets are probability vectors,
 * so p·Σy − y = p − y). r is offered only where it is the residual of the loss (the squared losses) and p only
 * for cross-entropy, so that a name always means what a derivation of that loss would mean by it.
 */
final class Vocabulary {
    /** Where a name's value comes from: one sample, the whole batch, or the network (the same for both). */
    enum Scope {
        SAMPLE, BATCH, PARAMETER
    }

    /** A name with its shape as dimension symbols ("d", "h2", "n", "B" or "1"). */
    record Entry(String name, String rows, String cols, Scope scope, String meaning) {
        boolean vector() {
            return cols.equals("1");
        }

        /**
         * True for the data and the parameters (x, y, X, Y, W_k, b_k): given, not computed, so they carry no
         * rounding of their own into a formula.
         */
        boolean exact() {
            return scope == Scope.PARAMETER || name.equalsIgnoreCase("x") || name.equalsIgnoreCase("y");
        }
    }

    /** The functions a formula may call, with their number of arguments. */
    static final Map<String, Integer> FUNCTIONS = Map.of("diag", 1, "ones", 2, "zeros", 2, "eye", 1);

    private final int depth;
    private final Loss loss;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<String> sizes = new ArrayList<>();

    Vocabulary(int depth, Loss loss) {
        this.depth = depth;
        this.loss = loss;
        boolean squared = loss != Loss.SOFTMAX_CROSS_ENTROPY;
        add("x", "d", "1", Scope.SAMPLE, "the input");
        add("y", "n", "1", Scope.SAMPLE, "the target");
        add("yhat", "n", "1", Scope.SAMPLE, "ŷ = z" + depth);
        if (squared) {
            add("r", "n", "1", Scope.SAMPLE, "the residual ŷ − y");
        } else {
            add("p", "n", "1", Scope.SAMPLE, "softmax(ŷ)");
        }
        add("dl", "n", "1", Scope.SAMPLE, "∂ℓ_b/∂ŷ");
        for (int k = 1; k < depth; k++) {
            add("z" + k, symbol(k), "1", Scope.SAMPLE, "z" + k + " = W" + k + " s" + (k - 1) + " + b" + k);
            add("s" + k, symbol(k), "1", Scope.SAMPLE, "σ(z" + k + ")");
            add("sp" + k, symbol(k), "1", Scope.SAMPLE, "σ'(z" + k + ")");
        }
        add("X", "d", "B", Scope.BATCH, "the inputs");
        add("Y", "n", "B", Scope.BATCH, "the targets");
        add("YHAT", "n", "B", Scope.BATCH, "the outputs");
        if (squared) {
            add("R", "n", "B", Scope.BATCH, "the residuals");
        } else {
            add("P", "n", "B", Scope.BATCH, "the softmax outputs");
        }
        add("DL", "n", "B", Scope.BATCH, "the ∂ℓ_b/∂ŷ");
        for (int k = 1; k < depth; k++) {
            add("Z" + k, symbol(k), "B", Scope.BATCH, "the z" + k);
            add("S" + k, symbol(k), "B", Scope.BATCH, "the s" + k);
            add("SP" + k, symbol(k), "B", Scope.BATCH, "the σ'(z" + k + ")");
        }
        for (int k = 1; k <= depth; k++) {
            add("W" + k, symbol(k), symbol(k - 1), Scope.PARAMETER, "layer " + k + " weights");
            add("b" + k, symbol(k), "1", Scope.PARAMETER, "layer " + k + " bias");
        }
        sizes.add("d");
        for (int k = 1; k < depth; k++) {
            sizes.add(symbol(k));
        }
        sizes.add("n");
        sizes.add("B");
    }

    private void add(String name, String rows, String cols, Scope scope, String meaning) {
        entries.put(name, new Entry(name, rows, cols, scope, meaning));
    }

    int depth() {
        return depth;
    }

    Loss loss() {
        return loss;
    }

    /** The symbol of n_k: d for k = 0, n for k = L, h_k between. */
    String symbol(int k) {
        return k == 0 ? "d" : k == depth ? "n" : "h" + k;
    }

    /** The named quantity, or null. */
    Entry entry(String name) {
        return entries.get(name);
    }

    Iterable<Entry> entries() {
        return Collections.unmodifiableCollection(entries.values());
    }

    /** True for the size names d, h1, …, n, B. */
    boolean isSize(String name) {
        return sizes.contains(name);
    }

    /** The number a dimension symbol stands for: n_k from {@code widths} (n₀ … n_L), B, or a literal number. */
    int size(String symbol, int[] widths, int batch) {
        if (symbol.equals("B")) {
            return batch;
        }
        if (symbol.equals("d")) {
            return widths[0];
        }
        if (symbol.equals("n")) {
            return widths[depth];
        }
        if (symbol.startsWith("h")) {
            return widths[Integer.parseInt(symbol.substring(1))];
        }
        return Integer.parseInt(symbol);
    }

    /** Why a name that is not known might have been written, for the message that refuses it ("" if no guess). */
    String hint(String name) {
        boolean squared = loss != Loss.SOFTMAX_CROSS_ENTROPY;
        if (FUNCTIONS.containsKey(name)) {
            return " (a function: write " + name + "(…))";
        }
        if (!squared && name.equalsIgnoreCase("r")) {
            return " (r is offered for the squared losses; for cross-entropy write dl = p − y, or p and y)";
        }
        if (squared && name.equalsIgnoreCase("p")) {
            return " (p = softmax(ŷ) is offered for cross-entropy only)";
        }
        if (name.equals("z" + depth) || name.equals("Z" + depth)) {
            return " (z" + depth + " is the output ŷ: write " + (name.startsWith("z") ? "yhat" : "YHAT") + ")";
        }
        if (name.equals("s0") || name.equals("S0")) {
            return " (s0 is the input: write " + (name.startsWith("s") ? "x" : "X") + ")";
        }
        if (name.matches("(?i)(w|b|z|s|sp)[0-9]+")) {
            return " (this network has " + depth + " layer" + (depth == 1 ? "" : "s") + ": W1 … W" + depth
                    + (depth > 1 ? ", hidden quantities z, s, sp of layers 1 … " + (depth - 1) : ", no hidden layer")
                    + ")";
        }
        return "";
    }

    /** Every name, for a message: "one sample: x, y, …; batch: X, …; parameters: W1, …; sizes: d, …; functions: …". */
    String known() {
        StringBuilder out = new StringBuilder();
        for (Scope scope : Scope.values()) {
            List<String> names = new ArrayList<>();
            for (Entry e : entries.values()) {
                if (e.scope() == scope) {
                    names.add(e.name());
                }
            }
            out.append(scope == Scope.SAMPLE ? "one sample: " : scope == Scope.BATCH ? "; batch: " : "; parameters: ")
                    .append(String.join(", ", names));
        }
        return out.append("; sizes: ").append(String.join(", ", sizes)).append("; functions: diag, ones, zeros, eye")
                .toString();
    }
}

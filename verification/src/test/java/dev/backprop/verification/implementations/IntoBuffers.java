package dev.backprop.verification.implementations;

import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Objective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the suite calls an API that writes its result into the caller's array ({@code gradientInto}): into a buffer
 * filled with NaN just before the call, so that an entry the call does not write is NaN — never a right-looking 0
 * of a fresh array — and reused for every later call of the same length, so that a second call on another case
 * finds NaN where the first call's values were (a call that writes only some entries the second time cannot pass on
 * stale values). {@link #unwritten} and {@link #compare} then name every entry that is wrong, by its parameter.
 */
final class IntoBuffers {
    /** An API writing ∂ℓ/∂θ into {@code into} in the documented flat order; {@code into} is modified. */
    @FunctionalInterface
    interface Into {
        void call(DeepNetwork network, Batch batch, Objective objective, double[] into);
    }

    private final Map<Integer, double[]> buffers = new HashMap<>();

    /**
     * Calls {@code subject} into this object's buffer for the network's parameter count — the same array as the
     * previous call of that length, refilled with NaN — and returns that buffer (valid until the next call).
     */
    double[] call(Into subject, DeepNetwork network, Batch batch, Objective objective) {
        double[] into = buffers.computeIfAbsent(Math.toIntExact(network.parameterCount()), double[]::new);
        Arrays.fill(into, Double.NaN);
        subject.call(network, batch, objective, into);
        return into;
    }

    /**
     * "" when {@code into} holds {@code expected} in the flat order — for each layer k, ∂ℓ/∂W_k row-major in
     * numerator layout (n_{k−1}×n_k), then ∂ℓ/∂b_k (1×n_k) — bit for bit; else one line per differing entry (at most
     * 5, then a count), naming it: "into[3] = ∂ℓ/∂W1[0,3]: NaN — not written — want 0.5".
     */
    static String compare(double[] into, DeepGradient expected) {
        List<String> names = new ArrayList<>();
        List<Double> want = new ArrayList<>();
        DeepGradient n = expected.in(Layout.NUMERATOR);
        for (int k = 1; k <= n.depth(); k++) {
            for (String p : List.of("W", "b")) {
                dev.backprop.spec.Matrix m = p.equals("W") ? n.weight(k) : n.bias(k);
                for (int i = 0; i < m.rows(); i++) {
                    for (int j = 0; j < m.cols(); j++) {
                        names.add("∂ℓ/∂" + p + k + "[" + i + "," + j + "]");
                        want.add(m.get(i, j));
                    }
                }
            }
        }
        if (into.length != want.size()) {
            return "into has " + into.length + " entries, the gradient " + want.size();
        }
        List<String> wrong = new ArrayList<>();
        for (int e = 0; e < into.length; e++) {
            if (Double.doubleToLongBits(into[e]) != Double.doubleToLongBits(want.get(e))) {
                wrong.add("into[" + e + "] = " + names.get(e) + ": " + into[e]
                        + (Double.isNaN(into[e]) ? " — not written —" : "") + " want " + want.get(e));
            }
        }
        if (wrong.size() > 5) {
            return String.join("\n", wrong.subList(0, 5)) + "\n… " + (wrong.size() - 5) + " more entries differ";
        }
        return String.join("\n", wrong);
    }
}

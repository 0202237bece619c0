package dev.backprop.verification.diagram;

import dev.backprop.reference.ReferenceDeepBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Vector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a diagram of a network must show, worked out from the network itself: the shapes of W_k and b_k read off
 * its matrices, the lengths of x, z_k, s_k and ŷ from a forward pass computed here, and the shapes of ∂ℓ/∂W_k,
 * ∂ℓ/∂b_k (and so g_k = ∂ℓ/∂z_k = ∂ℓ/∂b_k) from the reference implementation's gradient in numerator layout. The
 * symbols follow the notes: d, n, and h (L = 2) or h1, h2, … — the only thing typed in.
 */
final class ExpectedParts {
    /** One part: its name, its shape written symbolically and in numbers. */
    record Expected(String name, String symbolic, String numeric) {
        String shape() {
            return symbolic + " = " + numeric;
        }
    }

    private ExpectedParts() {
    }

    /** A network with the given widths (n₀ … n_L) and activations, entries drawn from a fixed seed. */
    static DeepNetwork network(int[] widths, Activation... activations) {
        SplittableRandom random = new SplittableRandom(widths.length * 1000L + widths[0]);
        List<Matrix> w = new ArrayList<>();
        List<Vector> b = new ArrayList<>();
        for (int k = 1; k < widths.length; k++) {
            w.add(Matrix.fromFunction(widths[k], widths[k - 1], (i, j) -> random.nextDouble() - 0.5));
            b.add(Vector.fromFunction(widths[k], i -> random.nextDouble() - 0.5));
        }
        return new DeepNetwork(w, b, List.of(activations));
    }

    static String symbol(int k, int depth) {
        return k == 0 ? "d" : k == depth ? "n" : depth == 2 ? "h" : "h" + k;
    }

    static List<Expected> of(DeepNetwork net) {
        int depth = net.depth();
        // a forward pass, here, to learn the length of every vector from what is computed, not from a width
        List<Vector> z = new ArrayList<>();
        List<Vector> s = new ArrayList<>();
        Vector x = Vector.fromFunction(net.inputSize(), i -> 0.25 * (i + 1));
        s.add(x);
        for (int k = 1; k <= depth; k++) {
            Matrix w = net.weight(k);
            Vector in = s.get(k - 1);
            Vector bias = net.bias(k);
            Vector zk = Vector.fromFunction(w.rows(), i -> {
                double sum = bias.get(i);
                for (int j = 0; j < w.cols(); j++) {
                    sum += w.get(i, j) * in.get(j);
                }
                return sum;
            });
            z.add(zk);
            Activation act = k < depth ? net.activation(k) : Activation.IDENTITY;
            s.add(Vector.fromFunction(zk.size(), i -> act.value(zk.get(i))));
        }
        Vector yHat = z.get(depth - 1);
        Vector y = Vector.fromFunction(yHat.size(), i -> 0.1 * i);
        DeepGradient g = new ReferenceDeepBackprop().gradient(net, Batch.single(x, y), Objective.SEED)
                .in(Layout.NUMERATOR);

        List<Expected> out = new ArrayList<>();
        out.add(column("x", x.size(), 0, depth));
        for (int k = 1; k <= depth; k++) {
            Matrix w = net.weight(k);
            out.add(new Expected("W" + k, symbol(k, depth) + "×" + symbol(k - 1, depth), w.rows() + "×" + w.cols()));
            out.add(column("b" + k, net.bias(k).size(), k, depth));
            int n = z.get(k - 1).size();
            if (k < depth) {
                out.add(column("z" + k, n, k, depth));
                out.add(column("σ" + k, s.get(k).size(), k, depth));
                out.add(column("s" + k, s.get(k).size(), k, depth));
                String sp = "σ" + k + "'(z" + k + ")";
                out.add(column(sp, n, k, depth));
                out.add(new Expected("diag(" + sp + ")", symbol(k, depth) + "×" + symbol(k, depth), n + "×" + n));
            } else {
                out.add(column("ŷ", n, k, depth));
                out.add(column("r", n, k, depth));
            }
            Matrix dw = g.weight(k);
            Matrix db = g.bias(k);
            out.add(new Expected("∂ℓ/∂W" + k, symbol(k - 1, depth) + "×" + symbol(k, depth),
                    dw.rows() + "×" + dw.cols()));
            out.add(new Expected("∂ℓ/∂b" + k, "1×" + symbol(k, depth), db.rows() + "×" + db.cols()));
            // g_k = ∂ℓ/∂z_k = ∂ℓ/∂b_k (∂z_k/∂b_k = I): the same row
            out.add(new Expected("g" + k, "1×" + symbol(k, depth), db.rows() + "×" + db.cols()));
        }
        out.add(new Expected("ℓ", "1×1", "1×1"));
        return out;
    }

    private static Expected column(String name, int size, int k, int depth) {
        return new Expected(name, symbol(k, depth) + "×1", size + "×1");
    }
}

package dev.backprop.verification.numeric;

import dev.backprop.spec.DeepNetwork;
import java.util.SplittableRandom;

/**
 * m directions over a deep network's θ, each rank one on every weight matrix: direction j is
 * <pre>
 *   U_k = a_k⁽ʲ⁾ b_k⁽ʲ⁾ᵀ on W_k (n_k×n_{k−1}),   c_k⁽ʲ⁾ on b_k,     k = 1 … L,
 * </pre>
 * with a_k ∈ {±1}^{n_k}, b_k ∈ {±1}^{n_{k−1}}, c_k ∈ {±1}^{n_k} independent and uniform. Every entry of every direction
 * is ±1, as for a Rademacher direction, so |u| = 1 entry by entry and a rounding gauge weighted by |u| is the same for
 * all of them; but the tangent of a layer, U_k s = a_k (b_kᵀ s), costs n_k + n_{k−1} operations per sample instead of
 * n_k·n_{k−1}, and ⟨g, u⟩ on W_k is a_kᵀ G_k b_k. What that costs in detection is derived in
 * {@link Tolerances#DEFAULT_MISS_PROBABILITY}.
 *
 * <p>Stored direction-minor for the batched passes of {@link DirectionalDerivative#along(RankOneDirections,
 * double[][][])}: {@code a(k)[i·m + j]}, {@code b(k)[l·m + j]}, {@code c(k)[i·m + j]}, so that one unit's (or one
 * input's) entries of all m directions are contiguous. Immutable: the accessors return copies.
 */
public final class RankOneDirections {
    private final int m;
    private final int[] widths;
    private final double[][] a;
    private final double[][] b;
    private final double[][] c;

    private RankOneDirections(int m, int[] widths, double[][] a, double[][] b, double[][] c) {
        this.m = m;
        this.widths = widths;
        this.a = a;
        this.b = b;
        this.c = c;
    }

    /**
     * m directions for {@code network}'s shapes, the next draws of {@code random}: direction by direction, and within
     * one, layer by layer a_k, b_k, c_k, each entry +1 or −1 by {@link SplittableRandom#nextBoolean()}.
     */
    public static RankOneDirections draw(DeepNetwork network, int m, SplittableRandom random) {
        if (m < 1) {
            throw new IllegalArgumentException("at least one direction, got " + m);
        }
        int depth = network.depth();
        int[] widths = new int[depth + 1];
        for (int k = 0; k <= depth; k++) {
            widths[k] = network.width(k);
        }
        double[][] a = new double[depth + 1][];
        double[][] b = new double[depth + 1][];
        double[][] c = new double[depth + 1][];
        for (int k = 1; k <= depth; k++) {
            a[k] = new double[widths[k] * m];
            b[k] = new double[widths[k - 1] * m];
            c[k] = new double[widths[k] * m];
        }
        for (int j = 0; j < m; j++) {
            for (int k = 1; k <= depth; k++) {
                signs(random, a[k], widths[k], j, m);
                signs(random, b[k], widths[k - 1], j, m);
                signs(random, c[k], widths[k], j, m);
            }
        }
        return new RankOneDirections(m, widths, a, b, c);
    }

    private static void signs(SplittableRandom random, double[] into, int count, int j, int m) {
        for (int i = 0; i < count; i++) {
            into[i * m + j] = random.nextBoolean() ? 1.0 : -1.0;
        }
    }

    /** m, the number of directions. */
    public int size() {
        return m;
    }

    /** n_k for k = 0 … L. */
    public int width(int k) {
        return widths[k];
    }

    /** L, the number of layers. */
    public int depth() {
        return widths.length - 1;
    }

    /** a_k of every direction, [i·m + j] (a copy). */
    public double[] a(int k) {
        return a[k].clone();
    }

    /** b_k of every direction, [l·m + j] (a copy). */
    public double[] b(int k) {
        return b[k].clone();
    }

    /** c_k of every direction, [i·m + j] (a copy). */
    public double[] c(int k) {
        return c[k].clone();
    }

    /**
     * Direction j as a flat vector over θ in {@link DeepParameters}' order (W_k row-major, (U_k)_il = a_i b_l, then
     * b_k), for the dense oracles and for tests: P entries, each ±1.
     */
    public double[] flat(int j) {
        if (j < 0 || j >= m) {
            throw new IllegalArgumentException("direction " + j + " of " + m);
        }
        int count = 0;
        for (int k = 1; k < widths.length; k++) {
            count += widths[k] * widths[k - 1] + widths[k];
        }
        double[] u = new double[count];
        int at = 0;
        for (int k = 1; k < widths.length; k++) {
            for (int i = 0; i < widths[k]; i++) {
                for (int l = 0; l < widths[k - 1]; l++) {
                    u[at++] = a[k][i * m + j] * b[k][l * m + j];
                }
            }
            for (int i = 0; i < widths[k]; i++) {
                u[at++] = c[k][i * m + j];
            }
        }
        return u;
    }
}

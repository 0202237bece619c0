package dev.backprop.spec;

import java.util.Arrays;

/**
 * An immutable p×m×n tensor T with entries T_ijk: slice i (of p) is an m×n matrix, row j, column k.
 *
 * <p>The seed's index rules, which the contracts produce in this type:
 * <ul>
 *   <li>item 4: for y ∈ R^p and X ∈ R^{n×m}, ∂y/∂X ∈ R^{p×m×n} with (∂y/∂X)_ijk = ∂y_i/∂x_kj
 *       (slice i is ∂y_i/∂X of item 3, the transpose of X's shape);</li>
 *   <li>item 6: for x ∈ R^p and Y ∈ R^{n×m}, x⊗Y ∈ R^{p×m×n} with (x⊗Y)_ijk = x_i y_kj;</li>
 *   <li>item 7: for Y ∈ R^{n×m} and x ∈ R^p, Y⊗x ∈ R^{m×p×n} with (Y⊗x)_ijk = x_j y_ki;</li>
 *   <li>the "vector · tensor" product yᵀT contracts y with T's first index:
 *       (yᵀT)_jk = Σ_i y_i T_ijk (the project's reading, DESIGN.md §1).</li>
 * </ul>
 */
public final class Tensor3 {
    /** T_ijk as a function of its indices. */
    @FunctionalInterface
    public interface Entries {
        double at(int i, int j, int k);
    }

    private final int dim1;
    private final int dim2;
    private final int dim3;
    private final double[] data;

    private Tensor3(int dim1, int dim2, int dim3, double[] data) {
        this.dim1 = dim1;
        this.dim2 = dim2;
        this.dim3 = dim3;
        this.data = data;
    }

    /** T_ijk = f(i, j, k). */
    public static Tensor3 fromFunction(int dim1, int dim2, int dim3, Entries f) {
        double[] d = new double[Dimensions.entries("tensor", dim1, dim2, dim3)];
        int at = 0;
        for (int i = 0; i < dim1; i++) {
            for (int j = 0; j < dim2; j++) {
                for (int k = 0; k < dim3; k++) {
                    d[at++] = f.at(i, j, k);
                }
            }
        }
        return new Tensor3(dim1, dim2, dim3, d);
    }

    public int dim1() {
        return dim1;
    }

    public int dim2() {
        return dim2;
    }

    public int dim3() {
        return dim3;
    }

    /** T_ijk, 0-based. */
    public double get(int i, int j, int k) {
        if (i < 0 || i >= dim1 || j < 0 || j >= dim2 || k < 0 || k >= dim3) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ", " + k + ") is outside " + shape());
        }
        return data[(i * dim2 + j) * dim3 + k];
    }

    /** Slice i: the dim2×dim3 matrix (T_ijk) over j, k. */
    public Matrix slice(int i) {
        return Matrix.fromFunction(dim2, dim3, (j, k) -> get(i, j, k));
    }

    /**
     * The seed's 3D → 2D convention (item 4): T ∈ R^{p×m×n} read as the (p·m)×n matrix whose row i·m + j is
     * (T_ijk) over k, i.e. the slices stacked top to bottom. For p = 1 this is the m×n slice, for m = 1 the p×n
     * matrix, as item 4 states.
     */
    public Matrix unfold() {
        return Matrix.fromFunction(dim1 * dim2, dim3, (r, k) -> get(r / dim2, r % dim2, k));
    }

    /**
     * The tensor with its indices permuted: result entry at position (a_0, a_1, a_2) is this tensor's entry
     * whose index number {@code order[t]} equals a_t. {@code permute(1, 0, 2)} swaps the first two indices,
     * {@code permute(0, 1, 2)} is the identity.
     */
    public Tensor3 permute(int... order) {
        if (order.length != 3 || !isPermutation(order)) {
            throw new IllegalArgumentException("not a permutation of (0, 1, 2): " + Arrays.toString(order));
        }
        int[] dims = {dim1, dim2, dim3};
        return fromFunction(dims[order[0]], dims[order[1]], dims[order[2]], (a, b, c) -> {
            int[] src = new int[3];
            src[order[0]] = a;
            src[order[1]] = b;
            src[order[2]] = c;
            return get(src[0], src[1], src[2]);
        });
    }

    private static boolean isPermutation(int[] order) {
        boolean[] seen = new boolean[3];
        for (int o : order) {
            if (o < 0 || o > 2 || seen[o]) {
                return false;
            }
            seen[o] = true;
        }
        return true;
    }

    /** The shape as text, e.g. {@code "3×4×3"}. */
    public String shape() {
        return dim1 + "×" + dim2 + "×" + dim3;
    }

    public boolean sameShape(Tensor3 other) {
        return dim1 == other.dim1 && dim2 == other.dim2 && dim3 == other.dim3;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Tensor3)) {
            return false;
        }
        Tensor3 t = (Tensor3) o;
        return sameShape(t) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(new int[] {dim1, dim2, dim3}) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return shape() + " " + Arrays.toString(data);
    }
}

package dev.backprop.optimized;

import dev.backprop.spec.Dimensions;
import org.ejml.data.DMatrixRMaj;

/**
 * Every dense matrix one forward/backward pass of the shallow network needs, for one shape: d inputs,
 * h hidden units, n outputs, B samples. Package-private: not API, and not thread-safe: it is scratch space
 * that each pass overwrites completely.
 *
 * <p>The fields are the quantities of Prop 2, batched (column b belongs to sample b). Two pairs share
 * storage: {@link #x} is a view onto the first d rows of {@link #xTilde} = [X; 1ᵀ], and {@link #s} a view
 * onto the first h rows of {@link #sTilde} = [S; 1ᵀ]. Writing X or S therefore writes X̃ or S̃ too, and the
 * rows of ones, set once here, are never written again; {@link #requireSharedViews()} checks that this
 * still holds.
 */
final class ShallowWorkspace {
    /** d, the input size. */
    final int d;
    /** h, the hidden size. */
    final int h;
    /** n, the output size. */
    final int n;
    /** B, the batch size. */
    final int batch;

    /** W⁽¹⁾, h×d. */
    final DMatrixRMaj w1;
    /** b₁, h×1. */
    final DMatrixRMaj b1;
    /** W⁽²⁾, n×h. */
    final DMatrixRMaj w2;
    /** b₂, n×1. */
    final DMatrixRMaj b2;

    /** X̃ = [X; 1ᵀ], (d+1)×B. */
    final DMatrixRMaj xTilde;
    /** X, d×B: the first d rows of {@link #xTilde}. */
    final DMatrixRMaj x;
    /** S̃ = [S; 1ᵀ], (h+1)×B. */
    final DMatrixRMaj sTilde;
    /** W⁽¹⁾X before the hidden-layer pass, S = σ(Z) after it; h×B, the first h rows of {@link #sTilde}. */
    final DMatrixRMaj s;
    /** σ'(Z), h×B. */
    final DMatrixRMaj sPrime;
    /** R = W⁽²⁾S + b₂1ᵀ − Y, n×B: column b is the residual r_b. */
    final DMatrixRMaj r;
    /** W⁽²⁾ᵀR before the Hadamard product, G = (W⁽²⁾ᵀR) ⊙ σ'(Z) after it; h×B. */
    final DMatrixRMaj g;

    /** X Gᵀ, d×h. */
    final DMatrixRMaj dW1;
    /** Row sums of G, h×1. */
    final DMatrixRMaj db1;
    /** S Rᵀ, h×n. */
    final DMatrixRMaj dW2;
    /** Row sums of R, n×1. */
    final DMatrixRMaj db2;
    /** X̃ Gᵀ, (d+1)×h. */
    final DMatrixRMaj dW1Tilde;
    /** S̃ Rᵀ, (h+1)×n. */
    final DMatrixRMaj dW2Tilde;

    /**
     * Allocates the workspace for one shape. Refuses, before allocating anything, a shape with a dimension
     * below 1 or for which one of the matrices would exceed {@link Dimensions#MAX_ENTRIES} entries, with
     * {@link Dimensions#entries}' IllegalArgumentException.
     */
    ShallowWorkspace(int d, int h, int n, int batch) {
        String what = "workspace for d=" + d + " h=" + h + " n=" + n + " B=" + batch;
        // The unaugmented shapes first: once d·B and h·B are at most MAX_ENTRIES (2²⁸), d + 1 and h + 1
        // cannot overflow an int, so the augmented shapes below are checked on exact dimensions.
        Dimensions.entries(what, d, batch);
        Dimensions.entries(what, h, batch);
        Dimensions.entries(what, n, batch);
        Dimensions.entries(what, d + 1, batch);
        Dimensions.entries(what, h + 1, batch);
        Dimensions.entries(what, h, d + 1);
        Dimensions.entries(what, n, h + 1);
        this.d = d;
        this.h = h;
        this.n = n;
        this.batch = batch;
        w1 = new DMatrixRMaj(h, d);
        b1 = new DMatrixRMaj(h, 1);
        w2 = new DMatrixRMaj(n, h);
        b2 = new DMatrixRMaj(n, 1);
        xTilde = onesInLastRow(d + 1, batch);
        x = DMatrixRMaj.wrap(d, batch, xTilde.data);
        sTilde = onesInLastRow(h + 1, batch);
        s = DMatrixRMaj.wrap(h, batch, sTilde.data);
        sPrime = new DMatrixRMaj(h, batch);
        r = new DMatrixRMaj(n, batch);
        g = new DMatrixRMaj(h, batch);
        dW1 = new DMatrixRMaj(d, h);
        db1 = new DMatrixRMaj(h, 1);
        dW2 = new DMatrixRMaj(h, n);
        db2 = new DMatrixRMaj(n, 1);
        dW1Tilde = new DMatrixRMaj(d + 1, h);
        dW2Tilde = new DMatrixRMaj(h + 1, n);
    }

    private static DMatrixRMaj onesInLastRow(int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        java.util.Arrays.fill(m.data, (rows - 1) * cols, rows * cols, 1.0);
        return m;
    }

    /** Whether this workspace is for exactly this shape. */
    boolean fits(int d, int h, int n, int batch) {
        return this.d == d && this.h == h && this.n == n && this.batch == batch;
    }

    /**
     * Throws unless X and S still share storage with X̃ and S̃ and the rows of ones are intact. An EJML
     * operation that reallocated an output would break the sharing silently and leave X̃ or S̃ stale; the
     * check costs two comparisons of references and 2B of reads.
     */
    void requireSharedViews() {
        if (x.data != xTilde.data || s.data != sTilde.data || x.numRows != d || s.numRows != h) {
            throw new IllegalStateException("workspace views X ⊂ X̃ or S ⊂ S̃ no longer share storage");
        }
        for (int b = 0; b < batch; b++) {
            if (xTilde.data[d * batch + b] != 1.0 || sTilde.data[h * batch + b] != 1.0) {
                throw new IllegalStateException("the row of ones of X̃ or S̃ was overwritten at column " + b);
            }
        }
    }
}

package dev.backprop.verification.planted;

import dev.backprop.spec.Activation;
import dev.backprop.spec.AugmentedGradient;
import dev.backprop.spec.Batch;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.ShallowBackprop;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.ShallowNetwork;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A deliberately plain test double of {@link ShallowBackprop}: Proposition 2 in nested loops over doubles,
 * one sample at a time, with one {@link Fault} that can be planted. With {@link Fault#NONE} it is a correct
 * third implementation (written for this test, sharing nothing with the reference or optimized code); with any
 * other fault it makes one of the classic backprop mistakes, so that a test can show the checks catch it.
 *
 * <p>Results are in {@link Layout#NUMERATOR}, the seed's layout: ∂ℓ/∂W1 is d×h with entry (j, i) = ∂ℓ/∂w_ij,
 * ∂ℓ/∂b1 is 1×h, ∂ℓ/∂W2 is h×n with entry (i, k) = ∂ℓ/∂w2_ki, ∂ℓ/∂b2 is 1×n. The augmented gradient is built by
 * stacking the split one ([∂ℓ/∂W; ∂ℓ/∂b]), which is enough for a test double.
 */
public final class PlantableBackprop implements ShallowBackprop {

    /** The mistake planted. */
    public enum Fault {
        /** Correct: the control. */
        NONE,
        /**
         * ∂ℓ/∂W1 returned in W1's own shape (h×d, denominator layout) while the result still declares
         * {@link Layout#NUMERATOR}: the "forgot the transpose" bug. Modelled as it would really happen: only
         * ∂ℓ/∂W1 is transposed. When d = h the shapes still fit the declared layout and the values are wrong
         * (unless the d×d matrix happens to be symmetric, as for d = h = 1); when d ≠ h the
         * {@link ShallowGradient} constructor refuses the shapes and the implementation throws
         * {@link dev.backprop.spec.ShapeMismatchException}, which the checks turn into a failure.
         */
        TRANSPOSED_W1,
        /** σ'(s) = σ'(σ(z)) in place of σ'(z). Invisible for identity (σ' ≡ 1) and for ReLU (σ(z) &gt; 0 ⇔ z &gt; 0). */
        SIGMA_PRIME_AT_S,
        /** ∂ℓ/∂b1 and ∂ℓ/∂b2 taken from the last sample only instead of summed over the batch (invisible for B = 1). */
        BIAS_NOT_SUMMED,
        /** ℓ taken as ‖r‖² (the ½ dropped), so ∂ℓ/∂r = 2r and every gradient is doubled. */
        HALF_DROPPED,
        /** The backward pass uses W2 with rows 0 and 1 swapped, when n ≥ 2 (invisible for n = 1). */
        W2_ROWS_SWAPPED,
        /** r = y − ŷ instead of ŷ − y, so every gradient has the wrong sign. */
        SIGN_FLIPPED
    }

    private final Fault fault;
    /** σ' as used for ∂ℓ/∂W1 and for ∂ℓ/∂b1, given z and s; null: the activation's own σ'(z). */
    private final DoubleBinaryOperator slopeForW1;
    private final DoubleBinaryOperator slopeForB1;

    public PlantableBackprop(Fault fault) {
        this(fault, null, null);
    }

    private PlantableBackprop(Fault fault, DoubleBinaryOperator slopeForW1, DoubleBinaryOperator slopeForB1) {
        this.fault = fault;
        this.slopeForW1 = slopeForW1;
        this.slopeForB1 = slopeForB1;
    }

    /**
     * A ReLU backprop whose σ'(z) is given separately for the ∂ℓ/∂W1 and the ∂ℓ/∂b1 sums, to plant faults that
     * exist only at a kink; with both the true ReLU slope it is correct.
     */
    public static PlantableBackprop withSlopes(DoubleUnaryOperator forW1, DoubleUnaryOperator forB1) {
        return new PlantableBackprop(Fault.NONE, (z, s) -> forW1.applyAsDouble(z), (z, s) -> forB1.applyAsDouble(z));
    }

    @Override
    public ShallowGradient gradient(ShallowNetwork network, Batch batch) {
        batch.requireFits(network);
        int d = network.inputSize();
        int h = network.hiddenSize();
        int n = network.outputSize();
        Activation sigma = network.activation();
        double[][] w1 = rows(network.w1());
        double[] b1 = network.b1().toArray();
        double[][] w2 = rows(network.w2());
        double[] b2 = network.b2().toArray();
        double[][] w2Backward = rows(network.w2());
        if (fault == Fault.W2_ROWS_SWAPPED && n >= 2) {
            double[] row0 = w2Backward[0];
            w2Backward[0] = w2Backward[1];
            w2Backward[1] = row0;
        }

        double[][] gW1 = new double[d][h]; // numerator layout: gW1[j][i] = ∂ℓ/∂w1_ij
        double[] gb1 = new double[h];
        double[][] gW2 = new double[h][n]; // numerator layout: gW2[i][k] = ∂ℓ/∂w2_ki
        double[] gb2 = new double[n];

        int last = batch.size() - 1;
        for (int b = 0; b <= last; b++) {
            double[] x = batch.input(b).toArray();
            double[] y = batch.target(b).toArray();

            // Forward: z = W1 x + b1, s = σ(z), ŷ = W2 s + b2.
            double[] z = new double[h];
            double[] s = new double[h];
            for (int i = 0; i < h; i++) {
                double zi = b1[i];
                for (int j = 0; j < d; j++) {
                    zi += w1[i][j] * x[j];
                }
                z[i] = zi;
                s[i] = sigma.value(zi);
            }
            // dr = ∂ℓ/∂ŷ for this sample: r = ŷ − y for ℓ = ½‖r‖².
            double[] dr = new double[n];
            for (int k = 0; k < n; k++) {
                double yHat = b2[k];
                for (int i = 0; i < h; i++) {
                    yHat += w2[k][i] * s[i];
                }
                double r = fault == Fault.SIGN_FLIPPED ? y[k] - yHat : yHat - y[k];
                dr[k] = fault == Fault.HALF_DROPPED ? 2.0 * r : r;
            }

            // Backward: δ_i = ∂ℓ/∂z_i = (Σ_k w2_ki dr_k) σ'(z_i), with σ' as planted for W1 and for b1.
            DoubleBinaryOperator slope = fault == Fault.SIGMA_PRIME_AT_S ? (zi, si) -> sigma.derivative(si)
                    : (zi, si) -> sigma.derivative(zi);
            double[] deltaW1 = new double[h];
            double[] deltaB1 = new double[h];
            for (int i = 0; i < h; i++) {
                double back = 0.0;
                for (int k = 0; k < n; k++) {
                    back += w2Backward[k][i] * dr[k];
                }
                deltaW1[i] = back * (slopeForW1 == null ? slope : slopeForW1).applyAsDouble(z[i], s[i]);
                deltaB1[i] = back * (slopeForB1 == null ? slope : slopeForB1).applyAsDouble(z[i], s[i]);
            }

            // Accumulate over the batch: ℓ = Σ_b ½‖r_b‖².
            boolean biasFromThisSample = fault != Fault.BIAS_NOT_SUMMED || b == last;
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < d; j++) {
                    gW1[j][i] += x[j] * deltaW1[i];
                }
                if (biasFromThisSample) {
                    gb1[i] += deltaB1[i];
                }
                for (int k = 0; k < n; k++) {
                    gW2[i][k] += s[i] * dr[k];
                }
            }
            if (biasFromThisSample) {
                for (int k = 0; k < n; k++) {
                    gb2[k] += dr[k];
                }
            }
        }

        Matrix dW1 = Matrix.fromRows(gW1);
        if (fault == Fault.TRANSPOSED_W1) {
            dW1 = dW1.transpose(); // h×d: W1's own shape, but declared numerator below
        }
        return new ShallowGradient(Layout.NUMERATOR, dW1, Matrix.fromRows(gb1), Matrix.fromRows(gW2),
                Matrix.fromRows(gb2));
    }

    /** [∂ℓ/∂W1; ∂ℓ/∂b1] and [∂ℓ/∂W2; ∂ℓ/∂b2], stacked from {@link #gradient}. */
    @Override
    public AugmentedGradient augmentedGradient(ShallowNetwork network, Batch batch) {
        ShallowGradient g = gradient(network, batch);
        return new AugmentedGradient(Layout.NUMERATOR, stack(g.w1(), g.b1()), stack(g.w2(), g.b2()));
    }

    private static Matrix stack(Matrix top, Matrix bottomRow) {
        double[][] out = new double[top.rows() + 1][];
        for (int i = 0; i < top.rows(); i++) {
            out[i] = top.row(i).toArray();
        }
        out[top.rows()] = bottomRow.row(0).toArray();
        return Matrix.fromRows(out);
    }

    private static double[][] rows(Matrix m) {
        double[][] out = new double[m.rows()][];
        for (int i = 0; i < m.rows(); i++) {
            out[i] = m.row(i).toArray();
        }
        return out;
    }

    @Override
    public String toString() {
        return "PlantableBackprop[" + fault + "]";
    }
}

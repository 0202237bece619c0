package dev.backprop.verification.numeric;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Vector;

/**
 * ℓ_b(θ), the loss of one sample of a deep network, in plain loops over a flat θ: the functions the finite
 * differences differentiate (ℓ = w Σ_b ℓ_b). It shares no code with either implementation under test; it
 * uses σ itself ({@link Activation#value}), never σ', and the spec's definition of the loss
 * ({@link Loss#value}). Each z is summed bias first, as {@link DeepGauges} sums it.
 *
 * <p>Pieces. A ReLU or leaky ReLU is linear on each side of 0: σ(z) = a·z with a its slope below or above 0.
 * Given a piece for every unit of a kinked layer, the oracle evaluates ℓ_b with each such unit held on its
 * piece: σ(z) ↦ a·z whatever the sign of z. Near a point where no held unit's z is 0 and every unit is held on
 * the piece it is on, that is ℓ_b itself; beyond a kink it is the continuation of the piece, which is smooth.
 * So its derivative at the point is ℓ_b's, and a centred stencil may cross a kink without noticing it. Each
 * evaluation records whether some held unit's z lay on the other side of 0 ({@link #crossed()}): a kink was
 * within the stencil.
 */
final class DeepLossOracle {
    /** Piece codes: the unit is on its piece below 0, or above 0. */
    static final byte BELOW = -1;
    static final byte ABOVE = 1;

    private final DeepParameters layout;
    private final DeepNetwork network;
    private final Batch batch;
    private final Loss loss;
    private final double[][] s;
    /** The pre-activations where ℓ_b bends smoothly, of the last evaluation ({@link #smoothState()}). */
    private final double[] smooth;
    /** [k][i]: the piece unit i of kinked layer k was on in the last evaluation. */
    private final byte[][] sides;
    private boolean crossed;

    DeepLossOracle(DeepParameters layout, DeepNetwork network, Batch batch, Loss loss) {
        this.layout = layout;
        this.network = network;
        this.batch = batch;
        this.loss = loss;
        int depth = layout.depth();
        s = new double[depth + 1][];
        int bends = loss == Loss.SOFTMAX_CROSS_ENTROPY ? layout.width(depth) : 0;
        for (int k = 0; k <= depth; k++) {
            s[k] = new double[layout.width(k)];
            if (k >= 1 && k < depth && bends(network.activation(k))) {
                bends += layout.width(k);
            }
        }
        smooth = new double[bends];
        sides = new byte[depth][];
        for (int k = 1; k < depth; k++) {
            sides[k] = new byte[network.activation(k).kinked() ? layout.width(k) : 0];
        }
    }

    /** σ is curved (tanh, the logistic function, softplus): neither linear nor a pair of linear pieces. */
    private static boolean bends(Activation sigma) {
        return !sigma.kinked() && sigma != Activation.IDENTITY;
    }

    /**
     * ℓ_b(θ) for sample b, unweighted by the reduction, with the units of kinked layers held on
     * {@code pieces[k][i]} ({@link #BELOW} or {@link #ABOVE}); {@code pieces} null holds nothing (σ itself).
     * {@code theta} is not modified.
     */
    double sampleLoss(double[] theta, int b, byte[][] pieces) {
        int depth = layout.depth();
        crossed = false;
        int bend = 0;
        for (int j = 0; j < layout.width(0); j++) {
            s[0][j] = batch.inputs().get(j, b);
        }
        for (int k = 1; k <= depth; k++) {
            for (int i = 0; i < layout.width(k); i++) {
                double z = theta[layout.bias(k, i)];
                for (int j = 0; j < layout.width(k - 1); j++) {
                    z += theta[layout.weight(k, i, j)] * s[k - 1][j];
                }
                if (k == depth) {
                    s[k][i] = z;
                    if (loss == Loss.SOFTMAX_CROSS_ENTROPY) {
                        smooth[bend++] = z;
                    }
                } else {
                    Activation sigma = network.activation(k);
                    if (bends(sigma)) {
                        smooth[bend++] = z;
                    }
                    if (sigma.kinked()) {
                        sides[k][i] = z > 0 ? ABOVE : BELOW;
                    }
                    if (sigma.kinked() && pieces != null) {
                        boolean above = pieces[k][i] == ABOVE;
                        s[k][i] = (above ? sigma.slopeAboveZero() : sigma.slopeBelowZero()) * z;
                        crossed |= above ? z <= 0 : z > 0;
                    } else {
                        s[k][i] = sigma.value(z);
                    }
                }
            }
        }
        double[] out = s[depth];
        return loss.value(Vector.fromFunction(out.length, i -> out[i]), batch.target(b));
    }

    /**
     * A copy of the pre-activations where the last evaluation's ℓ_b bends smoothly: those of every tanh, logistic
     * and softplus unit, and the logits under softmax cross-entropy.
     */
    double[] smoothState() {
        return smooth.clone();
    }

    /** The largest change of those pre-activations between {@code reference} and the last evaluation. */
    double smoothChange(double[] reference) {
        double change = 0.0;
        for (int i = 0; i < smooth.length; i++) {
            change = Math.max(change, Math.abs(smooth[i] - reference[i]));
        }
        return change;
    }

    /** Whether the last {@link #sampleLoss} had a held unit on the other side of 0 than its piece. */
    boolean crossed() {
        return crossed;
    }

    /**
     * The pieces sample b's units are on at θ: {@link #ABOVE} where z &gt; 0, {@link #BELOW} where z ≤ 0 (σ'(0) is
     * the slope below zero); [k][i] for kinked hidden layers k, empty rows elsewhere.
     */
    byte[][] piecesAt(double[] theta, int b) {
        sampleLoss(theta, b, null);
        byte[][] copy = new byte[sides.length][];
        for (int k = 1; k < sides.length; k++) {
            copy[k] = sides[k].clone();
        }
        return copy;
    }

}

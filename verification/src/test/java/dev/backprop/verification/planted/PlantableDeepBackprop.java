package dev.backprop.verification.planted;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepBackprop;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately plain test double of {@link DeepBackprop}: the L-layer chain rule in nested loops over doubles,
 * one sample at a time, with one {@link Fault} that can be planted. With {@link Fault#NONE} it is a correct third
 * implementation (sharing nothing with the reference or optimized code); with any other fault it makes one of
 * the classic mistakes of deep backprop, so that a test can show the checks catch it. Results are in
 * {@link Layout#NUMERATOR}.
 */
public final class PlantableDeepBackprop implements DeepBackprop {

    /** The mistake planted. */
    public enum Fault {
        /** Correct: the control. */
        NONE,
        /**
         * g_k = g_{k+1} W_k diag(σ'(z_k)): the recursion uses W_k where W_{k+1} belongs. Only possible without an
         * index error when n_{k−1} = n_k = n_{k+1}; corrupts every layer below L.
         */
        WEIGHT_OF_WRONG_LAYER,
        /**
         * g_k = g_{k+1} W_{k+1} diag(σ'(z_{k+1})) for k &lt; L − 1: σ' of the layer above (of the layer's own for
         * k = L − 1). Needs two hidden layers of equal width and activations whose σ' differ there.
         */
        SIGMA_PRIME_OF_WRONG_LAYER,
        /** The last hidden layer's activation applied twice in the forward pass: s_{L−1} = σ(σ(z_{L−1})). */
        LAST_ACTIVATION_TWICE,
        /** A mean asked for, a sum computed: the 1/B of {@link Reduction#MEAN} forgotten (invisible for B = 1). */
        MEAN_TAKEN_AS_SUM,
        /**
         * Softmax cross-entropy's ∂ℓ/∂ŷ_i taken as −y_i (1 − p_i), the diagonal of the softmax Jacobian only: the
         * term Σ_{j≠i} y_j p_i from the probabilities' sum is missing (invisible unless the loss is cross-entropy
         * with n ≥ 2).
         */
        SOFTMAX_SUM_TERM_MISSING,
        /**
         * A kinked activation's σ' taken at z + 2⁻¹⁰: the kink moved a little to the left, so units with
         * z ∈ (−2⁻¹⁰, 0] get the slope above zero. Wrong only near a kink, where a checker is tempted to look
         * away: the kink-planting generator puts pre-activations there.
         */
        KINK_SHIFTED,
        /**
         * σ'(0) = ½(slope below + slope above) for a kinked activation at z = 0 exactly: a value between the two
         * one-sided derivatives, which no consistent choice of side gives. Visible only where z is exactly 0.
         */
        KINK_HALF_SLOPE,
        /**
         * At z = 0 exactly, the weight gradients take the slope below zero and the bias gradients the slope above:
         * each one-sided on its own, but no single choice of side per point gives both.
         */
        KINK_SIDES_MIXED
    }

    /** How far {@link Fault#KINK_SHIFTED} moves the kink. */
    static final double KINK_SHIFT = 0x1p-10;

    private final Fault fault;

    public PlantableDeepBackprop(Fault fault) {
        this.fault = fault;
    }

    @Override
    public DeepGradient gradient(DeepNetwork network, Batch batch, Objective objective) {
        objective.requireFits(network, batch);
        int depth = network.depth();
        double[][][] dw = new double[depth + 1][][];
        double[][] db = new double[depth + 1][];
        for (int k = 1; k <= depth; k++) {
            dw[k] = new double[network.width(k - 1)][network.width(k)];
            db[k] = new double[network.width(k)];
        }
        double w = objective.reduction().weight(batch.size());
        if (fault == Fault.MEAN_TAKEN_AS_SUM) {
            w = 1.0;
        }
        for (int b = 0; b < batch.size(); b++) {
            double[][] s = new double[depth][];
            double[][] z = new double[depth + 1][];
            s[0] = batch.input(b).toArray();
            for (int k = 1; k <= depth; k++) {
                z[k] = new double[network.width(k)];
                for (int i = 0; i < z[k].length; i++) {
                    z[k][i] = network.bias(k).get(i);
                    for (int j = 0; j < s[k - 1].length; j++) {
                        z[k][i] += network.weight(k).get(i, j) * s[k - 1][j];
                    }
                }
                if (k < depth) {
                    Activation sigma = network.activation(k);
                    s[k] = new double[z[k].length];
                    for (int i = 0; i < z[k].length; i++) {
                        s[k][i] = sigma.value(z[k][i]);
                        if (fault == Fault.LAST_ACTIVATION_TWICE && k == depth - 1) {
                            s[k][i] = sigma.value(s[k][i]);
                        }
                    }
                }
            }
            double[] g = outputGradient(objective.loss(), z[depth], batch.target(b).toArray());
            // the bias gradients' own back-propagated vector: the same as g but under KINK_SIDES_MIXED
            double[] gBias = g.clone();
            for (int k = depth; k >= 1; k--) {
                for (int i = 0; i < g.length; i++) {
                    db[k][i] += w * gBias[i];
                    for (int j = 0; j < s[k - 1].length; j++) {
                        dw[k][j][i] += w * s[k - 1][j] * g[i];
                    }
                }
                if (k > 1) {
                    g = backward(network, k, g, z, false);
                    gBias = backward(network, k, gBias, z, true);
                }
            }
        }
        List<Matrix> weights = new ArrayList<>();
        List<Matrix> biases = new ArrayList<>();
        for (int k = 1; k <= depth; k++) {
            weights.add(Matrix.fromRows(dw[k]));
            biases.add(Matrix.fromRows(db[k]));
        }
        return new DeepGradient(Layout.NUMERATOR, weights, biases);
    }

    /** g_{k−1} from g_k: (W_kᵀ g_k) ⊙ σ'(z_{k−1}), or the planted mistake; {@code forBias}: for the biases. */
    private double[] backward(DeepNetwork network, int k, double[] g, double[][] z, boolean forBias) {
        Matrix weight = fault == Fault.WEIGHT_OF_WRONG_LAYER ? network.weight(k - 1) : network.weight(k);
        int slopeLayer = k - 1;
        if (fault == Fault.SIGMA_PRIME_OF_WRONG_LAYER && k < network.depth()) {
            slopeLayer = k;
        }
        double[] out = new double[network.width(k - 1)];
        for (int j = 0; j < out.length; j++) {
            double sum = 0.0;
            for (int i = 0; i < g.length; i++) {
                sum += weight.get(i, j) * g[i];
            }
            Activation sigma = network.activation(slopeLayer);
            double at = z[slopeLayer][j] + (fault == Fault.KINK_SHIFTED && sigma.kinked() ? KINK_SHIFT : 0.0);
            double slope = sigma.derivative(at);
            if (sigma.kinked() && at == 0.0 && fault == Fault.KINK_HALF_SLOPE) {
                slope = 0.5 * (sigma.slopeBelowZero() + sigma.slopeAboveZero());
            } else if (sigma.kinked() && at == 0.0 && fault == Fault.KINK_SIDES_MIXED && forBias) {
                slope = sigma.slopeAboveZero();
            }
            out[j] = sum * slope;
        }
        return out;
    }

    private double[] outputGradient(Loss loss, double[] yHat, double[] y) {
        int n = yHat.length;
        double[] g = new double[n];
        switch (loss) {
            case HALF_SQUARED_ERROR:
                for (int i = 0; i < n; i++) {
                    g[i] = yHat[i] - y[i];
                }
                return g;
            case MEAN_SQUARED_ERROR:
                for (int i = 0; i < n; i++) {
                    g[i] = 2.0 * (yHat[i] - y[i]) / n;
                }
                return g;
            case SOFTMAX_CROSS_ENTROPY:
                double max = Double.NEGATIVE_INFINITY;
                for (double v : yHat) {
                    max = Math.max(max, v);
                }
                double sum = 0.0;
                for (double v : yHat) {
                    sum += Math.exp(v - max);
                }
                double targets = 0.0;
                for (double v : y) {
                    targets += v;
                }
                for (int i = 0; i < n; i++) {
                    double p = Math.exp(yHat[i] - max) / sum;
                    g[i] = fault == Fault.SOFTMAX_SUM_TERM_MISSING ? -y[i] * (1.0 - p) : p * targets - y[i];
                }
                return g;
            default:
                throw new IllegalArgumentException("unknown loss " + loss);
        }
    }
}

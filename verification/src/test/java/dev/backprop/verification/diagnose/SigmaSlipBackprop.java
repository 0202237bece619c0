package dev.backprop.verification.diagnose;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepBackprop;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny hand-written backprop for the diagnosis tests that makes one σ' slip at one hidden layer, written
 * independently of the diagnoser's predictions (which force slopes inside forward-mode AD): plain loops over
 * doubles, the recursion g_{k−1} = (W_kᵀ g_k) ⊙ σ'_{k−1} with σ' of layer {@code layer} either left out
 * ({@link Slip#OMITTED}) or taken at s = σ(z) ({@link Slip#AT_OUTPUT}). Results in numerator layout.
 */
final class SigmaSlipBackprop implements DeepBackprop {
    /** The slip made at the chosen layer. */
    enum Slip {
        /** diag(σ'(z)) left out of the chain rule at that layer. */
        OMITTED,
        /** σ'(σ(z)) where σ'(z) belongs. */
        AT_OUTPUT
    }

    private final Slip slip;
    private final int layer;

    SigmaSlipBackprop(Slip slip, int layer) {
        this.slip = slip;
        this.layer = layer;
    }

    @Override
    public DeepGradient gradient(DeepNetwork network, Batch batch, Objective objective) {
        int depth = network.depth();
        double w = objective.reduction().weight(batch.size());
        double[][][] dw = new double[depth + 1][][];
        double[][] db = new double[depth + 1][];
        for (int k = 1; k <= depth; k++) {
            dw[k] = new double[network.width(k - 1)][network.width(k)];
            db[k] = new double[network.width(k)];
        }
        for (int b = 0; b < batch.size(); b++) {
            double[][] s = new double[depth][];
            double[][] z = new double[depth + 1][];
            s[0] = batch.input(b).toArray();
            for (int k = 1; k <= depth; k++) {
                z[k] = new double[network.width(k)];
                for (int i = 0; i < z[k].length; i++) {
                    double sum = network.bias(k).get(i);
                    for (int j = 0; j < s[k - 1].length; j++) {
                        sum += network.weight(k).get(i, j) * s[k - 1][j];
                    }
                    z[k][i] = sum;
                }
                if (k < depth) {
                    s[k] = new double[z[k].length];
                    for (int i = 0; i < s[k].length; i++) {
                        s[k][i] = network.activation(k).value(z[k][i]);
                    }
                }
            }
            double[] g = lossDerivative(objective, z[depth], batch.target(b).toArray());
            for (int k = depth; k >= 1; k--) {
                for (int i = 0; i < g.length; i++) {
                    db[k][i] += w * g[i];
                    for (int j = 0; j < s[k - 1].length; j++) {
                        dw[k][j][i] += w * g[i] * s[k - 1][j];
                    }
                }
                if (k > 1) {
                    Activation sigma = network.activation(k - 1);
                    double[] next = new double[network.width(k - 1)];
                    for (int j = 0; j < next.length; j++) {
                        double v = 0.0;
                        for (int i = 0; i < g.length; i++) {
                            v += network.weight(k).get(i, j) * g[i];
                        }
                        double slope = sigma.derivative(z[k - 1][j]);
                        if (k - 1 == layer) {
                            slope = slip == Slip.OMITTED ? 1.0 : sigma.derivative(s[k - 1][j]);
                        }
                        next[j] = v * slope;
                    }
                    g = next;
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

    /** ∂ℓ_b/∂ŷ: r for ½‖r‖², 2r/n for the mean squared error, p·Σy − y for softmax cross-entropy. */
    private static double[] lossDerivative(Objective objective, double[] yHat, double[] y) {
        int n = yHat.length;
        double[] g = new double[n];
        switch (objective.loss()) {
            case HALF_SQUARED_ERROR -> {
                for (int i = 0; i < n; i++) {
                    g[i] = yHat[i] - y[i];
                }
            }
            case MEAN_SQUARED_ERROR -> {
                for (int i = 0; i < n; i++) {
                    g[i] = 2.0 * (yHat[i] - y[i]) / n;
                }
            }
            case SOFTMAX_CROSS_ENTROPY -> {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : yHat) {
                    max = Math.max(max, v);
                }
                double total = 0.0;
                double mass = 0.0;
                for (int i = 0; i < n; i++) {
                    total += Math.exp(yHat[i] - max);
                    mass += y[i];
                }
                for (int i = 0; i < n; i++) {
                    g[i] = Math.exp(yHat[i] - max) / total * mass - y[i];
                }
            }
            default -> throw new IllegalArgumentException("unknown loss " + objective.loss());
        }
        return g;
    }
}

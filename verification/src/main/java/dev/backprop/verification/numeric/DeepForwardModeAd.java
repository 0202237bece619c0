package dev.backprop.verification.numeric;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Objective;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * Exact forward-mode differentiation of a deep network's loss with commons-math3 {@link DerivativeStructure}
 * (see {@link ForwardModeAd}): every parameter is a free variable, the forward pass and the loss are evaluated
 * on derivative structures, and ∂ℓ/∂θ is read off the result. σ is differentiated from its definition
 * ({@link ForwardModeAd#apply}) and the loss from its formula, so neither an implementation's σ' nor its
 * ∂ℓ/∂ŷ is ever used.
 */
public final class DeepForwardModeAd {
    private DeepForwardModeAd() {
    }

    /** ∂ℓ/∂θ in numerator layout. Nothing is modified. */
    public static DeepGradient gradient(DeepNetwork network, Batch batch, Objective objective) {
        return gradient(network, batch, objective, null);
    }

    /**
     * ∂ℓ/∂θ with σ'(z) of sample b, hidden layer k, unit i forced to {@code slopes[b][k][i]} wherever that is
     * not NaN (σ(z) keeps its value): the exact gradient an implementation computes when its rounding puts
     * that pre-activation on the side of a kink whose slope that is. {@code slopes} may be null.
     */
    public static DeepGradient gradient(DeepNetwork network, Batch batch, Objective objective, double[][][] slopes) {
        DeepParameters layout = DeepParameters.of(network);
        double[] theta = layout.flatten(network);
        int count = theta.length;
        DerivativeStructure[] t = new DerivativeStructure[count];
        for (int p = 0; p < count; p++) {
            t[p] = new DerivativeStructure(count, 1, p, theta[p]);
        }
        DerivativeStructure loss = t[0].multiply(0.0);
        for (int b = 0; b < batch.size(); b++) {
            loss = loss.add(sampleLoss(layout, network, t, batch, b, objective.loss(),
                    slopes == null ? null : slopes[b]));
        }
        loss = loss.multiply(objective.reduction().weight(batch.size()));
        double[] g = new double[count];
        int[] orders = new int[count];
        for (int p = 0; p < count; p++) {
            orders[p] = 1;
            g[p] = loss.getPartialDerivative(orders);
            orders[p] = 0;
        }
        return layout.toGradient(g);
    }

    /** ℓ_b over derivative structures: the forward pass of the network's definition, then the loss's formula. */
    private static DerivativeStructure sampleLoss(DeepParameters layout, DeepNetwork network, DerivativeStructure[] t,
            Batch batch, int b, Loss loss, double[][] slopes) {
        int depth = layout.depth();
        DerivativeStructure[] s = new DerivativeStructure[layout.width(0)];
        for (int j = 0; j < s.length; j++) {
            s[j] = t[0].multiply(0.0).add(batch.inputs().get(j, b));
        }
        for (int k = 1; k <= depth; k++) {
            DerivativeStructure[] next = new DerivativeStructure[layout.width(k)];
            for (int i = 0; i < next.length; i++) {
                DerivativeStructure z = t[layout.bias(k, i)];
                for (int j = 0; j < s.length; j++) {
                    z = z.add(t[layout.weight(k, i, j)].multiply(s[j]));
                }
                if (k == depth) {
                    next[i] = z;
                } else {
                    Activation sigma = network.activation(k);
                    double forced = slopes == null ? Double.NaN : slopes[k][i];
                    // value σ(z), derivative the forced slope: slope·z + (σ(z) − slope·z) as a constant
                    next[i] = Double.isNaN(forced) ? ForwardModeAd.apply(sigma, z)
                            : z.multiply(forced).add(sigma.value(z.getValue()) - forced * z.getValue());
                }
            }
            s = next;
        }
        return lossOf(loss, s, batch, b);
    }

    /** ℓ_b(ŷ, y) by each loss's formula (spec {@link Loss}), on derivative structures. */
    static DerivativeStructure lossOf(Loss loss, DerivativeStructure[] yHat, Batch batch, int b) {
        int n = yHat.length;
        DerivativeStructure sum = yHat[0].multiply(0.0);
        switch (loss) {
            case HALF_SQUARED_ERROR:
                for (int i = 0; i < n; i++) {
                    DerivativeStructure r = yHat[i].subtract(batch.targets().get(i, b));
                    sum = sum.add(r.multiply(r));
                }
                return sum.multiply(0.5);
            case MEAN_SQUARED_ERROR:
                for (int i = 0; i < n; i++) {
                    DerivativeStructure r = yHat[i].subtract(batch.targets().get(i, b));
                    sum = sum.add(r.multiply(r));
                }
                return sum.divide(n);
            case SOFTMAX_CROSS_ENTROPY:
                // log Σ_j e^{ŷ_j} = m + log Σ_j e^{ŷ_j − m} for the constant m = max_j ŷ_j: no overflow, and
                // subtracting a constant changes no derivative
                double m = Double.NEGATIVE_INFINITY;
                for (DerivativeStructure v : yHat) {
                    m = Math.max(m, v.getValue());
                }
                DerivativeStructure exps = sum;
                for (DerivativeStructure v : yHat) {
                    exps = exps.add(v.subtract(m).exp());
                }
                DerivativeStructure logSumExp = exps.log().add(m);
                for (int i = 0; i < n; i++) {
                    sum = sum.add(logSumExp.subtract(yHat[i]).multiply(batch.targets().get(i, b)));
                }
                return sum;
            default:
                throw new IllegalArgumentException("no forward-mode rule for the loss " + loss);
        }
    }
}

package dev.backprop.verification.numeric;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.ShallowNetwork;
import java.util.function.Function;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * Exact forward-mode differentiation with commons-math3 {@link DerivativeStructure}: every value carries its
 * first derivatives with respect to all inputs, propagated by the chain rule of each elementary operation.
 * The result is exact up to rounding, with no step and no truncation. It differentiates σ from its definition
 * (exp, tanh, log1p, max), so it never uses an implementation's σ'.
 */
public final class ForwardModeAd {
    private ForwardModeAd() {
    }

    /**
     * The m×k Jacobian of f: R^k → R^m at {@code at}, in the seed's numerator layout (item 1):
     * J_ij = ∂f_i/∂x_j. {@code at} is not modified.
     */
    public static Matrix jacobian(double[] at, Function<DerivativeStructure[], DerivativeStructure[]> f) {
        int k = at.length;
        DerivativeStructure[] x = new DerivativeStructure[k];
        for (int j = 0; j < k; j++) {
            x[j] = new DerivativeStructure(k, 1, j, at[j]);
        }
        DerivativeStructure[] y = f.apply(x);
        int[] orders = new int[k];
        double[][] jac = new double[y.length][k];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < k; j++) {
                orders[j] = 1;
                jac[i][j] = y[i].getPartialDerivative(orders);
                orders[j] = 0;
            }
        }
        return Matrix.fromRows(jac);
    }

    /** ∂ℓ/∂θ of the shallow network's loss, in numerator layout. */
    public static ShallowGradient gradient(ShallowNetwork network, Batch batch) {
        return gradient(network, batch, null);
    }

    /**
     * ∂ℓ/∂θ with σ'(z_bi) forced to {@code slopes[b][i]} wherever that entry is not NaN (σ(z_bi) keeps its value):
     * the exact gradient an implementation computes when its rounding puts z_bi on the side of a ReLU kink whose
     * slope that is. {@code slopes} may be null.
     */
    public static ShallowGradient gradient(ShallowNetwork network, Batch batch, double[][] slopes) {
        FlatParameters layout = FlatParameters.of(network);
        double[] theta = layout.flatten(network);
        Matrix jac = jacobian(theta,
                t -> new DerivativeStructure[] {loss(layout, t, network.activation(), batch, slopes)});
        double[] g = new double[theta.length];
        for (int p = 0; p < g.length; p++) {
            g[p] = jac.get(0, p);
        }
        return layout.toGradient(g);
    }

    /** ℓ = Σ_b ½‖W2 σ(W1 x_b + b1) + b2 − y_b‖² over DerivativeStructure parameters. */
    static DerivativeStructure loss(FlatParameters layout, DerivativeStructure[] theta, Activation activation,
            Batch batch, double[][] slopes) {
        DerivativeStructure loss = theta[0].multiply(0.0);
        for (int b = 0; b < batch.size(); b++) {
            DerivativeStructure[] s = new DerivativeStructure[layout.h()];
            for (int i = 0; i < layout.h(); i++) {
                DerivativeStructure z = theta[layout.b1(i)];
                for (int j = 0; j < layout.d(); j++) {
                    z = z.add(theta[layout.w1(i, j)].multiply(batch.inputs().get(j, b)));
                }
                double forced = slopes == null ? Double.NaN : slopes[b][i];
                // value σ(z), derivative the forced slope: slope·z + (σ(z) − slope·z) as a constant
                s[i] = Double.isNaN(forced) ? apply(activation, z)
                        : z.multiply(forced).add(activation.value(z.getValue()) - forced * z.getValue());
            }
            for (int k = 0; k < layout.n(); k++) {
                DerivativeStructure r = theta[layout.b2(k)].subtract(batch.targets().get(k, b));
                for (int i = 0; i < layout.h(); i++) {
                    r = r.add(theta[layout.w2(k, i)].multiply(s[i]));
                }
                loss = loss.add(r.multiply(r).multiply(0.5));
            }
        }
        return loss;
    }

    /** σ(z) from σ's definition; ReLU and leaky ReLU at exactly 0 take the slope below 0, the spec's convention. */
    public static DerivativeStructure apply(Activation activation, DerivativeStructure z) {
        switch (activation) {
            case IDENTITY:
                return z;
            case SIGMOID:
                if (z.getValue() >= 0) {
                    return z.negate().exp().add(1.0).reciprocal();
                }
                DerivativeStructure e = z.exp();
                return e.divide(e.add(1.0));
            case TANH:
                return z.tanh();
            case SOFTPLUS:
                // log(1 + e^z) = max(z, 0) + log1p(e^−|z|), the overflow-free form
                return z.getValue() > 0 ? z.add(z.negate().exp().log1p()) : z.exp().log1p();
            case RELU:
                return z.getValue() > 0 ? z : z.multiply(0.0);
            case LEAKY_RELU:
                return z.getValue() > 0 ? z : z.multiply(Activation.LEAKY_SLOPE);
            default:
                throw new IllegalArgumentException("no forward-mode rule for " + activation);
        }
    }
}

package dev.backprop.verification.numeric;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;

/**
 * ℓ_b(θ) = ½‖W2 σ(W1 x_b + b1) + b2 − y_b‖² in plain loops over a flat θ: the functions the finite
 * differences differentiate, sample by sample (ℓ = Σ_b ℓ_b). It shares no code with either implementation
 * under test; it uses only σ itself ({@link Activation#value}), never σ'. z is summed bias first, as
 * {@link Gauges} sums it, so both place a pre-activation on the same side of 0.
 */
final class LossOracle {
    private final FlatParameters layout;
    private final Activation activation;
    private final Batch batch;
    private final double[] z;

    LossOracle(FlatParameters layout, Activation activation, Batch batch) {
        this.layout = layout;
        this.activation = activation;
        this.batch = batch;
        this.z = new double[layout.h()];
    }

    /** ℓ_b(θ) = ½‖r_b‖², the loss of sample b alone. {@code theta} is not modified. */
    double sampleLoss(double[] theta, int b) {
        for (int i = 0; i < layout.h(); i++) {
            z[i] = preActivation(theta, b, i);
        }
        double loss = 0.0;
        for (int k = 0; k < layout.n(); k++) {
            double r = theta[layout.b2(k)] - batch.targets().get(k, b);
            for (int i = 0; i < layout.h(); i++) {
                r += theta[layout.w2(k, i)] * activation.value(z[i]);
            }
            loss += 0.5 * r * r;
        }
        return loss;
    }

    /** z_i of sample b at θ: W1 x_b + b1, to locate ReLU kinks. */
    double preActivation(double[] theta, int b, int i) {
        double zi = theta[layout.b1(i)];
        for (int j = 0; j < layout.d(); j++) {
            zi += theta[layout.w1(i, j)] * batch.inputs().get(j, b);
        }
        return zi;
    }

    Batch batch() {
        return batch;
    }
}

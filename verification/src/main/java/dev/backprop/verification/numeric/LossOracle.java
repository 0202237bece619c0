package dev.backprop.verification.numeric;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;

/**
 * ℓ(θ) = Σ_b ½‖W2 σ(W1 x_b + b1) + b2 − y_b‖² in plain loops over a flat θ: the function the finite
 * differences differentiate. It shares no code with either implementation under test; it uses only σ itself
 * ({@link Activation#value}), never σ'.
 */
public final class LossOracle {
    private final FlatParameters layout;
    private final Activation activation;
    private final Batch batch;
    private final double[] z;

    public LossOracle(FlatParameters layout, Activation activation, Batch batch) {
        this.layout = layout;
        this.activation = activation;
        this.batch = batch;
        this.z = new double[layout.h()];
    }

    /** ℓ(θ). {@code theta} is not modified. */
    public double loss(double[] theta) {
        return loss(theta, 0, batch.size());
    }

    /** ℓ_b(θ) = ½‖r_b‖², the loss of sample b alone. */
    double sampleLoss(double[] theta, int b) {
        return loss(theta, b, b + 1);
    }

    /** Σ_{b ∈ [from, to)} ½‖r_b‖². */
    private double loss(double[] theta, int from, int to) {
        int d = layout.d();
        int h = layout.h();
        int n = layout.n();
        double loss = 0.0;
        for (int b = from; b < to; b++) {
            for (int i = 0; i < h; i++) {
                double zi = theta[layout.b1(i)];
                for (int j = 0; j < d; j++) {
                    zi += theta[layout.w1(i, j)] * batch.inputs().get(j, b);
                }
                z[i] = zi;
            }
            for (int k = 0; k < n; k++) {
                double r = theta[layout.b2(k)] - batch.targets().get(k, b);
                for (int i = 0; i < h; i++) {
                    r += theta[layout.w2(k, i)] * activation.value(z[i]);
                }
                loss += 0.5 * r * r;
            }
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

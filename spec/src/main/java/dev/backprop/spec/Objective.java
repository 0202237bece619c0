package dev.backprop.spec;

/**
 * What a deep network's gradient is the gradient of: ℓ = Σ_b w · ℓ_b(ŷ_b, y_b), with ℓ_b the {@link Loss} and
 * w = {@link Reduction#weight(int)} (1 for a sum, 1/B for a mean).
 *
 * @param loss      the per-sample loss
 * @param reduction how the batch is reduced
 */
public record Objective(Loss loss, Reduction reduction) {
    /** The seed's objective: ℓ = Σ_b ½‖ŷ_b − y_b‖². */
    public static final Objective SEED = new Objective(Loss.HALF_SQUARED_ERROR, Reduction.SUM);

    public Objective {
        if (loss == null || reduction == null) {
            throw new IllegalArgumentException(loss == null ? "loss is missing" : "reduction is missing");
        }
    }

    /**
     * Throws, with a message naming the shape or entry, unless {@code batch} fits {@code network} and its
     * targets are valid for the loss. Every implementation calls this before computing anything.
     */
    public void requireFits(DeepNetwork network, Batch batch) {
        if (network == null || batch == null) {
            throw new IllegalArgumentException(network == null ? "network is missing" : "batch is missing");
        }
        batch.requireFits(network);
        loss.requireTargets(batch.targets());
    }

    /**
     * What every {@link DeepBackprop} checks first: throws IllegalArgumentException if {@code objective} is
     * missing, and otherwise as {@link #requireFits}. Allocates nothing when everything fits.
     */
    public static void check(Objective objective, DeepNetwork network, Batch batch) {
        if (objective == null) {
            throw new IllegalArgumentException("objective is missing");
        }
        objective.requireFits(network, batch);
    }

    /**
     * ℓ by this objective's definition, given the outputs Ŷ (n×B, column b is ŷ_b) and the targets Y (n×B).
     * Nothing is modified.
     *
     * @throws ShapeMismatchException if Ŷ and Y differ in shape
     */
    public double value(Matrix outputs, Matrix targets) {
        if (!outputs.sameShape(targets)) {
            ShapeMismatchException.require(false, "objective " + describe(), "Ŷ is " + outputs.shape(),
                    "Y is " + targets.shape(), "Ŷ and Y need one entry per output and sample");
        }
        double sum = 0.0;
        for (int b = 0; b < outputs.cols(); b++) {
            sum += loss.value(outputs.column(b), targets.column(b));
        }
        return sum * reduction.weight(outputs.cols());
    }

    /** E.g. {@code "half_squared_error, sum"}. */
    public String describe() {
        return loss.reportName() + ", " + reduction.reportName();
    }
}

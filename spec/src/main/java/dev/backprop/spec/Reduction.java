package dev.backprop.spec;

/**
 * How the per-sample losses ℓ_b of a batch of B samples become one loss ℓ: explicit in every call, because
 * "sum or mean" is the batch bug a gradient checker meets most often.
 */
public enum Reduction {
    /** ℓ = Σ_b ℓ_b: the seed's reading of a batch (ℓ = Σ_b ½‖r_b‖²). */
    SUM,
    /** ℓ = (1/B) Σ_b ℓ_b. */
    MEAN;

    /** The weight of each ℓ_b in ℓ for a batch of {@code batchSize} ≥ 1 samples: 1 or 1/B. */
    public double weight(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("a batch has at least one sample, got " + batchSize);
        }
        return this == SUM ? 1.0 : 1.0 / batchSize;
    }

    /** The name used in reports and case files, e.g. {@code "mean"}. */
    public String reportName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The reduction named {@code name} (case-insensitive), or a message listing the known names. */
    public static Reduction named(String name) {
        for (Reduction r : values()) {
            if (r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown reduction '" + name + "'; known: sum, mean");
    }
}

package dev.backprop.verification.exchange;

import dev.backprop.verification.numeric.Tolerances;

/**
 * The floating-point format an implementation computed its gradients in, declared per case in a gradient file.
 * The rounding rule's bound is first order in the unit roundoff, so a gradient computed in single precision
 * is judged with the same gauge and threshold as one in double, the scaled error divided by
 * {@link #relativeToDouble()} = ulp₃₂(1)/ulp₆₄(1) = 2²⁹.
 */
public enum Precision {
    FLOAT64(Math.ulp(1.0)),
    FLOAT32(Math.ulp(1.0f));

    private final double ulpOfOne;

    Precision(double ulpOfOne) {
        this.ulpOfOne = ulpOfOne;
    }

    /** ulp(1) of this format: 2⁻⁵² or 2⁻²³. */
    public double ulpOfOne() {
        return ulpOfOne;
    }

    /** How many times coarser than {@link Tolerances#EPSILON} this format's rounding is: 1 or 2²⁹. */
    public double relativeToDouble() {
        return ulpOfOne / Tolerances.EPSILON;
    }

    /** The name used in files: {@code float64} or {@code float32}. */
    public String fileName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

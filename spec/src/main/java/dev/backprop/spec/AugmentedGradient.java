package dev.backprop.spec;

/**
 * The gradient of ℓ with respect to the seed's augmented parameters W̃⁽¹⁾ = [W⁽¹⁾ | b₁] and
 * W̃⁽²⁾ = [W⁽²⁾ | b₂], with its {@link Layout}.
 *
 * <p>In {@link Layout#NUMERATOR} (Prop 2): ∂ℓ/∂W̃⁽¹⁾ = x̃ rᵀ W⁽²⁾ diag(σ'(z)) is (d+1)×h and
 * ∂ℓ/∂W̃⁽²⁾ = s̃ rᵀ is (h+1)×n; their last rows are ∂ℓ/∂b₁ and ∂ℓ/∂b₂.
 * In {@link Layout#DENOMINATOR}: h×(d+1) and n×(h+1), the shapes of W̃⁽¹⁾ and W̃⁽²⁾.
 */
public final class AugmentedGradient {
    private final Layout layout;
    private final Matrix w1Tilde;
    private final Matrix w2Tilde;

    public AugmentedGradient(Layout layout, Matrix w1Tilde, Matrix w2Tilde) {
        if (layout == null) {
            throw new IllegalArgumentException("layout is missing");
        }
        // In the parameters' own orientation W̃1 is h×(d+1) and W̃2 is n×(h+1); numerator layout transposes both.
        boolean denominator = layout == Layout.DENOMINATOR;
        int h = denominator ? w1Tilde.rows() : w1Tilde.cols();
        int dPlusOne = denominator ? w1Tilde.cols() : w1Tilde.rows();
        int hPlusOne = denominator ? w2Tilde.cols() : w2Tilde.rows();
        ShapeMismatchException.require(hPlusOne == h + 1 && dPlusOne >= 2,
                "augmented gradient in " + layout.name().toLowerCase(java.util.Locale.ROOT) + " layout",
                "∂ℓ/∂W̃1 is " + w1Tilde.shape(), "∂ℓ/∂W̃2 is " + w2Tilde.shape(),
                "W̃2 must have h + 1 columns where h is the number of rows of W̃1");
        this.layout = layout;
        this.w1Tilde = w1Tilde;
        this.w2Tilde = w2Tilde;
    }

    public Layout layout() {
        return layout;
    }

    /** ∂ℓ/∂W̃⁽¹⁾ in this layout. */
    public Matrix w1Tilde() {
        return w1Tilde;
    }

    /** ∂ℓ/∂W̃⁽²⁾ in this layout. */
    public Matrix w2Tilde() {
        return w2Tilde;
    }

    /** The same gradient in {@code target} layout. */
    public AugmentedGradient in(Layout target) {
        return target == layout ? this : new AugmentedGradient(target, w1Tilde.transpose(), w2Tilde.transpose());
    }

    @Override
    public String toString() {
        return "AugmentedGradient[" + layout + ", W̃1=" + w1Tilde + ", W̃2=" + w2Tilde + "]";
    }
}

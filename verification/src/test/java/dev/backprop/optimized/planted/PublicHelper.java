package dev.backprop.optimized.planted;

/**
 * A planted violation, not a test: a public helper class in a package under {@code dev.backprop.optimized} that
 * is not on the published API allow-list. The real optimized module keeps its helpers package-private
 * (DESIGN.md §2); a helper made public, here or in a sibling package, would be API in all but name.
 *
 * <p>{@code ArchitectureTest.onlyThePublishedApiIsPublicBites} imports the real reference and optimized main
 * classes plus this one and checks that the very rule field guarding the real code reports it. It lives in the
 * test tree, so the main-class import of the real rules ({@code ImportOption.DoNotIncludeTests}) never sees it.
 * Do not "fix" it.
 */
public final class PublicHelper {
    private PublicHelper() {
    }

    /** What a helper typically offers: a small public utility that callers outside the module could now use. */
    public static double[] rowOfOnes(int n) {
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1.0);
        return ones;
    }
}

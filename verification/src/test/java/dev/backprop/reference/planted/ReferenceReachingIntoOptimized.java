package dev.backprop.reference.planted;

import dev.backprop.optimized.OptimizedBackprop;
import dev.backprop.spec.ShallowBackprop;

/**
 * A planted violation, not a test: a class in a package under {@code dev.backprop.reference} that reaches into
 * the optimized module, which the real reference module must never do (DESIGN.md §2).
 *
 * <p>{@code ArchitectureTest.referenceMustNotDependOnOptimizedBites} imports the real reference and optimized
 * main classes plus this one and checks that the very rule field guarding the real code reports it. It lives in
 * the test tree, so the main-class import of the real rules ({@code ImportOption.DoNotIncludeTests}) never sees
 * it. Do not "fix" it.
 */
public final class ReferenceReachingIntoOptimized {
    private ReferenceReachingIntoOptimized() {
    }

    /** The forbidden dependency: the reference side constructing the optimized implementation. */
    public static ShallowBackprop reachIntoOptimized() {
        return new dev.backprop.optimized.OptimizedBackprop();
    }

    /** Also a field-type dependency, so the violation is not a single byte-code instruction. */
    static final Class<OptimizedBackprop> TARGET = OptimizedBackprop.class;
}

/**
 * Behaviours of reference and optimized that mutation testing (the {@code mutation} profile, PIT) found no
 * other test pinning down: each test states a property a user relies on, through the public API only, with its
 * expected value derived by hand in its javadoc, never read off the code under test. GradientIntoRefusalsTest,
 * WorkspaceReuseTest, SoftmaxTargetSumTest and TooLargeShapesTest each kill mutants that survived the rest of
 * the suite; SoftmaxExtremeLogitsTest states the overflow-safe softmax directly, which other tests only touch.
 * The README lists the mutants that no input can kill, with the reason for each.
 */
package dev.backprop.verification.mutation;

/**
 * One check of one case, and the runner that draws the cases.
 *
 * <p>{@link dev.backprop.verification.check.PropertyRun} runs a check over cases drawn by QuickTheories with a
 * fixed seed, exactly as many as asked, and shrinks the first failure; it returns a
 * {@link dev.backprop.verification.check.PropertyResult}. A check returns an
 * {@link dev.backprop.verification.check.Observation} per case: {@link dev.backprop.verification.check.GradientChecks}
 * (shallow gradients against AD, finite differences and each other),
 * {@link dev.backprop.verification.check.DeepGradientChecks} (the same for deep networks, failing parameters named
 * by layer) and {@link dev.backprop.verification.check.AlgebraChecks} (the seed's Section 1 products and
 * Prop 1's Jacobians). What the implementation under test throws is its failure; what the suite's own oracles
 * throw is an error of the suite.
 */
package dev.backprop.verification.check;

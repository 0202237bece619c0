/**
 * Every random domain value of the suite (DESIGN.md §5): {@link dev.backprop.verification.generate.Generators}
 * draws shapes, activations, losses, scales and seeds with QuickTheories and builds
 * {@link dev.backprop.verification.generate.ShallowCase}s, {@link dev.backprop.verification.generate.DeepCase}s
 * and claim {@link dev.backprop.verification.generate.Instance}s from them; each case prints the recipe that
 * rebuilds it exactly.
 */
package dev.backprop.verification.generate;

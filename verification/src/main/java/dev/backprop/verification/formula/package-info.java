/**
 * The formula check (DESIGN.md §6, "Derivations"; issue 5): is a hand-derived gradient formula, written in EJML
 * {@code Equation} syntax over named quantities, the gradient it claims to be? {@link
 * dev.backprop.verification.formula.FormulaCheck#check} evaluates it on random networks whose dimensions all
 * differ, are 1, or are equal, judges it against exact forward-mode AD by the rounding rule, and answers
 * holds, ill-formed (which product's dimensions disagree, every factor's shape, what would have to change),
 * fails (what it is instead: transposed, scaled, sign-flipped, without a σ' factor, with a factor from the wrong
 * layer, another parameter's gradient, or none of these, with the worst entries) or bad formula (one line).
 */
package dev.backprop.verification.formula;

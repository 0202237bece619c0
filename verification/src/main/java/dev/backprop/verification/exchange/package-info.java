/**
 * Case files and gradient files: how an implementation in any language is checked.
 *
 * <p>A {@link dev.backprop.verification.exchange.CaseSet} of
 * {@link dev.backprop.verification.exchange.ExchangeCase}s is written as JSON; the other implementation reads
 * it and writes one {@link dev.backprop.verification.exchange.Submission} per case, each with its declared
 * layout and {@link dev.backprop.verification.exchange.Precision}; the suite reads those back and judges them.
 * Anything that is not the documented format ends in a
 * {@link dev.backprop.verification.exchange.BadInputException}: one line naming file, case and field.
 */
package dev.backprop.verification.exchange;

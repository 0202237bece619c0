package dev.backprop.verification.formula;

/**
 * A formula that cannot be read: its message is one line, naming the column and what was expected, and is
 * what {@link FormulaResult#message()} returns for {@link FormulaResult.Verdict#BAD_FORMULA}.
 */
final class BadFormula extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadFormula(String message) {
        super(message.replace('\n', ' ').replace('\r', ' '));
    }
}

package dev.backprop.verification.exchange;

/**
 * Input the suite will not judge: a file that cannot be read, is not the documented format, or holds a value
 * that no case can have. Its {@link #getMessage()} is one line naming the file, the case and the field, for
 * the command line to print before exiting with code 2.
 */
public final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file  the file as the user named it
     * @param where the case and field, e.g. {@code "case c3, layers[1].W[0][2]"}, or "" for the whole file
     * @param what  what is wrong, e.g. {@code "NaN is not a finite number"}
     */
    public BadInputException(String file, String where, String what) {
        super(file + (where.isEmpty() ? "" : ": " + where) + ": " + what);
    }
}

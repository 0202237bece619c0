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
        super(printable(file + (where.isEmpty() ? "" : ": " + where) + ": " + what));
    }

    /**
     * Control characters as escapes: a file name or a value from the file is echoed, and a line break in it would
     * make the one line two.
     */
    private static String printable(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? String.format("\\u%04x", (int) c)
                    : String.valueOf(c));
        }
        return b.toString();
    }
}

package dev.backprop.verification.gate;

/**
 * A message as one printable line: every control character (line breaks, NUL, escape sequences a terminal would
 * obey) written as an escape, because a bad argument or file name is echoed in the message and the contract of
 * exit code 2 is one line on stderr.
 */
final class OneLine {
    private OneLine() {
    }

    /** {@code text} with \n, \r, \t as those escapes and every other control character as \\uXXXX. */
    static String of(String text) {
        String s = String.valueOf(text);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                        ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.toString();
    }
}

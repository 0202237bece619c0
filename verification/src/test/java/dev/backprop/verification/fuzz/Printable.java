package dev.backprop.verification.fuzz;

/** Text with control characters escaped and its length capped, so that a failure message about bytes stays legible. */
final class Printable {
    private static final int MAX = 300;

    private Printable() {
    }

    static String of(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length() && b.length() < MAX; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return text.length() > MAX ? b + "…(" + text.length() + " chars)" : b.toString();
    }
}

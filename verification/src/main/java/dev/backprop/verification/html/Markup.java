package dev.backprop.verification.html;

import java.util.Locale;

/**
 * Escaping and number formatting shared by the page and its inline SVG. Everything written from data goes through
 * {@link #text} or {@link #attr}, so the page stays well-formed XML as well as HTML5 whatever the data hold.
 */
final class Markup {
    /** U+FFFD, which stands in for a character that XML 1.0 forbids. */
    private static final char REPLACEMENT = '\uFFFD';

    private Markup() {
    }

    /** {@code s} as element content: &amp;, &lt;, &gt; escaped, characters XML forbids replaced by U+FFFD. */
    static String text(String s) {
        return escape(s, false);
    }

    /** {@code s} as a double-quoted attribute value: {@link #text} plus both quotes escaped. */
    static String attr(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean attribute) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(i + 1));
                i++;
                continue;
            }
            switch (c) {
                case '&':
                    out.append("&amp;");
                    break;
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '"':
                    out.append(attribute ? "&quot;" : "\"");
                    break;
                case '\'':
                    out.append(attribute ? "&#39;" : "'");
                    break;
                case '\n':
                    // a newline inside an attribute would be normalised to a space by an XML parser
                    out.append(attribute ? "&#10;" : "\n");
                    break;
                default:
                    out.append(allowed(c) ? c : REPLACEMENT);
            }
        }
        return out.toString();
    }

    /**
     * Whether XML 1.0 admits {@code c} (a lone surrogate is not), and HTML does not flag it: C0 controls other than
     * tab, line feed and carriage return, DEL and the C1 controls are replaced too.
     */
    private static boolean allowed(char c) {
        if (c == '\t' || c == '\r') {
            return true;
        }
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
            return false;
        }
        if (Character.isSurrogate(c)) {
            return false;
        }
        return c != '\uFFFE' && c != '\uFFFF';
    }

    /** An SVG coordinate: two decimals at most, root locale (a comma decimal separator would break the SVG). */
    static String num(double v) {
        double r = Math.round(v * 100) / 100.0;
        if (r == Math.rint(r)) {
            return Long.toString((long) r);
        }
        String s = String.format(Locale.ROOT, "%.2f", r);
        return s.endsWith("0") ? s.substring(0, s.length() - 1) : s;
    }

    /** A value for a reader: three significant digits, ∞ and NaN spelled out. */
    static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        String s = a >= 1e-3 && a < 1e5 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.3e", v);
        return s.replace('-', '−');
    }

    /** {@code 10⁻³}: a power of ten with a superscript exponent. */
    static String decade(int exponent) {
        StringBuilder out = new StringBuilder("10");
        String digits = Integer.toString(Math.abs(exponent));
        if (exponent < 0) {
            out.append('⁻');
        }
        for (char d : digits.toCharArray()) {
            out.append("⁰¹²³⁴⁵⁶⁷⁸⁹".charAt(d - '0'));
        }
        return out.toString();
    }
}

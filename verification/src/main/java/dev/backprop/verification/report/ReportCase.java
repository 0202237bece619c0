package dev.backprop.verification.report;

/**
 * One line of a machine-readable report: a check, a claim or a judged case, and how it came out.
 *
 * @param name    what was checked, unique within its suite
 * @param outcome passed, failed (the thing checked is wrong) or error (the suite could not judge it)
 * @param message one line: why it failed, or "" when it passed
 * @param detail  the full evidence (several lines), or a note on a passing case ("" for none)
 */
public record ReportCase(String name, Outcome outcome, String message, String detail) {
    /** How a case came out; JUnit XML's {@code <failure>} and {@code <error>} have the same meanings. */
    public enum Outcome { PASSED, FAILED, ERROR }

    public ReportCase {
        if (name == null || outcome == null) {
            throw new IllegalArgumentException("a report case needs a name and an outcome");
        }
        message = message == null ? "" : message;
        detail = detail == null ? "" : detail;
    }

    public static ReportCase passed(String name, String note) {
        return new ReportCase(name, Outcome.PASSED, "", note);
    }
}

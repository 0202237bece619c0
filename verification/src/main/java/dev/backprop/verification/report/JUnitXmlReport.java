package dev.backprop.verification.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes suites as JUnit XML — the format Jenkins, GitLab, GitHub Actions reporters and Surefire share: a
 * {@code <testsuites>} root, one {@code <testsuite>} per suite with {@code tests}, {@code failures},
 * {@code errors} and {@code skipped} counts, one {@code <testcase>} per case with a {@code <failure>} or
 * {@code <error>} carrying the one-line message as attribute and the evidence as text. No timing attributes:
 * the same run writes the same bytes. Written by the JDK's StAX writer, so every character is escaped and the
 * document is well-formed whatever the evidence holds (characters XML 1.0 forbids are replaced by U+FFFD).
 */
public final class JUnitXmlReport {
    private JUnitXmlReport() {
    }

    /** Writes {@code suites} to {@code file}, replacing it atomically ({@link OutputFiles#write}). */
    public static void write(String title, List<ReportSuite> suites, Path file) throws IOException {
        OutputFiles.write(file, render(title, suites));
    }

    /** The document as a string. */
    public static String render(String title, List<ReportSuite> suites) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", clean(title));
            x.writeAttribute("tests", Long.toString(suites.stream().mapToLong(s -> s.cases().size()).sum()));
            x.writeAttribute("failures", Long.toString(total(suites, ReportCase.Outcome.FAILED)));
            x.writeAttribute("errors", Long.toString(total(suites, ReportCase.Outcome.ERROR)));
            for (ReportSuite s : suites) {
                x.writeCharacters("\n  ");
                x.writeStartElement("testsuite");
                x.writeAttribute("name", clean(s.name()));
                x.writeAttribute("tests", Integer.toString(s.cases().size()));
                x.writeAttribute("failures", Long.toString(s.count(ReportCase.Outcome.FAILED)));
                x.writeAttribute("errors", Long.toString(s.count(ReportCase.Outcome.ERROR)));
                x.writeAttribute("skipped", "0");
                for (ReportCase c : s.cases()) {
                    x.writeCharacters("\n    ");
                    x.writeStartElement("testcase");
                    x.writeAttribute("name", clean(c.name()));
                    x.writeAttribute("classname", clean(s.name()));
                    if (c.outcome() != ReportCase.Outcome.PASSED) {
                        x.writeStartElement(c.outcome() == ReportCase.Outcome.FAILED ? "failure" : "error");
                        x.writeAttribute("message", clean(c.message()));
                        x.writeCharacters(clean(c.detail()));
                        x.writeEndElement();
                    } else if (!c.detail().isEmpty()) {
                        x.writeStartElement("system-out");
                        x.writeCharacters(clean(c.detail()));
                        x.writeEndElement();
                    }
                    x.writeEndElement();
                }
                x.writeCharacters("\n  ");
                x.writeEndElement();
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new IOException("cannot render JUnit XML: " + e.getMessage(), e));
        }
        return out.toString();
    }

    private static long total(List<ReportSuite> suites, ReportCase.Outcome outcome) {
        return suites.stream().mapToLong(s -> s.count(outcome)).sum();
    }

    /** The text with every character XML 1.0 cannot carry (control characters other than tab, LF, CR) replaced. */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(c == 0x9 || c == 0xA || c == 0xD
                || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF)
                ? c : 0xFFFD));
        return out.toString();
    }
}

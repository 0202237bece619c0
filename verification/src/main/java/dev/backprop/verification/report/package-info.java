/**
 * Machine-readable reports for CI: {@link dev.backprop.verification.report.ReportSuite}s of
 * {@link dev.backprop.verification.report.ReportCase}s, written as JUnit XML by
 * {@link dev.backprop.verification.report.JUnitXmlReport}; the JSON reports are written by the commands that own
 * their content (the gate, the judge). {@link dev.backprop.verification.report.OutputFiles} holds the rules every
 * output file follows: written whole or not at all, never over a directory or an input.
 */
package dev.backprop.verification.report;

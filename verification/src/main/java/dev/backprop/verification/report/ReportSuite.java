package dev.backprop.verification.report;

import java.util.List;

/** A named group of {@link ReportCase}s: one implementation's checks, the seed's claims, one case file's judging. */
public record ReportSuite(String name, List<ReportCase> cases) {
    public ReportSuite {
        cases = List.copyOf(cases);
    }

    public long count(ReportCase.Outcome outcome) {
        return cases.stream().filter(c -> c.outcome() == outcome).count();
    }
}

package dev.backprop.verification.gate;

import dev.backprop.verification.check.PropertyRun;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code backprop-verify campaign --cases N --seed S [--check NAME]...}: the false-alarm campaign (issue 6). Runs
 * every check of the gate against the built-in (correct) implementations, and their agreement, over the campaign's
 * wider cases ({@code generate.CampaignGenerators}: scales 10⁻³ to 10³, saturated units, kinks, batches to 512,
 * depths 1–6), counting every failure instead of stopping at the first, and prints per property the cases run,
 * failed and not judged, then the tolerance record: per comparison kind, the worst scaled error seen against its
 * threshold and the margin between them. Deterministic for a seed; not part of CI (it is long).
 */
@Command(name = "campaign", mixinStandardHelpOptions = true,
        description = "False-alarm campaign: runs every check over many wide-ranging cases against the built-in "
                + "(correct) implementations and prints cases, failures, cases not judged and the worst scaled "
                + "error per comparison kind against its threshold.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every case of every property passed (no false alarm, none left unjudged)",
            "1:a check failed on a correct implementation: a false alarm (or a bug) to investigate",
            "2:bad usage", "3:no failure, but some cases could not be judged"})
final class CampaignCommand implements Callable<Integer> {
    /** Most cases per property in one run; split a longer campaign over seeds. */
    static final int MAX_CASES = 1_000_000;

    @Option(names = "--cases", description = "cases per property (default: ${DEFAULT-VALUE})")
    int cases = 100;

    @Option(names = "--seed", description = "seed the cases are drawn with (default: ${DEFAULT-VALUE})")
    long seed = PropertyRun.DEFAULT_SEED;

    @Option(names = "--check", paramLabel = "NAME", description = "run only this property (repeatable), for every "
            + "implementation; names: shallow-…, deep-…, agree-… as listed by --list-checks")
    List<String> checks = new ArrayList<>();

    @Option(names = "--implementation", paramLabel = "NAME", description = "check only this built-in implementation "
            + "(repeatable; reference, optimized); the agreement of two runs only when both are checked")
    List<String> implementations = new ArrayList<>();

    @Option(names = "--list-checks", description = "print the property names and exit")
    boolean list;

    @Spec
    CommandSpec spec;

    private final Supplier<Map<String, Subject>> builtIns;
    private final PrintStream out;
    private final PrintStream err;

    /** {@code builtIns} is called only when the campaign runs, as the gate does (GateMain's class comment). */
    CampaignCommand(Supplier<Map<String, Subject>> builtIns, PrintStream out, PrintStream err) {
        this.builtIns = builtIns;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Map<String, Subject> subjects;
        try {
            subjects = builtIns.get();
        } catch (IllegalArgumentException e) {
            // a system property the implementations read has a value they refuse (their message names it): bad usage
            err.println("backprop-verify campaign: " + OneLine.of(e.getMessage()));
            return 2;
        }
        Map<String, Subject> chosen = new LinkedHashMap<>();
        for (String name : implementations) {
            if (!subjects.containsKey(name)) {
                throw new ParameterException(spec.commandLine(), "no implementation named '" + name + "'; names: "
                        + String.join(", ", subjects.keySet()));
            }
        }
        subjects.forEach((name, subject) -> {
            if (implementations.isEmpty() || implementations.contains(name)) {
                chosen.put(name, subject);
            }
        });
        List<String> names = Campaign.names(chosen);
        if (list) {
            names.forEach(out::println);
            return 0;
        }
        if (cases < 1 || cases > MAX_CASES) {
            throw new ParameterException(spec.commandLine(),
                    "--cases must be between 1 and " + MAX_CASES + ", got " + cases);
        }
        for (String c : checks) {
            if (!names.contains(c)) {
                throw new ParameterException(spec.commandLine(), "no property named '" + c + "'; names: "
                        + String.join(", ", names));
            }
        }
        List<Campaign.Property> run = new ArrayList<>();
        for (Campaign.Property p : Campaign.properties(chosen)) {
            if (checks.isEmpty() || checks.contains(p.name())) {
                run.add(p);
            }
        }
        Progress progress = Progress.onTerminal(err);
        Map<Campaign.Property, CampaignTally> tallies = new LinkedHashMap<>();
        for (Campaign.Property p : run) {
            progress.step(p.label());
            tallies.put(p, p.runner().run(seed, cases));
        }
        progress.done();
        return print(tallies);
    }

    private int print(Map<Campaign.Property, CampaignTally> tallies) {
        out.printf(Locale.ROOT, "false-alarm campaign: seed %d, %d cases per property%n%n", seed, cases);
        out.printf(Locale.ROOT, "%-52s %-36s %7s %6s %10s %12s %9s%n", "property", "comparison", "cases", "failed",
                "not judged", "worst/thr.", "margin");
        int failed = 0;
        int notJudged = 0;
        long total = 0;
        Map<Campaign.Comparison, Record> record = new LinkedHashMap<>();
        for (Map.Entry<Campaign.Property, CampaignTally> e : tallies.entrySet()) {
            Campaign.Property p = e.getKey();
            CampaignTally t = e.getValue();
            out.printf(Locale.ROOT, "%-52s %-36s %7d %6d %10d %12s %9s%n", p.name() + " " + p.label(),
                    p.comparison().label, t.cases, t.failed, t.notJudged,
                    String.format(Locale.ROOT, "%.3g/%s", t.worst, threshold(p.comparison())),
                    margin(p.comparison().threshold, t.worst));
            failed += t.failed;
            notJudged += t.notJudged;
            total += t.cases;
            Record r = record.computeIfAbsent(p.comparison(), k -> new Record());
            r.cases += t.cases;
            if (t.worst > r.worst || r.where.isEmpty()) {
                r.worst = Math.max(r.worst, t.worst);
                r.where = p.label() + ": " + t.worstCase;
            }
        }
        out.printf(Locale.ROOT, "%ntolerance record (worst scaled error over the campaign, against the threshold "
                + "in Tolerances)%n");
        out.printf(Locale.ROOT, "%-36s %8s %11s %12s %9s%n", "comparison", "cases", "threshold", "worst", "margin");
        for (Map.Entry<Campaign.Comparison, Record> e : record.entrySet()) {
            Campaign.Comparison c = e.getKey();
            Record r = e.getValue();
            out.printf(Locale.ROOT, "%-36s %8d %11s %12.4g %9s%n", c.label, r.cases, threshold(c), r.worst,
                    margin(c.threshold, r.worst));
            out.printf(Locale.ROOT, "    worst at %s%n", r.where);
        }
        for (Map.Entry<Campaign.Property, CampaignTally> e : tallies.entrySet()) {
            CampaignTally t = e.getValue();
            if (t.failed + t.notJudged > 0) {
                out.printf(Locale.ROOT, "%n%s: %d failed, %d not judged (first %d of each):%n", e.getKey().label(),
                        t.failed, t.notJudged, CampaignTally.KEPT);
                t.failures.forEach(f -> out.println("  FAIL " + f));
                t.unjudged.forEach(f -> out.println("  NOT JUDGED " + f));
            }
        }
        out.printf(Locale.ROOT, "%ncampaign: %d properties, %d cases, %d failed, %d not judged%n", tallies.size(),
                total, failed, notJudged);
        return failed > 0 ? 1 : notJudged > 0 ? 3 : 0;
    }

    private static String threshold(Campaign.Comparison c) {
        return String.format(Locale.ROOT, "%.3g", c.threshold);
    }

    /** threshold / worst: how many times the worst error seen would have to grow to fail; "∞" when nothing was off. */
    private static String margin(double threshold, double worst) {
        if (!(worst > 0)) {
            return "∞";
        }
        return String.format(Locale.ROOT, "%.3gx", threshold / worst);
    }

    private static final class Record {
        long cases;
        double worst;
        String where = "";
    }
}

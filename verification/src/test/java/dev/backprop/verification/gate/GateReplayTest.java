package dev.backprop.verification.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gate failure's replay reproduces it exactly: {@code replay DIR} on the bundle a failing check wrote gives the
 * same verdict (FAIL, exit 1) on the same case (the recipe of the smallest failing case), the same diagnosis, line
 * for line, and the gate's evidence line for line among the judge's — which judges by both oracles where the gate's
 * check used one, so it has more lines, not other ones. It holds for the large model too: the judge seeds its random
 * projections as the gate does, by the case's recipe.
 */
class GateReplayTest {
    @TempDir
    Path dir;

    @Test
    void everyFailureReplaysWithTheSameVerdictEvidenceAndDiagnosis() {
        Path replays = dir.resolve("replays");
        CommandRun gate = CommandRun.of(PlantedGateMain.subjects(), "--claim-cases=1", "--cases=4", "--replay-dir",
                replays.toString());
        assertEquals(1, gate.exit(), gate.out() + gate.err());
        List<Failure> failures = Failure.all(gate.out());
        // every failing check of the planted implementation wrote a replay (the agreement check writes none), a
        // small model's and a large one's among them
        List<Failure> planted = failures.stream().filter(f -> f.title.startsWith("FAILED: " + PlantedGateMain.PLANTED
                + ": ")).toList();
        assertTrue(planted.stream().allMatch(f -> f.replay != null), gate.out());
        assertTrue(planted.stream().anyMatch(f -> f.title.contains("forward-mode AD")), gate.out());
        assertTrue(planted.stream().anyMatch(f -> f.title.contains("large: ")), gate.out());
        for (Failure f : failures) {
            if (f.replay == null) {
                continue;
            }
            CommandRun replay = CommandRun.of("replay", f.replay);
            assertEquals(1, replay.exit(), replay.out() + replay.err());
            Replayed r = Replayed.of(replay.out());
            assertEquals(f.recipe, r.recipe, f.title);
            assertEquals(f.diagnosis, r.diagnosis, f.title);
            // nothing compared is empty: a small model's failure has its diagnosis, every failure its evidence
            assertTrue(!f.evidence.isEmpty() && (f.title.contains("large: ") || !f.diagnosis.isEmpty()), f.title);
            for (String line : f.evidence) {
                assertTrue(r.evidence.stream().anyMatch(e -> sameEvidence(line, e)),
                        f.title + ": the gate's evidence\n" + line + "\nis not among the replay's\n" + r.evidence);
            }
        }
    }

    /**
     * The same evidence: equal; or equal but for the layout the judge notes after an entry (it reads a file whose
     * layout is declared); or the same oracle's account under another heading (the gate's check says what it
     * compared, the judge why it judged by projections), which is everything after the first ": ".
     */
    private static boolean sameEvidence(String gate, String judged) {
        return judged.equals(gate) || judged.matches(java.util.regex.Pattern.quote(gate) + " \\((numerator|denominator) layout\\)")
                || (gate.contains(": ") && judged.contains(": ")
                        && gate.substring(gate.indexOf(": ")).equals(judged.substring(judged.indexOf(": "))));
    }

    /** A FAILED block of the gate's report. */
    private static final class Failure {
        String title;
        String recipe;
        String replay;
        final List<String> evidence = new ArrayList<>();
        final List<String> diagnosis = new ArrayList<>();

        static List<Failure> all(String report) {
            List<Failure> out = new ArrayList<>();
            Failure f = null;
            String section = "";
            for (String line : report.lines().toList()) {
                if (line.startsWith("FAILED: ")) {
                    f = new Failure();
                    f.title = line;
                    out.add(f);
                    section = "head";
                } else if (f == null || !line.startsWith("  ")) {
                    f = null;
                } else if (line.startsWith("  smallest case: ")) {
                    f.recipe = line.substring("  smallest case: ".length());
                } else if (line.startsWith("  seed: ")) {
                    section = "evidence";
                } else if (line.equals("  diagnosis:")) {
                    section = "diagnosis";
                } else if (line.startsWith("  replay file: ")) {
                    f.replay = line.substring("  replay file: ".length(), line.indexOf(" (reproduce with"));
                    section = "done";
                } else if (line.startsWith("  no diagnosis: ") || line.startsWith("  replay: ")) {
                    section = "done";
                } else if (section.equals("evidence")) {
                    f.evidence.add(line.strip());
                } else if (section.equals("diagnosis")) {
                    f.diagnosis.add(line.substring(4));
                }
            }
            return out;
        }
    }

    /** The one FAILED block of a replay's report. */
    private static final class Replayed {
        String recipe;
        final List<String> evidence = new ArrayList<>();
        final List<String> diagnosis = new ArrayList<>();

        static Replayed of(String report) {
            Replayed r = new Replayed();
            boolean in = false;
            int blocks = 0;
            for (String line : report.lines().toList()) {
                if (line.startsWith("FAILED c0 (")) {
                    in = true;
                    blocks++;
                    r.recipe = line.substring(line.indexOf(", recipe ") + ", recipe ".length(), line.length() - 1);
                } else if (in && line.startsWith("  evidence: ")) {
                    r.evidence.add(line.substring("  evidence: ".length()).strip());
                } else if (in && line.startsWith("  ")) {
                    r.diagnosis.add(line.substring(2));
                } else {
                    in = false;
                }
            }
            assertEquals(1, blocks, report);
            return r;
        }
    }
}

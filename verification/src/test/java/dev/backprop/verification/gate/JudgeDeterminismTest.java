package dev.backprop.verification.gate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.Layout;
import dev.backprop.verification.exchange.CaseFiles;
import dev.backprop.verification.exchange.ExchangeCase;
import dev.backprop.verification.exchange.GradientFiles;
import dev.backprop.verification.exchange.Precision;
import dev.backprop.verification.planted.PlantableDeepBackprop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The judge: the same case and gradient files give the same report, byte for byte — stdout, {@code --json},
 * {@code --junit-xml} and the replay bundle — from a second JVM configured otherwise ({@link ChildJvm}); cases
 * drawn with another seed give another report; the case file, the gradient file and the replay directory are
 * byte for byte as they were after every command (judge, judge again, replay); and the replay's account of each
 * failing case is the judge's, line for line.
 */
class JudgeDeterminismTest {
    @TempDir
    Path dir;

    /** Writes {@code count} cases drawn with {@code seed} and answers them with a mean computed as a sum. */
    private Path[] casesAndPlantedAnswers(String name, long seed) throws IOException {
        Path cases = dir.resolve(name + "-cases.json");
        CommandRun w = CommandRun.of("cases", "--out", cases.toString(), "--count", "8", "--seed",
                Long.toString(seed));
        assertEquals(0, w.exit(), w.err());
        Map<String, DeepGradient> answers = new LinkedHashMap<>();
        PlantableDeepBackprop planted = new PlantableDeepBackprop(PlantableDeepBackprop.Fault.MEAN_TAKEN_AS_SUM);
        for (ExchangeCase c : CaseFiles.read(cases).cases()) {
            answers.put(c.id(), planted.gradient(c.network(), c.batch(), c.objective()));
        }
        Path gradients = dir.resolve(name + "-gradients.json");
        GradientFiles.write(gradients, answers, Layout.NUMERATOR, Precision.FLOAT64, "mean-as-sum");
        return new Path[] {cases, gradients};
    }

    private static String[] judge(Path[] files, Path outputs, Path replays) {
        return new String[] {"judge", "--cases", files[0].toString(), "--gradients", files[1].toString(), "--json",
            outputs.resolve("judge.json").toString(), "--junit-xml", outputs.resolve("judge.xml").toString(),
            "--replay-dir", replays.toString()};
    }

    @Test
    void theSameFilesGiveTheSameBytesAndNoInputIsModified() throws Exception {
        Path[] files = casesAndPlantedAnswers("seed5", 5);
        Path replays = dir.resolve("replays");
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        Snapshot inputs = Snapshot.of(dir);

        CommandRun first = CommandRun.of(judge(files, a, replays));
        assertEquals(1, first.exit(), first.out() + first.err());
        assertTrue(first.out().contains("FAILED") && first.out().contains(" pass, "), first.out());
        // the judge added its reports and one replay bundle, and changed nothing that was there
        Snapshot afterJudge = Snapshot.of(dir);
        assertEquals(inputs.files(), without(afterJudge, "a/", "replays/"));
        Path bundle = onlyBundle(replays);

        ChildJvm second = ChildJvm.run(GateMain.class, b, judge(files, b, replays));
        assertEquals(1, second.exit(), second.err());
        assertEquals(first.out(), new String(second.out(), StandardCharsets.UTF_8));
        assertArrayEquals(first.out().getBytes(StandardCharsets.UTF_8), second.out());
        for (String name : List.of("judge.json", "judge.xml")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(name)), Files.readAllBytes(b.resolve(name)), name);
        }
        // the same failure, judged again, reuses its bundle: nothing added, nothing changed but b's reports
        assertEquals(afterJudge.files(), without(Snapshot.of(dir), "b/"));

        CommandRun replay = CommandRun.of("replay", bundle.toString());
        assertEquals(1, replay.exit(), replay.out() + replay.err());
        assertEquals(failures(first.out()), failures(replay.out()));
        assertEquals(afterJudge.files(), without(Snapshot.of(dir), "b/"), "replay modified a file");
    }

    @Test
    void casesDrawnWithAnotherSeedGiveAnotherReport() throws Exception {
        Path replays = dir.resolve("replays");
        CommandRun five = CommandRun.of(judge(casesAndPlantedAnswers("seed5", 5),
                Files.createDirectory(dir.resolve("a")), replays));
        CommandRun six = CommandRun.of(judge(casesAndPlantedAnswers("seed6", 6),
                Files.createDirectory(dir.resolve("b")), replays));
        assertNotEquals(five.out().replace("seed5", "seedN"), six.out().replace("seed6", "seedN"));
        assertNotEquals(Files.readString(dir.resolve("a/judge.json")).replace("seed5", "seedN"),
                Files.readString(dir.resolve("b/judge.json")).replace("seed6", "seedN"));
    }

    /** The snapshot's files but those under any of {@code prefixes}. */
    private static Map<String, String> without(Snapshot s, String... prefixes) {
        Map<String, String> out = new TreeMap<>(s.files());
        out.keySet().removeIf(k -> {
            for (String p : prefixes) {
                if (k.startsWith(p)) {
                    return true;
                }
            }
            return false;
        });
        return out;
    }

    private static Path onlyBundle(Path replays) throws IOException {
        try (var list = Files.list(replays)) {
            List<Path> bundles = list.toList();
            assertEquals(1, bundles.size(), bundles.toString());
            return bundles.get(0);
        }
    }

    /** The report from the first FAILED line on, without the line naming the replay and the summary. */
    static String failures(String report) {
        String from = report.substring(report.indexOf("\nFAILED"));
        return from.lines().filter(l -> !l.startsWith("replay of") && !l.startsWith("judged: "))
                .reduce("", (x, y) -> x + y + "\n");
    }
}

package dev.backprop.verification.gate;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seed gives the same report, byte for byte: the gate's stdout, {@code --json}, {@code --junit-xml} and
 * {@code --html}, and the replay bundles its failures write, from a second JVM run in another working directory
 * with another default encoding, locale and time zone. The reports hold no timing field (progress and elapsed
 * time go to a terminal's stderr only), so nothing is removed before comparing. A different seed gives another
 * report, so the comparison can fail.
 */
class GateDeterminismTest {
    private static final List<String> FILES = List.of("gate.json", "gate.xml", "gate.html");

    @TempDir
    Path dir;

    private static String[] args(long seed, Path outputs, Path replays) {
        return new String[] {"--seed=" + seed, "--claim-cases=3", "--cases=4", "--json",
            outputs.resolve(FILES.get(0)).toString(), "--junit-xml", outputs.resolve(FILES.get(1)).toString(),
            "--html", outputs.resolve(FILES.get(2)).toString(), "--replay-dir", replays.toString()};
    }

    @Test
    void theSameSeedWritesTheSameBytesInAnotherProcessLocaleEncodingAndDirectory() throws Exception {
        Path replays = dir.resolve("replays");
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        // a run with a failure: its evidence, diagnosis and replay paths are in the report too
        CommandRun first = CommandRun.of(PlantedGateMain.subjects(), args(7, a, replays));
        assertEquals(1, first.exit(), first.out() + first.err());
        assertTrue(first.out().contains("replay file: " + replays), first.out());
        assertTrue(first.out().contains("diagnosis:"), first.out());
        Snapshot bundles = Snapshot.of(replays);
        assertTrue(bundles.files().size() >= 3, bundles.files().keySet().toString());

        ChildJvm second = ChildJvm.run(PlantedGateMain.class, b, args(7, b, replays));
        assertEquals(1, second.exit(), second.err());
        assertEquals("", second.err(), "nothing on stderr when it is not a terminal");
        // as text first, for a readable difference; then the bytes, which is the claim
        assertEquals(first.out(), new String(second.out(), StandardCharsets.UTF_8));
        assertArrayEquals(first.out().getBytes(StandardCharsets.UTF_8), second.out());
        assertAll(FILES.stream().map(name -> () -> assertArrayEquals(Files.readAllBytes(a.resolve(name)),
                Files.readAllBytes(b.resolve(name)), name)));
        // the same failures written again land in the same bundles, byte for byte, and nothing is added
        assertEquals(bundles, Snapshot.of(replays));
    }

    @Test
    void anotherSeedGivesAnotherReport() throws Exception {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        CommandRun seven = CommandRun.of(Gate.builtIns(), args(7, a, dir.resolve("replays")));
        CommandRun eight = CommandRun.of(Gate.builtIns(), args(8, b, dir.resolve("replays")));
        assertEquals(0, seven.exit(), seven.out());
        assertEquals(0, eight.exit(), eight.out());
        assertNotEquals(seven.out(), eight.out());
        assertAll(FILES.stream().map(name -> () -> assertNotEquals(Files.readString(a.resolve(name)),
                Files.readString(b.resolve(name)), name)));
    }
}

package dev.backprop.verification.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A system property the optimized implementation refuses ends the command line with one line on stderr and exit 2,
 * never a stack trace, and does not stop {@code --help}: the implementations are built only when the gate runs.
 * Each run is the real {@link GateMain#main} in a second JVM, because the property is read when the
 * implementations are built and the process exit code is the claim.
 */
class BackendPropertyTest {
    private static final String BACKEND = "dev.backprop.optimized.backend";
    private static final String THREADS = "dev.backprop.optimized.threads";

    @TempDir
    Path dir;

    @Test
    void anUnknownBackendIsOneLineAndExitTwo() throws Exception {
        refused(Map.of(BACKEND, "cuda"),
                "backprop-verify: system property dev.backprop.optimized.backend must be auto, ejml or openblas, "
                        + "not 'cuda'");
    }

    @Test
    void aThreadCountBelowOneIsOneLineAndExitTwo() throws Exception {
        refused(Map.of(THREADS, "0"),
                "backprop-verify: system property dev.backprop.optimized.threads must be a positive integer, not '0'");
    }

    @Test
    void openBlasForcedWhereItCannotLoadIsOneLineAndExitTwo() throws Exception {
        // JavaCPP looks for the natives of the platform this property names, and the build ships Linux x86-64's only
        ChildJvm r = refused(Map.of(BACKEND, "openblas", "org.bytedeco.javacpp.platform", "windows-x86_64"), null);
        assertTrue(r.err().startsWith("backprop-verify: system property dev.backprop.optimized.backend=openblas, but "
                + "OpenBLAS could not be loaded: java.lang.UnsatisfiedLinkError"), r.err());
    }

    /** The campaign builds the implementations the same way, and refuses the same way. */
    @Test
    void theCampaignRefusesABadBackendInOneLine() throws Exception {
        ChildJvm r = ChildJvm.run(Map.of(BACKEND, "cuda"), GateMain.class, dir, "campaign", "--cases=1");
        assertEquals(2, r.exit(), r.err());
        assertEquals("", new String(r.out(), StandardCharsets.UTF_8), "nothing on stdout");
        assertEquals("backprop-verify campaign: system property dev.backprop.optimized.backend must be auto, ejml or "
                + "openblas, not 'cuda'\n", r.err());
    }

    /**
     * Under the default {@code auto}, OpenBLAS that cannot load is replaced by EJML, and the report says so and
     * why: in the header on stdout and in the JSON report.
     */
    @Test
    void aFallbackToEjmlIsNamedInTheReportWithItsReason() throws Exception {
        Path json = dir.resolve("gate.json");
        ChildJvm r = ChildJvm.run(Map.of(BACKEND, "auto", "org.bytedeco.javacpp.platform", "windows-x86_64"),
                GateMain.class, dir, "--claim-cases=1", "--cases=1", "--json", json.toString());
        String out = new String(r.out(), StandardCharsets.UTF_8);
        assertEquals(0, r.exit(), out + r.err());
        String header = "implementation optimized: ejml (OpenBLAS unavailable: OpenBLAS could not be loaded: "
                + "java.lang.UnsatisfiedLinkError: ";
        String second = out.lines().skip(1).findFirst().orElseThrow();
        assertTrue(second.startsWith(header), out);
        JsonNode optimized = new ObjectMapper().readTree(json.toFile()).get("implementations").get(1);
        assertEquals("optimized", optimized.get("name").asText());
        assertEquals(second.substring("implementation optimized: ".length()), optimized.get("description").asText());
    }

    /**
     * Runs the gate (kept small, in case the property were accepted) and {@code --help} under {@code properties}:
     * the gate must refuse in exactly one line, {@code expected} when given, and help must print as usual.
     */
    private ChildJvm refused(Map<String, String> properties, String expected) throws Exception {
        ChildJvm r = ChildJvm.run(properties, GateMain.class, dir, "--claim-cases=1", "--cases=1");
        assertEquals(2, r.exit(), r.err());
        assertEquals("", new String(r.out(), StandardCharsets.UTF_8), "nothing on stdout");
        assertTrue(r.err().endsWith("\n") && r.err().indexOf('\n') == r.err().length() - 1,
                "not exactly one line: " + r.err());
        if (expected != null) {
            assertEquals(expected + "\n", r.err());
        }

        ChildJvm help = ChildJvm.run(properties, GateMain.class, dir, "--help");
        assertEquals(0, help.exit(), help.err());
        assertEquals("", help.err());
        assertTrue(new String(help.out(), StandardCharsets.UTF_8).startsWith("Usage: backprop-verify"),
                new String(help.out(), StandardCharsets.UTF_8));
        return r;
    }
}

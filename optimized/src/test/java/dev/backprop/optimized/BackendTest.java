package dev.backprop.optimized;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The backend's system properties: every accepted value, one clear line for any other, and auto's threshold. */
class BackendTest {
    private final String backend = System.getProperty(Backend.PROPERTY);
    private final String threads = System.getProperty(NativeBlas.THREADS_PROPERTY);

    @AfterEach
    void restoreProperties() {
        restore(Backend.PROPERTY, backend);
        restore(NativeBlas.THREADS_PROPERTY, threads);
    }

    @Test
    void acceptedValues() {
        System.clearProperty(Backend.PROPERTY);
        assertEquals(Backend.AUTO, Backend.fromProperties());
        System.setProperty(Backend.PROPERTY, "ejml");
        assertEquals(Backend.EJML, Backend.fromProperties());
        System.setProperty(Backend.PROPERTY, " auto ");
        assertEquals(Backend.AUTO, Backend.fromProperties());
        if (NativeBlas.available()) {
            System.setProperty(Backend.PROPERTY, "openblas");
            assertEquals(Backend.OPENBLAS, Backend.fromProperties());
        } else {
            System.setProperty(Backend.PROPERTY, "openblas");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Backend::fromProperties);
            assertTrue(e.getMessage().contains(NativeBlas.unavailableReason()), e.getMessage());
        }
    }

    @Test
    void otherValuesAreRefusedInOneLineNamingTheProperty() {
        System.setProperty(Backend.PROPERTY, "cuda");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, OptimizedDeepBackprop::new);
        assertEquals("system property dev.backprop.optimized.backend must be auto, ejml or openblas, not 'cuda'",
                e.getMessage());
        System.clearProperty(Backend.PROPERTY);
        for (String bad : new String[] {"0", "-1", "two", ""}) {
            System.setProperty(NativeBlas.THREADS_PROPERTY, bad);
            e = assertThrows(IllegalArgumentException.class, OptimizedDeepBackprop::new);
            assertEquals("system property dev.backprop.optimized.threads must be a positive integer, not '" + bad + "'",
                    e.getMessage());
        }
    }

    @Test
    void autoSendsOnlyPassesOfAtLeastTheThresholdToOpenBlas() {
        // (8,16,4,1): 2·8·16 + 3·16·4 = 448 multiply-adds; (16,16,4,4): 2·16·16·4 + 3·16·4·4 = 2,816
        assertEquals(448, Backend.multiplyAdds(new int[] {8, 16, 4}, 1));
        assertEquals(2816, Backend.multiplyAdds(new int[] {16, 16, 4}, 4));
        assertEquals(2 * 5 * 3 * 7, Backend.multiplyAdds(new int[] {5, 3}, 7));
        assertFalse(Backend.AUTO.usesOpenBlas(new int[] {8, 16, 4}, 1));
        assertEquals(NativeBlas.available(), Backend.AUTO.usesOpenBlas(new int[] {16, 16, 4}, 4));
        assertFalse(Backend.EJML.usesOpenBlas(new int[] {784, 512, 10}, 256));
        assertTrue(Backend.OPENBLAS.usesOpenBlas(new int[] {1, 1}, 1));
    }

    @Test
    void theDescriptionNamesTheBackendAndWhyAutoFellBack() {
        String version = "openblas \\d+\\.\\d+\\.\\d+";
        assertTrue(Backend.AUTO.description(null, 2).matches(version
                + ", 2 threads, passes of ≥ 2\\^11 multiply-adds; ejml below"), Backend.AUTO.description(null, 2));
        assertTrue(Backend.AUTO.description(null, 1).matches(version + ", 1 thread, .*"));
        assertEquals("ejml (OpenBLAS unavailable: OpenBLAS could not be loaded: planted)",
                Backend.AUTO.description("OpenBLAS could not be loaded: planted", 2));
        assertTrue(Backend.OPENBLAS.description(null, 3).matches(version
                + ", 3 threads, every pass \\(system property dev.backprop.optimized.backend=openblas\\)"));
        assertEquals("ejml, every pass (system property dev.backprop.optimized.backend=ejml)",
                Backend.EJML.description());
        // the version is the loaded library's, as its headers give it
        assertTrue(NativeBlas.version().matches(version), NativeBlas.version());
        // the instance describes the backend it was built with, and its OpenBLAS as loaded
        System.clearProperty(Backend.PROPERTY);
        System.clearProperty(NativeBlas.THREADS_PROPERTY);
        assertEquals(Backend.AUTO.description(NativeBlas.unavailableReason(), NativeBlas.threads()),
                new OptimizedDeepBackprop().backendDescription());
        System.setProperty(Backend.PROPERTY, "ejml");
        assertTrue(new OptimizedDeepBackprop().backendDescription().startsWith("ejml, every pass"));
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}

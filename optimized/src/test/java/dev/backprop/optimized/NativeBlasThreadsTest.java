package dev.backprop.optimized;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The thread count OpenBLAS is given ({@link NativeBlas#THREADS_PROPERTY}): the available processors when the
 * property is not set, else its value, 1 included, with surrounding blanks allowed. (Values that are not positive
 * integers are refused in {@link BackendTest}.)
 */
class NativeBlasThreadsTest {
    private final String threads = System.getProperty(NativeBlas.THREADS_PROPERTY);

    @AfterEach
    void restoreProperty() {
        if (threads == null) {
            System.clearProperty(NativeBlas.THREADS_PROPERTY);
        } else {
            System.setProperty(NativeBlas.THREADS_PROPERTY, threads);
        }
    }

    @Test
    void unsetMeansTheAvailableProcessors() {
        System.clearProperty(NativeBlas.THREADS_PROPERTY);
        assertEquals(Runtime.getRuntime().availableProcessors(), NativeBlas.threadsFromProperty());
    }

    @Test
    void aPositiveIntegerIsTakenAsIs() {
        System.setProperty(NativeBlas.THREADS_PROPERTY, "1");
        assertEquals(1, NativeBlas.threadsFromProperty());
        System.setProperty(NativeBlas.THREADS_PROPERTY, " 3 ");
        assertEquals(3, NativeBlas.threadsFromProperty());
    }

    /** The count recorded at loading is the one the property gives this JVM (the build sets none, or a valid one). */
    @Test
    void openBlasWasGivenTheConfiguredCount() {
        restoreProperty();
        NativeBlas.available();
        assertEquals(NativeBlas.threadsFromProperty(), NativeBlas.threads());
    }

    /** A property that is not a positive integer is recorded as 0 threads, not as a failure to read it. */
    @Test
    void anInvalidPropertyGivesZeroThreads() {
        System.setProperty(NativeBlas.THREADS_PROPERTY, "0");
        assertEquals(0, NativeBlas.threadsOrZero());
        System.setProperty(NativeBlas.THREADS_PROPERTY, "two");
        assertEquals(0, NativeBlas.threadsOrZero());
        System.setProperty(NativeBlas.THREADS_PROPERTY, "2");
        assertEquals(2, NativeBlas.threadsOrZero());
    }

    /**
     * Loading with 0 threads is refused with a reason naming the property and configures nothing; with a positive
     * count on this platform (Linux x86-64, where the build ships the native code) the 1×1 probe product runs and
     * the load reports ready (null). The one-time initialiser calls the same method, so this tests its outcomes.
     */
    @Test
    void loadRefusesZeroThreadsAndSucceedsOtherwise() {
        String refused = NativeBlas.load(0);
        assertTrue(refused != null && refused.contains(NativeBlas.THREADS_PROPERTY), refused);
        if (System.getProperty("os.name").startsWith("Linux") && "amd64".equals(System.getProperty("os.arch"))) {
            assertNull(NativeBlas.load(1));
            assertNull(NativeBlas.load(NativeBlas.threads() == 0 ? 1 : NativeBlas.threads()));
        } else {
            assertTrue(NativeBlas.load(1) != null);
        }
    }
}

package dev.backprop.optimized;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}

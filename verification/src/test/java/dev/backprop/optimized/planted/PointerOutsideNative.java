package dev.backprop.optimized.planted;

import org.bytedeco.javacpp.DoublePointer;

/**
 * A planted violation, not a test: a class of {@code dev.backprop.optimized} other than NativeBlas, NativeWorkspace
 * and NativeDeepPass that uses {@code org.bytedeco} (here JavaCPP's native memory). In the real module only those
 * three touch native code, so that everything else runs the same on a machine where OpenBLAS cannot load.
 *
 * <p>{@code ArchitectureTest.onlyTheNativeClassesUseOrgBytedecoBites} imports the real optimized main classes plus
 * this one and checks that the very rule field guarding the real code reports it. Package-private, so that the
 * published-API rule, which the same planted package feeds, does not see it. Do not "fix" it.
 */
final class PointerOutsideNative {
    private PointerOutsideNative() {
    }

    /** What a shortcut around the Native* classes would look like: native memory allocated anywhere. */
    static DoublePointer scratch(long entries) {
        return new DoublePointer(entries);
    }
}

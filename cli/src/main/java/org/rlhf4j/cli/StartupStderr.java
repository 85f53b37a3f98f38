package org.rlhf4j.cli;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The other half of the launcher's start-up filter. With {@code --add-modules
 * jdk.incubator.vector} the JVM prints "WARNING: Using incubator modules: jdk.incubator.vector"
 * on stderr before any of our code runs, and no JDK 25 option turns it off. So {@code ./rlhf4j}
 * starts the JVM with stderr piped through a filter that drops that line, keeping the real
 * stderr open as another descriptor ({@code -Drlhf4j.stderr.fd=3}). Here, first thing in
 * {@code main}, that descriptor is put back as 2 ({@code dup2}): from then on the program's
 * stderr goes straight to the terminal or log, in order with stdout, and the filter, seeing its
 * pipe closed, exits.
 */
final class StartupStderr {
    private StartupStderr() {}

    static void restore() {
        String fd = System.getProperty("rlhf4j.stderr.fd");
        if (fd == null) {
            return;
        }
        try {
            Linker linker = Linker.nativeLinker();
            FunctionDescriptor intOfInts = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
            MethodHandle dup2 = linker.downcallHandle(linker.defaultLookup().find("dup2").orElseThrow(), intOfInts);
            MethodHandle close = linker.downcallHandle(linker.defaultLookup().find("close").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            int saved = Integer.parseInt(fd);
            System.err.flush();
            if ((int) dup2.invokeExact(saved, 2) == 2) {
                int ignored = (int) close.invokeExact(saved);
            }
        } catch (Throwable e) {
            // the filter stays in place: stderr still works, one process further away
        }
    }
}

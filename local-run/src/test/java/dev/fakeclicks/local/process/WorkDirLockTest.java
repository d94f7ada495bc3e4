package dev.fakeclicks.local.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirLockTest {

    @TempDir
    Path work;

    @Test
    void oneHolderAtATimeNamedByItsPid() throws Exception {
        Optional<WorkDirLock> first = WorkDirLock.tryAcquire(work);
        assertThat(first).isPresent();
        assertThat(Files.readString(work.resolve(WorkDirLock.FILE_NAME)).strip())
                .isEqualTo(Long.toString(ProcessHandle.current().pid()));

        assertThat(WorkDirLock.tryAcquire(work)).as("held").isEmpty();
        assertThat(WorkDirLock.heldMessage(work)).isEqualTo("another run-local (pid " + ProcessHandle.current().pid()
                + ") is using the work directory " + work + ": stop it first (Ctrl-C there), or give this run its own"
                + " --work-dir and --output");

        first.get().release();
        Optional<WorkDirLock> again = WorkDirLock.tryAcquire(work);
        assertThat(again).as("released").isPresent();
        again.get().release();
    }

    /** The lock is the operating system's: another process is refused while this one holds it. */
    @Test
    void anotherProcessCannotTakeIt() throws Exception {
        WorkDirLock held = WorkDirLock.tryAcquire(work).orElseThrow();
        try {
            // Within one JVM the lock is checked by the JVM itself; a second JVM shows the operating system's lock works.
            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), TryLock.class.getName(), work.toString())
                    .redirectErrorStream(true).start();
            String output = new String(other.getInputStream().readAllBytes()).strip();
            assertThat(other.waitFor()).as(output).isEqualTo(3);
        } finally {
            held.release();
        }
    }

    /** Exits 3 when the lock is held elsewhere, 0 when it got it. */
    public static final class TryLock {
        public static void main(String[] args) {
            System.exit(WorkDirLock.tryAcquire(Path.of(args[0])).isPresent() ? 0 : 3);
        }
    }
}

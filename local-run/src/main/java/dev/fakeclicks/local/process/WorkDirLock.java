package dev.fakeclicks.local.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One run-local per work directory: an exclusive lock on {@code <work-dir>/run.lock}, held until the JVM exits (the
 * operating system releases it however the run ends, kill -9 included; child processes do not inherit it). Without it
 * a second run would take the first run's healthy children for leftovers of a crashed run and stop them. The file
 * holds the pid of the run that has it, for the message.
 */
public final class WorkDirLock {

    public static final String FILE_NAME = "run.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private WorkDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when another process holds it. */
    public static Optional<WorkDirLock> tryAcquire(Path workDir) {
        Path file = workDir.resolve(FILE_NAME);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this JVM holds it already
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return Optional.of(new WorkDirLock(channel, lock));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the work directory", e);
        }
    }

    /** Why a run cannot use {@code workDir}: the pid of the run holding it, when its file says. */
    public static String heldMessage(Path workDir) {
        String pid;
        try {
            pid = Files.readString(workDir.resolve(FILE_NAME), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            pid = "";
        }
        return "another run-local" + (pid.matches("\\d+") ? " (pid " + pid + ")" : "") + " is using the work directory "
                + workDir + ": stop it first (Ctrl-C there), or give this run its own --work-dir and --output";
    }

    /** Releases the lock (tests; a run keeps it until it exits). */
    public void release() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

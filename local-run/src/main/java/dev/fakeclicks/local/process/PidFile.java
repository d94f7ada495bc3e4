package dev.fakeclicks.local.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A child's identity on disk, {@code <pid> <start instant>}, so that a later run can stop what a killed run left
 * behind. The pid alone is no identity (the OS hands it to another process once ours has exited), and neither is
 * the command line (redis-server rewrites its own, and the JDK cuts long ones); pid and start instant together are.
 * <p>
 * The start instants are compared within {@link #START_TOLERANCE}, not exactly: on Linux the JDK derives a
 * process's start instant from the boot time in {@code /proc/stat}, which the kernel computes as wall clock minus
 * uptime, so it moves with every wall-clock step (NTP, suspend) and may differ by a second between two JVMs even
 * without one. The tolerance costs no safety: another process can only get the pid after ours has exited, and the
 * OS hands out every other pid before it reuses one, which takes far longer than two seconds.
 */
public record PidFile(long pid, Optional<Instant> started) {

    /** How far a process's start instant, as read by two JVMs, may drift apart and still name the same process. */
    static final Duration START_TOLERANCE = Duration.ofSeconds(2);

    /** Records {@code process}; without a start instant (platforms that lack one) the file never matches. */
    public static void write(Path file, ProcessHandle process) {
        Optional<Instant> started = process.info().startInstant();
        try {
            Files.writeString(file, process.pid() + started.map(s -> " " + s).orElse("") + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The file's content; empty when there is none or it is not ours (unreadable, hand-edited). */
    public static Optional<PidFile> read(Path file) {
        try {
            return Files.isRegularFile(file) ? parse(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<PidFile> parse(String text) {
        String[] parts = text.strip().split("\\s+");
        try {
            long pid = Long.parseLong(parts[0]);
            Optional<Instant> started = parts.length > 1 ? Optional.of(Instant.parse(parts[1])) : Optional.empty();
            return Optional.of(new PidFile(pid, started));
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The process this file names, if it is still running: same pid, and a start instant within the tolerance. */
    public Optional<ProcessHandle> liveProcess() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::startedAsRecorded);
    }

    /** True when {@code process} started when this file says (within {@link #START_TOLERANCE}); never without instants. */
    private boolean startedAsRecorded(ProcessHandle process) {
        Optional<Instant> actual = process.info().startInstant();
        return started.isPresent() && actual.isPresent()
                && Duration.between(started.get(), actual.get()).abs().compareTo(START_TOLERANCE) <= 0;
    }
}

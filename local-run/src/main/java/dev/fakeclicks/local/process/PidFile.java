package dev.fakeclicks.local.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A child's identity on disk, {@code <pid> <start instant>}, so that a later run can stop what a killed run left
 * behind. The pid alone is no identity (the OS hands it to another process once ours has exited), and neither is
 * the command line (redis-server rewrites its own, and the JDK cuts long ones); pid and start instant together are.
 */
public record PidFile(long pid, Optional<Instant> started) {

    /** Records {@code process}; without a start instant (platforms that lack one) the file never matches. */
    public static void write(Path file, ProcessHandle process) {
        Optional<Instant> started = process.info().startInstant();
        try {
            Files.writeString(file, process.pid() + started.map(s -> " " + s).orElse("") + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    /** The process this file names, if it is still running: same pid and same start instant. */
    public Optional<ProcessHandle> liveProcess() {
        if (started.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().startInstant().equals(started));
    }
}

package dev.fakeclicks.local.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One child process of the local run: started with its output in a log file, its pid in a pid file
 * (so a later run can clean up after a run that was killed), and stopped with SIGTERM then SIGKILL.
 */
public final class ManagedProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final String name;
    private final Path log;
    private final Path pidFile;
    private final Process process;

    private ManagedProcess(String name, Path log, Path pidFile, Process process) {
        this.name = name;
        this.log = log;
        this.pidFile = pidFile;
        this.process = process;
    }

    /**
     * Starts {@code command} with {@code env} added to this process's environment; output (stdout and stderr)
     * is appended to {@code <runDir>/<name>.log}.
     */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path runDir, Path workingDir) {
        Path log = runDir.resolve(name + ".log");
        Path pidFile = runDir.resolve(name + ".pid");
        try {
            Files.createDirectories(runDir);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            Files.writeString(pidFile, Long.toString(process.pid()));
            return new ManagedProcess(name, log, pidFile, process);
        } catch (IOException e) {
            throw new ComponentFailure(name, "could not be started: " + e.getMessage(), log);
        }
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until {@code ready} holds; fails naming the component and its log if it exits or times out. */
    public void awaitReady(BooleanSupplier ready, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new ComponentFailure(name, "exited with code " + process.exitValue() + " before " + what, log);
            }
            if (ready.getAsBoolean()) {
                return;
            }
            Sleeper.sleep(Duration.ofMillis(250));
        }
        throw new ComponentFailure(name, "did not become ready (" + what + ") within " + timeout.toSeconds() + " s", log);
    }

    /** Waits for the process to exit by itself; returns its exit code. */
    public Optional<Integer> awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue()) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** SIGTERM, then SIGKILL after a grace period; also stops the process's own children. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        terminate(process.toHandle());
        children.forEach(ManagedProcess::terminate);
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void terminate(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
            handle.onExit().join();
        }
    }

    /**
     * Stops a process left behind by an earlier run that was killed before it could clean up, when the pid in
     * {@code <runDir>/<name>.pid} still belongs to a java or redis-server process started from {@code runDir}.
     */
    public static Optional<Long> stopLeftover(String name, Path runDir) {
        Path pidFile = runDir.resolve(name + ".pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            Optional<ProcessHandle> handle = ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().map(c -> c.contains(runDir.toAbsolutePath().toString())).orElse(false));
            handle.ifPresent(ManagedProcess::terminate);
            Files.deleteIfExists(pidFile);
            return handle.map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}

package dev.fakeclicks.local.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One child process of the local run: started with its output in a log file, its identity in a {@link PidFile}
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
        return start(name, command, List.of(), env, runDir, workingDir);
    }

    /**
     * As {@link #start(String, List, Map, Path, Path)}, but first removes {@code notInherited} from the environment
     * the child inherits, so that only {@code env} decides those variables (a setting exported in the user's shell
     * for another purpose must not change the local run).
     */
    public static ManagedProcess start(String name, List<String> command, Collection<String> notInherited,
                                       Map<String, String> env, Path runDir, Path workingDir) {
        Path log = runDir.resolve(name + ".log");
        Path pidFile = runDir.resolve(name + ".pid");
        try {
            Files.createDirectories(runDir);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().keySet().removeAll(notInherited);
            builder.environment().putAll(env);
            Process process = builder.start();
            try {
                PidFile.write(pidFile, process.toHandle());
            } catch (UncheckedIOException e) {
                terminate(process.toHandle());
                throw e.getCause();
            }
            return new ManagedProcess(name, log, pidFile, process);
        } catch (IOException e) {
            throw new ComponentFailure(name, "could not be started: " + FileProblems.describe(e), log);
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
            throw new UncheckedIOException("cannot delete " + pidFile, e);
        }
    }

    /** SIGTERM, then SIGKILL after a grace period; returns once the process has exited. */
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
     * Stops a process left behind by an earlier run that was killed before it could clean up: the one that
     * {@code <runDir>/<name>.pid} names, when a process with that pid <em>and</em> that start instant (see
     * {@link PidFile}) still runs, and its children; returns its pid. A process with the pid but another start
     * instant got the pid from the OS after ours exited: it is left alone. The pid file is deleted either way (it
     * can never match again; pid files of cleanly stopped components, e.g. Redis's, are cleared this way too).
     */
    public static Optional<Long> stopLeftover(String name, Path runDir) {
        Path pidFile = runDir.resolve(name + ".pid");
        Optional<ProcessHandle> leftover = PidFile.read(pidFile).flatMap(PidFile::liveProcess);
        leftover.ifPresent(process -> {
            List<ProcessHandle> children = process.descendants().toList();
            terminate(process);
            children.forEach(ManagedProcess::terminate);
        });
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + pidFile, e);
        }
        return leftover.map(ProcessHandle::pid);
    }
}

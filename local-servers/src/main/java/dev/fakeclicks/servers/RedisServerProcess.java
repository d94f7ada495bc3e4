package dev.fakeclicks.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real {@code redis-server} process on loopback, for the tests and for {@code ./run-local}. The binary
 * comes from the embedded-redis Maven artifact (Redis 6.2 for Linux and macOS on x86-64 and ARM; TLS-capable on
 * linux-amd64, where the tests run), so nothing is installed and no root is needed; on other platforms a
 * {@code redis-server} on the PATH is used.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);

    private final Builder settings;
    /**
     * Guards {@link #process} and {@link #closed}: a shutdown hook may {@link #close()} the server while another
     * thread is in {@link #launch()}. The spawn itself happens under it, so close() either comes first (and
     * launch() starts nothing) or sees the process (and stops it): no redis-server outlives a close().
     */
    private final Object lock = new Object();
    private Process process;
    private boolean closed;

    /** A TLS listener beside the plain one: certificate and private key as PEM files. */
    public record Tls(int port, Path certificatePem, Path privateKeyPem) {
    }

    private RedisServerProcess(Builder settings) {
        this.settings = settings;
    }

    /** A throwaway server on a free port (tests). */
    public static RedisServerProcess start() {
        return builder().start();
    }

    /** A throwaway server on a free port that requires {@code password}. */
    public static RedisServerProcess start(String password) {
        return builder().password(password).start();
    }

    /** A throwaway server that also listens with TLS on a free port, see {@link #tlsPort()}. */
    public static RedisServerProcess startWithTls(Path certificatePem, Path privateKeyPem) {
        return builder().tls(new Tls(freePort(), certificatePem, privateKeyPem)).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return settings.port;
    }

    public int tlsPort() {
        if (settings.tls == null) {
            throw new IllegalStateException("started without TLS");
        }
        return settings.tls.port();
    }

    public Path logFile() {
        return settings.dir.resolve("redis.log");
    }

    /** @throws IllegalStateException when the server is not running */
    public long pid() {
        synchronized (lock) {
            if (process == null) {
                throw new IllegalStateException("redis-server on port " + settings.port + " is not running");
            }
            return process.pid();
        }
    }

    public boolean isRunning() {
        synchronized (lock) {
            return process != null && process.isAlive();
        }
    }

    /** Stops the server (Redis "goes down"); {@link #restart()} brings it back on the same port. */
    public void stop() {
        Process running;
        synchronized (lock) {
            running = process;
            process = null;
        }
        if (running == null) {
            return;
        }
        running.destroy();
        try {
            if (!running.waitFor(10, TimeUnit.SECONDS)) {
                running.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.destroyForcibly();
        }
    }

    public void restart() {
        stop();
        launch();
    }

    /** Stops the server for good: a {@link #launch()} running now or later starts nothing, or stops what it started. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        stop();
    }

    /**
     * Starts the server and waits until it answers. {@link Builder#start()} does both; a caller that must be able to
     * stop the server while it starts (from a shutdown hook) takes {@link Builder#create()}, then calls this.
     *
     * @throws IllegalStateException when it exits, does not answer in time, or is {@link #close() closed} meanwhile
     */
    public void launch() {
        launch(process -> { });
    }

    /**
     * As {@link #launch()}, calling {@code onSpawned} with the process as soon as it exists, before waiting for it
     * to answer: a caller records its pid there, so that a run killed during the wait leaves a pid file behind.
     * When {@code onSpawned} throws, the server is stopped and the exception passed on.
     */
    public void launch(Consumer<ProcessHandle> onSpawned) {
        List<String> command = new ArrayList<>(List.of(binary().toString(),
                "--port", Integer.toString(settings.port), "--bind", "127.0.0.1",
                "--dir", settings.dir.toString(), "--logfile", logFile().toString(),
                "--save", "", "--appendonly", settings.persistent ? "yes" : "no"));
        if (settings.password != null) {
            command.addAll(List.of("--requirepass", settings.password));
        }
        if (settings.tls != null) {
            command.addAll(List.of("--tls-port", Integer.toString(settings.tls.port()), "--tls-auth-clients", "no",
                    "--tls-cert-file", settings.tls.certificatePem().toString(),
                    "--tls-key-file", settings.tls.privateKeyPem().toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.dir.resolve("stdout.log").toFile()));
        Process started;
        synchronized (lock) {
            if (closed) {
                throw closedWhileStarting();
            }
            try {
                started = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start redis-server: " + e.getMessage(), e);
            }
            process = started;
        }
        try {
            onSpawned.accept(started.toHandle());
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (isClosed()) {
                throw closedWhileStarting(); // close() has stopped it, or is stopping it
            }
            // The local variable: stop() (from another thread) may set the field to null meanwhile.
            if (!started.isAlive()) {
                if (isClosed()) {
                    throw closedWhileStarting();
                }
                throw new IllegalStateException("redis-server exited with code " + started.exitValue()
                        + " on port " + settings.port + "; see " + logFile());
            }
            if (answersPing(settings.port)) {
                return;
            }
            sleep(20);
        }
        stop();
        throw new IllegalStateException("redis-server did not answer on port " + settings.port + " within "
                + STARTUP_TIMEOUT.toSeconds() + " s; see " + logFile());
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private IllegalStateException closedWhileStarting() {
        return new IllegalStateException("redis-server on port " + settings.port + " was closed while starting");
    }

    /** True when something on the port speaks Redis ("+PONG", or "-NOAUTH" when it wants a password). */
    public static boolean answersPing(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int first = socket.getInputStream().read();
            return first == '+' || first == '-';
        } catch (IOException e) {
            return false;
        }
    }

    /** The embedded-redis binary for an {@code os.name} and {@code os.arch}, if the artifact has one. */
    static Optional<String> bundledBinary(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        boolean x86 = List.of("amd64", "x86_64").contains(osArch);
        boolean arm = List.of("aarch64", "arm64").contains(osArch);
        if (os.contains("linux")) {
            return x86 ? Optional.of("redis-server-6.2.6-v5-linux-amd64") : arm ? Optional.of("redis-server-6.2.7-linux-arm64") : Optional.empty();
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return x86 ? Optional.of("redis-server-6.2.6-v5-darwin-amd64") : arm ? Optional.of("redis-server-6.2.6-v5-darwin-arm64") : Optional.empty();
        }
        return Optional.empty();
    }

    /** The bundled binary once unpacked: see {@link #unpack(String)}. */
    private static Path unpacked;
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

    static synchronized Path binary() {
        Optional<String> bundled = bundledBinary(System.getProperty("os.name"), System.getProperty("os.arch"));
        if (bundled.isEmpty()) {
            return Path.of("redis-server");
        }
        if (unpacked == null || !Files.isExecutable(unpacked)) { // a temp cleaner may have removed it
            unpacked = unpack(bundled.get());
        }
        return unpacked;
    }

    /**
     * Copies the binary out of the artifact into this user's cache ({@code $XDG_CACHE_HOME/fakeclicks}, else
     * {@code ~/.cache/fakeclicks}; mode 700), named by its content hash: reused across JVMs and runs, checked against
     * the hash before each use, and written under a temporary name then moved, so a concurrent JVM never runs a
     * half-written file. Never a fixed path in the shared temporary directory: whoever made that path first, another
     * user included, would choose what we run. A cache this user cannot own privately falls back to a new private
     * temporary directory, deleted on exit.
     */
    private static Path unpack(String name) {
        byte[] bytes;
        try (InputStream in = RedisServerProcess.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath (embedded-redis artifact missing)");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the embedded-redis artifact: " + e.getMessage(), e);
        }
        String digest = sha256(bytes);
        Path dir = privateCacheDir().orElse(null);
        boolean temporary = dir == null;
        try {
            if (temporary) {
                dir = Files.createTempDirectory("fakeclicks-redis-", PosixFilePermissions.asFileAttribute(PRIVATE));
                dir.toFile().deleteOnExit();
            }
            Path binary = dir.resolve(name + "-" + digest.substring(0, 16));
            if (Files.isExecutable(binary) && sha256(Files.readAllBytes(binary)).equals(digest)) {
                return binary;
            }
            Path partial = Files.createTempFile(dir, name, ".partial");
            Files.write(partial, bytes);
            Files.setPosixFilePermissions(partial, PRIVATE);
            Files.move(partial, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (temporary) {
                binary.toFile().deleteOnExit(); // before its directory: deleteOnExit runs in reverse order
            }
            return binary;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack redis-server into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The user's cache directory for the binary, created mode 700; empty when it is not this user's alone. */
    private static Optional<Path> privateCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        Path dir = base.resolve("fakeclicks");
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
            boolean ours = Files.getOwner(dir).getName().equals(System.getProperty("user.name"));
            var permissions = Files.getPosixFilePermissions(dir);
            boolean othersWrite = permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE);
            return ours && !othersWrite ? Optional.of(dir) : Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    /** Settings of a server to start; defaults suit a throwaway test server. */
    public static final class Builder {
        private int port;
        private Path dir;
        private String password;
        private Tls tls;
        private boolean persistent;

        private Builder() {
        }

        /** Fixed port (default: a free one). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Where data and logs go (default: a new temporary directory). */
        public Builder dir(Path dir) {
            this.dir = dir;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder tls(Tls tls) {
            this.tls = tls;
            return this;
        }

        /** Keep data across restarts (append-only file in {@link #dir}); default off. */
        public Builder persistent(boolean persistent) {
            this.persistent = persistent;
            return this;
        }

        public RedisServerProcess start() {
            RedisServerProcess redis = create();
            redis.launch();
            return redis;
        }

        /** The server with these settings, not started yet: see {@link RedisServerProcess#launch()}. */
        public RedisServerProcess create() {
            try {
                port = port == 0 ? freePort() : port;
                dir = dir == null ? Files.createTempDirectory("redis-") : Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new RedisServerProcess(this);
        }
    }
}

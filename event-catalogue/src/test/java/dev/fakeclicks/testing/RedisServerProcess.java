package dev.fakeclicks.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} process on a free loopback port, for tests. The binary comes from the
 * embedded-redis Maven artifact (Redis 6.2, linux-amd64), so nothing has to be installed; a
 * {@code redis-server} on the PATH is used on other platforms.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final String BUNDLED_BINARY = "redis-server-6.2.6-v5-linux-amd64";

    private final int port;
    private final String password;
    private final Tls tls;
    private final Path workDir;
    private Process process;

    /** A TLS listener beside the plain one: certificate and private key as PEM files. */
    public record Tls(int port, Path certificatePem, Path privateKeyPem) {
    }

    private RedisServerProcess(int port, String password, Tls tls) throws IOException {
        this.port = port;
        this.password = password;
        this.tls = tls;
        this.workDir = Files.createTempDirectory("redis-test-");
    }

    public static RedisServerProcess start() {
        return start(null);
    }

    public static RedisServerProcess start(String password) {
        return start(password, null);
    }

    /** Also listens with TLS on a free port ({@link #tlsPort()}), using the given PEM certificate and key. */
    public static RedisServerProcess startWithTls(Path certificatePem, Path privateKeyPem) {
        try {
            return start(null, new Tls(freePort(), certificatePem, privateKeyPem));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RedisServerProcess start(String password, Tls tls) {
        try {
            RedisServerProcess redis = new RedisServerProcess(freePort(), password, tls);
            redis.launch();
            return redis;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public int tlsPort() {
        if (tls == null) {
            throw new IllegalStateException("started without TLS");
        }
        return tls.port();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server (Redis "goes down"); {@link #restart()} brings it back on the same port. */
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    public void restart() {
        stop();
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart redis-server: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(binary().toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", workDir.toString(), "--logfile", workDir.resolve("redis.log").toString()));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        if (tls != null) {
            command.addAll(List.of("--tls-port", Integer.toString(tls.port()), "--tls-auth-clients", "no",
                    "--tls-cert-file", tls.certificatePem().toString(), "--tls-key-file", tls.privateKeyPem().toString()));
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("stdout.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + "; see " + workDir);
            }
            if (answersPing()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for redis-server", e);
            }
        }
        throw new IOException("redis-server did not answer on port " + port + " within 15 s; see " + workDir);
    }

    private boolean answersPing() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] reply = new byte[6];
            int read = socket.getInputStream().read(reply);
            // "+PONG" without a password, "-NOAUTH" with one: either way the server is serving.
            return read > 0 && (reply[0] == '+' || reply[0] == '-');
        } catch (IOException e) {
            return false;
        }
    }

    private static synchronized Path binary() throws IOException {
        boolean linuxAmd64 = System.getProperty("os.name").toLowerCase().contains("linux")
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
        if (!linuxAmd64) {
            return Path.of("redis-server");
        }
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "fakeclicks-" + BUNDLED_BINARY);
        if (!Files.isExecutable(target)) {
            try (InputStream in = RedisServerProcess.class.getClassLoader().getResourceAsStream(BUNDLED_BINARY)) {
                if (in == null) {
                    throw new IOException(BUNDLED_BINARY + " not on the classpath: add the embedded-redis test dependency");
                }
                Path tmp = Files.createTempFile(target.getParent(), "redis-server", ".tmp");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return target;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}

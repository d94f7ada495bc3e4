package dev.fakeclicks.servers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Keeps a redis-server busy with a long Lua script, so that it answers every other client with {@code -BUSY}: the
 * way tests make Redis up but unable to serve for a while. {@link #close()} kills the script and returns once the
 * server serves again. Plain RESP over sockets, so this module needs no Redis client; servers without a password only.
 */
public final class BusyRedis implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Counts to 2e10: minutes of work, read-only, so SCRIPT KILL can stop it. */
    private static final String LONG_SCRIPT = "local n = 0 for i = 1, 2e10 do n = n + 1 end return n";

    private final int port;
    private final String previousTimeLimit;
    private final Socket scriptClient;

    private BusyRedis(int port, String previousTimeLimit, Socket scriptClient) {
        this.port = port;
        this.previousTimeLimit = previousTimeLimit;
        this.scriptClient = scriptClient;
    }

    /** Starts the script on the redis-server at 127.0.0.1:{@code port} and returns once it answers BUSY. */
    public static BusyRedis start(int port) {
        String previous = configGet(port, "lua-time-limit");
        // Redis answers BUSY once a script has run this long (default 5 s); until then other clients just wait.
        request(port, "CONFIG", "SET", "lua-time-limit", "10");
        Socket scriptClient;
        try {
            scriptClient = new Socket("127.0.0.1", port);
            send(scriptClient, "EVAL", LONG_SCRIPT, "0"); // its reply comes when the script is killed
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach redis-server on port " + port, e);
        }
        BusyRedis busy = new BusyRedis(port, previous, scriptClient);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!request(port, "PING").startsWith("-BUSY")) {
            if (System.nanoTime() > deadline) {
                busy.close();
                throw new IllegalStateException("redis-server on port " + port + " not busy " + TIMEOUT.toSeconds()
                        + " s after starting a long script");
            }
            pause();
        }
        return busy;
    }

    /** Kills the script, waits until the server answers PING again, and restores its script time limit. */
    @Override
    public void close() {
        try {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!request(port, "PING").startsWith("+PONG")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("redis-server on port " + port + " still busy "
                            + TIMEOUT.toSeconds() + " s after SCRIPT KILL");
                }
                request(port, "SCRIPT", "KILL"); // "-NOTBUSY" when the script has just ended: fine
                pause();
            }
            request(port, "CONFIG", "SET", "lua-time-limit", previousTimeLimit);
        } finally {
            try {
                scriptClient.close();
            } catch (IOException ignored) {
                // the server may have closed it already
            }
        }
    }

    private static String configGet(int port, String name) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            send(socket, "CONFIG", "GET", name);
            BufferedReader in = reader(socket);
            in.readLine(); // *2
            in.readLine(); // $<length of the name>
            in.readLine(); // the name
            in.readLine(); // $<length of the value>
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach redis-server on port " + port, e);
        }
    }

    /** The first line of the reply to one command on a new connection, e.g. "+PONG" or "-BUSY Redis is busy ...". */
    private static String request(int port, String... command) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            send(socket, command);
            String line = reader(socket).readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach redis-server on port " + port, e);
        }
    }

    private static void send(Socket socket, String... command) throws IOException {
        StringBuilder resp = new StringBuilder("*").append(command.length).append("\r\n");
        for (String part : command) {
            resp.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
        }
        OutputStream out = socket.getOutputStream();
        out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }
}

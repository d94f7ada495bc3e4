package dev.fakeclicks.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BusyRedisTest {

    @Test
    void answersBusyWhileOpenAndServesTheSameDataAgainOnceClosed() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            assertThat(reply(redis.port(), "SET k v")).isEqualTo("+OK");
            try (BusyRedis busy = BusyRedis.start(redis.port())) {
                assertThat(reply(redis.port(), "GET k")).startsWith("-BUSY");
            }
            assertThat(reply(redis.port(), "GET k")).isEqualTo("$1");
            assertThat(replyLines(redis.port(), "CONFIG GET lua-time-limit", 5)).endsWith("5000");
        }
    }

    /** The first line of the reply to an inline command. */
    private static String reply(int port, String command) throws Exception {
        return replyLines(port, command, 1);
    }

    private static String replyLines(int port, String command, int lines) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < lines; i++) {
                text.append(i == 0 ? "" : "\n").append(in.readLine());
            }
            return text.toString();
        }
    }
}

package dev.fakeclicks.local.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.fakeclicks.local.connect.ConnectRest.ConnectorConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST calls against a stand-in worker that records each request as it arrives on the wire. */
class ConnectRestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer worker;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startWorker() throws IOException {
        worker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        worker.createContext("/connectors", exchange -> {
            String line = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
            requests.add(line);
            byte[] body;
            int status;
            if (line.equals("GET /connectors")) {
                status = 200;
                body = "[\"fakeclicks\",\"old demo\"]".getBytes(StandardCharsets.UTF_8);
            } else if (line.startsWith("GET ")) {
                status = 404;
                body = "{\"message\":\"not found\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                status = line.startsWith("PUT ") ? 201 : 204;
                body = new byte[0];
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        worker.start();
    }

    @AfterEach
    void stopWorker() {
        worker.stop(0);
    }

    @Test
    void connectorNamesAreOnePathSegmentWhateverTheyHold() {
        ConnectRest rest = new ConnectRest(worker.getAddress().getPort(), Path.of("connect.log"));
        ConnectorConfig config = new ConnectorConfig("my demo", JSON.createObjectNode().put("tasks.max", "1"));

        assertThat(rest.storedConfig("my demo", Duration.ofSeconds(5))).isEmpty();
        rest.deploy(config, Duration.ofSeconds(5));
        assertThat(rest.removeAllBut("fakeclicks", Duration.ofSeconds(5))).containsExactly("old demo");

        assertThat(requests).containsExactly("GET /connectors/my%20demo/config", "PUT /connectors/my%20demo/config",
                "GET /connectors", "DELETE /connectors/old%20demo");
    }
}

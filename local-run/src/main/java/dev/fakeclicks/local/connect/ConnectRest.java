package dev.fakeclicks.local.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fakeclicks.local.process.ComponentFailure;
import dev.fakeclicks.local.process.FileProblems;
import dev.fakeclicks.local.process.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The few Connect REST calls a user would make with curl. */
public final class ConnectRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param log the worker's log, named in failures */
    public ConnectRest(int port, Path log) {
        this.base = URI.create("http://localhost:" + port + "/");
        this.log = log;
    }

    /**
     * {@code /connectors/NAME + suffix}, the name percent-encoded as one path segment: Connect accepts names with
     * spaces and other characters a URI path cannot hold as they are (a raw "my demo" fails to parse).
     */
    private URI connectorUri(String name, String suffix) {
        return base.resolve("connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + suffix);
    }

    /** The worker has joined its group and serves the connectors endpoint. */
    boolean isReady() {
        try {
            return send(HttpRequest.newBuilder(base.resolve("connectors")).GET()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** A connector config file as POSTed to /connectors: {"name": ..., "config": {...}}. */
    public record ConnectorConfig(String name, ObjectNode config) {

        public static ConnectorConfig read(Path file) {
            // A stream, so a parse error does not quote the file; and a missing file is a NoSuchFileException.
            try (InputStream in = Files.newInputStream(file)) {
                JsonNode root = JSON.readTree(in);
                if (root == null || !root.path("name").isTextual() || !root.path("config").isObject()) {
                    throw new IllegalArgumentException(file + ": expected {\"name\": ..., \"config\": {...}}");
                }
                return new ConnectorConfig(root.get("name").asText(), (ObjectNode) root.get("config"));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot read connector config " + file + ": not JSON: "
                        + e.getOriginalMessage().replaceAll("\\s+", " ") + (e.getLocation() == null ? ""
                                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"), e);
            } catch (FileSystemException e) { // its message names the file
                throw new IllegalArgumentException("cannot read connector config " + FileProblems.describe(e), e);
            } catch (IOException e) { // a directory's "Is a directory": name the file
                throw new IllegalArgumentException("cannot read connector config " + file + ": " + FileProblems.describe(e), e);
            }
        }

        public ConnectorConfig with(Map<String, String> overrides) {
            ObjectNode copy = config.deepCopy();
            overrides.forEach(copy::put);
            return new ConnectorConfig(name, copy);
        }

        public String get(String key, String fallback) {
            return config.path(key).asText(fallback);
        }

        /**
         * Why this config cannot continue the stream of {@code earlier} (the config the worker kept from an earlier
         * run in the same work directory), if it cannot: an unbounded run leaves no per-type counts for a bounded
         * run to finish from, and starting the bounded run afresh would emit the seed's first events (the same
         * event ids) again.
         */
        public Optional<String> cannotContinue(JsonNode earlier) {
            boolean earlierUnbounded = "0".equals(earlier.path("events.per.type").asText("0"));
            boolean bounded = !"0".equals(get("events.per.type", "0"));
            if (earlierUnbounded && bounded) {
                return Optional.of("connector " + name + " ran unbounded (--rate or a live config) in this work directory:"
                        + " a bounded run cannot continue that stream, and starting it afresh would send the same event ids"
                        + " again. Start over with --clean (deletes the work directory and the tables), or use another"
                        + " --work-dir and --output");
            }
            return Optional.empty();
        }
    }

    /** The config the worker holds for {@code name} (kept in its config topic across runs), if any. */
    public Optional<JsonNode> storedConfig(String name, Duration timeout) {
        return retrying("did not answer for connector " + name, timeout, () -> {
            HttpResponse<String> response = send(HttpRequest.newBuilder(connectorUri(name, "/config")).GET());
            return switch (response.statusCode()) {
                case 200 -> Optional.of(JSON.readTree(response.body()));
                case 404 -> Optional.empty();
                default -> throw notYet(response, "");
            };
        });
    }

    /**
     * Creates or updates the connector (PUT is idempotent, so a second run just re-applies the config), retrying
     * while the worker is still rebalancing.
     */
    public void deploy(ConnectorConfig connector, Duration timeout) {
        retrying("did not accept connector " + connector.name(), timeout, () -> {
            HttpResponse<String> response = send(HttpRequest.newBuilder(connectorUri(connector.name(), "/config"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(connector.config()))));
            if (response.statusCode() == 400) {
                throw new ComponentFailure("connect", "rejected connector " + connector.name() + ": HTTP 400: "
                        + message(response.body()), log);
            }
            if (response.statusCode() / 100 != 2) {
                throw notYet(response, "");
            }
            return true;
        });
    }

    /**
     * Deletes every connector but {@code keep}, returning their names. The worker keeps connector configs in its
     * config topic in the work directory, so without this a connector of an earlier run (an unbounded one, say)
     * would start again beside this run's. Retries while the worker is rebalancing, as {@link #deploy} does.
     */
    public List<String> removeAllBut(String keep, Duration timeout) {
        List<String> removed = new ArrayList<>(); // across attempts: a retry no longer lists what an earlier one removed
        return retrying("could not remove the connectors of earlier runs", timeout, () -> {
            HttpResponse<String> list = send(HttpRequest.newBuilder(base.resolve("connectors")).GET());
            if (list.statusCode() != 200) {
                throw notYet(list, "");
            }
            for (JsonNode name : JSON.readTree(list.body())) {
                if (name.asText().equals(keep)) {
                    continue;
                }
                HttpResponse<String> delete = send(HttpRequest.newBuilder(connectorUri(name.asText(), "")).DELETE());
                if (delete.statusCode() / 100 != 2 && delete.statusCode() != 404) {
                    throw notYet(delete, "deleting " + name.asText() + ": ");
                }
                removed.add(name.asText());
            }
            return removed;
        });
    }

    /** One try of a REST call: its answer, or {@link NotYet} (or an I/O error) to try again a second later. */
    private interface Call<T> {
        T attempt() throws IOException;
    }

    /** An answer that may change while the worker joins its group or rebalances. */
    private static final class NotYet extends IOException {
        private static final long serialVersionUID = 1L;

        NotYet(String why) {
            super(why);
        }
    }

    private static NotYet notYet(HttpResponse<String> response, String what) {
        return new NotYet(what + "HTTP " + response.statusCode() + ": " + message(response.body()));
    }

    /** {@code call} until it answers or {@code timeout} passes; then fails naming the last problem and the log. */
    private <T> T retrying(String failure, Duration timeout, Call<T> call) {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            try {
                return call.attempt();
            } catch (NotYet e) {
                last = e.getMessage();
            } catch (IOException e) {
                last = e.toString();
            }
            Sleeper.sleep(Duration.ofSeconds(1));
        }
        throw new ComponentFailure("connect", failure + " (" + last + ")", log);
    }

    /** Connector and task states, e.g. ["RUNNING", "RUNNING"]; a FAILED task's trace first line is in the error. */
    public List<String> states(String connector) {
        try {
            HttpResponse<String> response = send(HttpRequest.newBuilder(connectorUri(connector, "/status")).GET());
            if (response.statusCode() != 200) {
                return List.of();
            }
            JsonNode status = JSON.readTree(response.body());
            List<String> states = new ArrayList<>();
            states.add(status.path("connector").path("state").asText());
            for (JsonNode task : status.path("tasks")) {
                states.add(task.path("state").asText());
                if ("FAILED".equals(task.path("state").asText())) {
                    throw new ComponentFailure("connect", "task " + task.path("id").asText() + " of " + connector + " FAILED: "
                            + task.path("trace").asText().lines().findFirst().orElse("(no trace)"), log);
                }
            }
            return states;
        } catch (IOException e) {
            return List.of();
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String message(String body) {
        try {
            return JSON.readTree(body).path("message").asText(body);
        } catch (IOException e) {
            return body;
        }
    }
}

package dev.fakeclicks.local.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fakeclicks.local.connect.ConnectRest.ConnectorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The config a work directory last deployed for each connector, {@code <dir>/<name>.json}. The worker keeps its own
 * copy, but that is only readable once Kafka and Connect run, and gone once a later run removed the connector,
 * while the connector's offsets stay: this copy lets {@link ConnectorConfig#cannotContinue} refuse a run before
 * anything starts.
 */
public record DeployedConnectors(Path dir) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What {@link #record} last wrote for {@code name}; empty if it never did. */
    public Optional<JsonNode> config(String name) {
        Path file = file(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (delete it, or run with --clean)", e);
        }
    }

    public void record(ConnectorConfig connector) {
        Path file = file(connector.name());
        try {
            Files.createDirectories(dir);
            Files.writeString(file, JSON.writeValueAsString(connector.config()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private Path file(String name) {
        return dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }
}

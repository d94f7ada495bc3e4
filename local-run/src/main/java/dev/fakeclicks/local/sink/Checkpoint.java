package dev.fakeclicks.local.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the sink has committed, read from its Structured Streaming checkpoint: {@code commits/<n>} marks batch n
 * done, and {@code offsets/<n>} holds the Kafka offsets that batch read up to (third line:
 * {@code {"raw_events":{"0":120,"1":98}}}).
 */
public final class Checkpoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public Checkpoint(Path dir) {
        this.dir = dir;
    }

    public Optional<Long> lastCommittedBatch() {
        Path commits = dir.resolve("commits");
        if (!Files.isDirectory(commits)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(commits)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d+"))
                    .map(Long::parseLong).max(Long::compare);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Partition -> next offset to read, as of the last committed batch; empty before the first commit. */
    public Map<Integer, Long> committedOffsets(String topic) {
        Map<Integer, Long> offsets = new HashMap<>();
        Optional<Long> batch = lastCommittedBatch();
        if (batch.isEmpty()) {
            return offsets;
        }
        try {
            List<String> lines = Files.readAllLines(dir.resolve("offsets").resolve(Long.toString(batch.get())));
            JsonNode partitions = JSON.readTree(lines.get(2)).path(topic);
            partitions.fieldNames().forEachRemaining(p -> offsets.put(Integer.parseInt(p), partitions.get(p).asLong()));
        } catch (IOException | RuntimeException e) {
            // Mid-write or unknown layout: report nothing committed yet, the caller polls again.
        }
        return offsets;
    }
}

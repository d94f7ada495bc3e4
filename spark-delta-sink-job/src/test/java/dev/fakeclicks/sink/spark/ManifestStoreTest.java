package dev.fakeclicks.sink.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakeclicks.registry.RegisteredSchema;
import dev.fakeclicks.registry.RegistrySnapshot;
import dev.fakeclicks.sink.plan.BatchManifest;
import dev.fakeclicks.sink.plan.BatchReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifest files on a local Hadoop file system: revisions by replays, a new query's batch, retention. */
class ManifestStoreTest {

    private static final String SCHEMA = "{\"type\":\"struct\",\"fields\":[]}";

    @TempDir
    Path checkpoint;

    @Test
    void theNewestRevisionIsTheManifestUntilAnotherQueryWritesTheBatchAgain() {
        ManifestStore store = new ManifestStore(checkpoint.toUri().toString(), new Configuration());
        BatchManifest first = manifest(3, "q-1", 1);
        store.write(first);
        assertThat(store.read(3)).contains(first);

        BatchManifest revised = first.withSnapshot(snapshot(2));
        store.revise(revised);
        store.revise(first.withSnapshot(snapshot(3)));
        assertThat(store.read(3).orElseThrow().snapshot().schemas().get("search").version()).isEqualTo(3);
        assertThat(manifests()).containsExactlyInAnyOrder("3.json", "3-1.json", "3-2.json");

        BatchManifest otherQuery = manifest(3, "q-2", 1); // a new checkpoint's query reuses batch ids
        store.write(otherQuery);
        assertThat(store.read(3)).contains(otherQuery);
        assertThat(manifests()).containsExactly("3.json");
    }

    @Test
    void completingABatchForgetsTheRevisionsOfTheBatchLongBefore() {
        ManifestStore store = new ManifestStore(checkpoint.toUri().toString(), new Configuration());
        store.write(manifest(0, "q", 1));
        store.revise(manifest(0, "q", 2));
        BatchManifest later = manifest(ManifestStore.RETAINED, "q", 1);
        store.write(later);
        store.complete(later.completed(new BatchReport(ManifestStore.RETAINED, 0, Map.of(), 0, Map.of(), 0, 1, false)));

        assertThat(store.read(0)).isEmpty();
        assertThat(manifests()).containsExactlyInAnyOrder(ManifestStore.RETAINED + ".json", ManifestStore.RETAINED + ".done");
    }

    @Test
    void revisionsAreFoundUnderACheckpointPathThatLooksLikeAGlob() {
        ManifestStore store = new ManifestStore(checkpoint.resolve("ckpt[a]?").toString(), new Configuration());
        BatchManifest first = manifest(5, "q", 1);
        store.write(first);
        store.revise(first.withSnapshot(snapshot(2)));
        store.revise(first.withSnapshot(snapshot(3)));

        assertThat(store.read(5).orElseThrow().snapshot().schemas().get("search").version()).isEqualTo(3);
    }

    @Test
    void anUnreadableNewestRevisionFallsBackToTheOneBefore() throws Exception {
        ManifestStore store = new ManifestStore(checkpoint.toUri().toString(), new Configuration());
        BatchManifest first = manifest(7, "q", 1);
        store.write(first);
        store.revise(first.withSnapshot(snapshot(2)));
        store.revise(first.withSnapshot(snapshot(3)));
        // Corrupted under the local file system's checksum, then (as on a store without checksums) plainly unreadable.
        Files.writeString(checkpoint.resolve("fakeclicks-sink/manifests/7-2.json"), "{truncated");

        assertThat(store.read(7).orElseThrow().snapshot().schemas().get("search").version()).isEqualTo(2);

        Files.delete(checkpoint.resolve("fakeclicks-sink/manifests/.7-1.json.crc"));
        Files.writeString(checkpoint.resolve("fakeclicks-sink/manifests/7-1.json"), "{\"batch_id\":");
        assertThat(store.read(7)).contains(first);
    }

    @Test
    void anUnreadableReportLeavesTheBatchUnfinishedSoTheReplayAsksTheTables() throws Exception {
        ManifestStore store = new ManifestStore(checkpoint.toUri().toString(), new Configuration());
        BatchManifest first = manifest(4, "q", 1);
        store.write(first);
        store.complete(first.completed(new BatchReport(4, 10, Map.of("search", 10L), 0, Map.of(), 1, 2, false)));
        assertThat(store.read(4).orElseThrow().completedReport()).isPresent();

        // Corrupted under the local file system's checksum, then (as on a store without checksums) plainly unreadable.
        Path done = checkpoint.resolve("fakeclicks-sink/manifests/4.done");
        Files.writeString(done, "batch=4 read=10 writ");
        assertThat(store.read(4)).contains(first);

        Files.delete(checkpoint.resolve("fakeclicks-sink/manifests/.4.done.crc"));
        assertThat(store.read(4)).contains(first);
    }

    private java.util.List<String> manifests() {
        try (var files = Files.list(checkpoint.resolve("fakeclicks-sink/manifests"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static BatchManifest manifest(long batchId, String queryId, int searchVersion) {
        return new BatchManifest(batchId, queryId, "{\"raw_events\":{\"0\":" + batchId + "}}", Instant.parse("2026-11-26T10:00:00Z"), 1024, snapshot(searchVersion), Optional.empty());
    }

    private static RegistrySnapshot snapshot(int searchVersion) {
        return new RegistrySnapshot(new TreeMap<>(Map.of("search",
                new RegisteredSchema("search", searchVersion, Instant.parse("2026-11-26T09:00:00Z"), SCHEMA))), new TreeMap<>());
    }
}

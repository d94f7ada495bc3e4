package dev.fakeclicks.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.sink.plan.BatchReport;
import dev.fakeclicks.sink.spark.SparkSetup;
import dev.fakeclicks.sink.testing.SharedInfra;
import dev.fakeclicks.sink.testing.SinkRun;
import dev.fakeclicks.sink.testing.TestEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;

/**
 * Replays add nothing twice: a batch re-run after a crash (before or after its tables committed, or halfway
 * through them), a new checkpoint does not skip new data (the Delta app id follows the query id), and a checkpoint
 * restored from an older copy, or whose offset log was reset, stops the sink instead of skipping records.
 */
class ExactlyOnceIT {

    private static final List<String> TYPES = List.of("page_view", "search", "add_to_cart");

    /**
     * A stop (Ctrl-C, an embedding application) while the type tables are being written: no table writer outlives
     * stop(), where one finishing its commit later would race the restart's replay, and the restart writes every
     * event exactly once whichever tables had committed.
     */
    @Test
    void aStopWhileTablesAreWrittenLeavesNoWriterRunningAndTheRestartWritesEachEventOnce() throws Exception {
        try (SinkRun run = new SinkRun("stop_mid_write", 1).registerCatalogue()) {
            run.send(events(run, 0, 3_000, false));
            StreamingQuery query = run.start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            boolean sawWriters = false;
            try {
                while (!sawWriters && query.isActive() && System.nanoTime() < deadline) {
                    sawWriters = !tableWriterThreads().isEmpty();
                    Thread.sleep(2);
                }
            } finally {
                query.stop();
            }
            assertThat(sawWriters).as("the stop came while tables were being written").isTrue();
            assertThat(tableWriterThreads()).as("table writers alive after stop() returned").isEmpty();
            assertThat(query.exception().isDefined()).as("stopped, not failed").isFalse();
            assertThat(run.reports).as("the stopped batch did not complete").isEmpty();

            assertThat(run.runToEnd()).singleElement().satisfies(r -> assertThat(r.batchId()).isZero());
            assertTypeCounts(run, 3_000);
        }
    }

    private static List<String> tableWriterThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("delta-sink-batch-") && name.contains("-writer-")).toList();
    }

    @Test
    void replayedBatchesAddNothingEvenAfterAPartialWrite() throws Exception {
        try (SinkRun run = new SinkRun("replay", 1).registerCatalogue()) {
            run.send(events(run, 0, 5, true));
            assertThat(run.runToEnd()).singleElement().satisfies(r -> assertThat(r.writtenTotal()).isEqualTo(15));
            long quarantined = run.quarantine().count();

            // 1. Crash after the batch was fully written but before Spark recorded it: the batch runs again.
            deleteCommit(run, 0);
            assertThat(run.runToEnd()).singleElement().satisfies(r -> assertThat(r.replayed()).isTrue());
            assertCounts(run, 5, quarantined);

            // 2. Same, and the manifest never learned that the batch completed: Delta's txn ids decide.
            deleteCommit(run, 0);
            markIncomplete(run, 0);
            assertThat(run.runToEnd()).singleElement().satisfies(r -> assertThat(r.replayed()).isTrue());
            assertCounts(run, 5, quarantined);

            // 3. A batch fails after writing its type tables (the quarantine cannot be written): the restart
            //    writes only what is missing.
            run.send(events(run, 5, 5, true));
            Path quarantineDir = run.output.resolve("_quarantine");
            Path parked = run.output.resolve("parked-quarantine");
            Files.move(quarantineDir, parked);
            Files.writeString(quarantineDir, "not a directory: the quarantine write fails");
            assertThatThrownBy(run::runToEnd).hasMessageContaining("query failed").hasMessageContaining("_quarantine");
            Files.delete(quarantineDir);
            Files.move(parked, quarantineDir);
            assertCounts(run, 10, quarantined); // type tables committed batch 1, the quarantine did not

            // The replay counts the rows the earlier commits really added: a table whose commit of the batch says 4
            // rows where 5 were routed fails the batch (the count used to be derived, so this could not fail).
            Path pageViewCommit = latestCommit(run.output.resolve("page_view"));
            String commit = Files.readString(pageViewCommit);
            assertThat(commit).contains("\"numOutputRows\":\"5\"");
            Files.writeString(pageViewCommit, commit.replace("\"numOutputRows\":\"5\"", "\"numOutputRows\":\"4\""));
            assertThatThrownBy(run::runToEnd).hasMessageContaining("counts do not reconcile");
            Files.writeString(pageViewCommit, commit);

            List<BatchReport> replay = run.runToEnd();
            assertThat(replay).singleElement().satisfies(r -> {
                assertThat(r.batchId()).isEqualTo(1);
                assertThat(r.replayed()).isFalse();
                assertThat(r.read()).isEqualTo(16);
                assertThat(r.writtenTotal()).isEqualTo(15);
                assertThat(r.quarantined()).isEqualTo(1);
            });
            assertCounts(run, 10, quarantined + 1);
        }
    }

    @Test
    void aNewCheckpointDoesNotSkipNewDataBecauseTheAppIdFollowsTheQueryId() throws Exception {
        try (SinkRun run = new SinkRun("new_checkpoint", 1).registerCatalogue()) {
            run.send(events(run, 0, 4, false));
            assertThat(run.runToEnd()).singleElement().satisfies(r -> assertThat(r.batchId()).isZero());

            // The operator deletes the checkpoint: at the default STARTING_OFFSETS=earliest the new query would write
            // the whole topic again, so it is refused; then they restart from where the old query stopped.
            deleteRecursively(run.checkpoint());
            run.send(events(run, 4, 3, false));
            assertThatThrownBy(run::runToEnd).hasMessageContaining("has no progress, but OUTPUT_PATH")
                    .hasMessageContaining("holds tables a sink wrote (add_to_cart, page_view, search)");
            run.env.put("STARTING_OFFSETS", "{\"" + run.topic + "\":{\"0\":12}}");
            assertThat(run.runToEnd()).singleElement().satisfies(r -> {
                assertThat(r.batchId()).isZero(); // batch ids restart at 0 ...
                assertThat(r.writtenTotal()).isEqualTo(9); // ... and are written all the same
            });
            for (String type : TYPES) {
                assertThat(run.table(type).count()).isEqualTo(7);
                assertThat(run.table(type).select("event_id").distinct().count()).isEqualTo(7);
            }
        }
    }

    @Test
    void aCheckpointRestoredFromAnOlderCopyStopsTheSinkRatherThanSkipRecords() throws Exception {
        try (SinkRun run = new SinkRun("restored_checkpoint", 1).registerCatalogue()) {
            run.send(events(run, 0, 2, false));
            assertThat(run.runToEnd()).singleElement().satisfies(r -> assertThat(r.batchId()).isZero());
            Path backup = run.output.resolveSibling(run.output.getFileName() + "-checkpoint-backup");
            copyRecursively(run.checkpoint(), backup);

            run.send(events(run, 2, 2, false));
            assertThat(run.runToEnd()).singleElement().satisfies(r -> assertThat(r.batchId()).isEqualTo(1));

            // The operator restores the backup: batch 1 runs again, over these offsets and the ones after them.
            deleteRecursively(run.checkpoint());
            copyRecursively(backup, run.checkpoint());
            run.send(events(run, 4, 2, false));
            assertThatThrownBy(run::runToEnd).hasMessageContaining("already holds batch 1")
                    .hasMessageContaining("checkpoint was restored from an older copy or partly reset");
            assertTypeCounts(run, 4); // what batch 1 wrote before, nothing skipped silently as "already committed"
        }
    }

    /** Offsets and commits deleted, the rest of the checkpoint (query id, manifests) kept: batch 0 runs over a longer range. */
    @Test
    void aCheckpointWhoseOffsetLogWasResetStopsTheSinkRatherThanSkipABatchItRanBefore() throws Exception {
        try (SinkRun run = new SinkRun("reset_offsets", 1).registerCatalogue()) {
            run.send(events(run, 0, 2, false));
            assertThat(run.runToEnd()).singleElement().satisfies(r -> assertThat(r.batchId()).isZero());

            deleteRecursively(run.checkpoint().resolve("offsets"));
            deleteRecursively(run.checkpoint().resolve("commits"));
            run.send(events(run, 2, 2, false));
            // Chosen, so that the fresh-checkpoint guard lets the query start (a reset that guard cannot see: the
            // offset log is gone but the query id stays). Batch 0 has a completed manifest: without the offsets check
            // it would be skipped as a replay.
            run.env.put("STARTING_OFFSETS", "earliest");
            assertThatThrownBy(run::runToEnd).hasMessageContaining("batch 0 of this streaming query ran before over offsets")
                    .hasMessageContaining("were reset or restored apart from the rest of it");
            assertTypeCounts(run, 2);
        }
    }

    @Test
    void withoutDeltasOperationMetricsTheBatchFailsClearlyInsteadOfCountingZeroRows() throws Exception {
        try (SinkRun run = new SinkRun("no_metrics", 1).registerCatalogue()) {
            run.send(events(run, 0, 2, false));
            run.spark().conf().set(SparkSetup.HISTORY_METRICS, "false");
            try {
                assertThatThrownBy(run::runToEnd).hasMessageContaining("has no numOutputRows")
                        .hasMessageContaining(SparkSetup.HISTORY_METRICS + "=false");
            } finally {
                run.spark().conf().set(SparkSetup.HISTORY_METRICS, "true");
            }
            // The restart completes the batch: tables that committed it keep it, the others are written now.
            assertThat(run.runToEnd()).singleElement().satisfies(r -> {
                assertThat(r.read()).isEqualTo(6);
                assertThat(r.writtenTotal()).isEqualTo(6);
            });
            assertTypeCounts(run, 2);
        }
    }

    @Test
    void recordsOfAbortedProducerTransactionsAreNotRead() throws Exception {
        try (SinkRun run = new SinkRun("aborted_txn", 1).registerCatalogue();
             KafkaProducer<byte[], byte[]> producer = transactionalProducer("sink-it-" + run.topic)) {
            producer.initTransactions();
            producer.beginTransaction();
            events(run, 0, 2, true).forEach(producer::send);
            producer.flush(); // the records are in the log ...
            producer.abortTransaction(); // ... and aborted, as when a connector task dies mid-transaction
            producer.beginTransaction();
            events(run, 2, 3, false).forEach(producer::send);
            producer.commitTransaction();

            assertThat(run.runToEnd()).singleElement().satisfies(r -> {
                assertThat(r.read()).isEqualTo(9);
                assertThat(r.quarantined()).isZero();
            });
            assertTypeCounts(run, 3); // nothing quarantined: the sink never made a quarantine table
        }
    }

    private static KafkaProducer<byte[], byte[]> transactionalProducer(String transactionalId) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.broker().bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<ProducerRecord<byte[], byte[]>> events(SinkRun run, int from, int count, boolean withUnknown) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int seq = from; seq < from + count; seq++) {
            for (String type : TYPES) {
                records.add(TestEvents.record(run.topic, TestEvents.event(type, seq)));
            }
        }
        if (withUnknown) {
            records.add(TestEvents.record(run.topic, TestEvents.with(TestEvents.event("page_view", 900 + from), "event_type",
                    TestEvents.text("not_registered"))));
        }
        assertThat(Catalogue.builtIn().types()).containsAll(TYPES);
        return records;
    }

    private static void assertCounts(SinkRun run, long perType, long quarantined) {
        assertTypeCounts(run, perType);
        assertThat(run.quarantine().count()).isEqualTo(quarantined);
    }

    private static void assertTypeCounts(SinkRun run, long perType) {
        for (String type : TYPES) {
            assertThat(run.table(type).count()).as(type).isEqualTo(perType);
            assertThat(run.table(type).select("event_id").distinct().count()).as(type).isEqualTo(perType);
        }
    }

    private static Path latestCommit(Path table) throws IOException {
        try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
            return files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).max(Path::compareTo).orElseThrow();
        }
    }

    private static void deleteCommit(SinkRun run, long batchId) throws IOException {
        Files.delete(run.checkpoint().resolve("commits").resolve(Long.toString(batchId)));
        Files.deleteIfExists(run.checkpoint().resolve("commits").resolve("." + batchId + ".crc"));
    }

    /** As if the batch crashed after writing every table but before recording that it completed. */
    private static void markIncomplete(SinkRun run, long batchId) throws IOException {
        Path manifests = run.checkpoint().resolve("fakeclicks-sink/manifests");
        assertThat(manifests.resolve(batchId + ".json")).exists();
        Files.delete(manifests.resolve(batchId + ".done"));
        Files.deleteIfExists(manifests.resolve("." + batchId + ".done.crc")); // Hadoop's local checksum
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package dev.fakeclicks.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.catalogue.CatalogueEntry;
import dev.fakeclicks.registry.RegistrationResult;
import dev.fakeclicks.registry.RegistryKeys;
import dev.fakeclicks.schema.AtomicType;
import dev.fakeclicks.schema.CompatibilityMode;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.schema.StructField;
import dev.fakeclicks.schema.StructType;
import dev.fakeclicks.servers.BusyRedis;
import dev.fakeclicks.servers.RedisServerProcess;
import dev.fakeclicks.sink.plan.BatchReport;
import dev.fakeclicks.sink.testing.SharedInfra;
import dev.fakeclicks.sink.testing.SinkRun;
import dev.fakeclicks.sink.testing.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The registry changes while the job runs: new types, new schema versions, and Redis going away. */
class RegistryChangesIT {

    @Test
    void aTypeRegisteredMidStreamIsPickedUpAndANewNullableFieldEvolvesTheTable() throws Exception {
        try (SinkRun run = new SinkRun("registry_changes", 1)) {
            for (CatalogueEntry entry : Catalogue.builtIn().entries()) {
                if (!entry.type().equals("sign_up")) {
                    run.registry().register(entry.type(), entry.schema(), CompatibilityMode.BACKWARD);
                }
            }
            run.env.put("TRIGGER_INTERVAL", "200ms");
            StreamingQuery query = run.start();
            try {
                run.send(List.of(record(run, "page_view", 0), record(run, "page_view", 1), record(run, "sign_up", 0)));
                query.processAllAvailable();
                assertThat(last(run).written()).isEqualTo(Map.of("page_view", 2L));
                assertThat(last(run).reasons()).isEqualTo(Map.of("unknown_event_type", 1L));

                // sign_up registered, page_view v2 adds a nullable field: both apply from the next batch on.
                run.registry().register("sign_up", TestEvents.schemaOf("sign_up"), CompatibilityMode.BACKWARD);
                StructType pageViewV2 = TestEvents.schemaOf("page_view").with(new StructField("experiment", AtomicType.STRING, true));
                assertThat(run.registry().register("page_view", pageViewV2, CompatibilityMode.BACKWARD).status())
                        .isEqualTo(RegistrationResult.Status.REGISTERED);
                ObjectNode v2 = TestEvents.event("page_view", pageViewV2, 2);
                v2.put("experiment", "blue-button");
                run.send(List.of(TestEvents.record(run.topic, v2), record(run, "sign_up", 1)));
                query.processAllAvailable();
                assertThat(last(run).written()).isEqualTo(Map.of("page_view", 1L, "sign_up", 1L));
            } finally {
                query.stop();
            }
            assertThat(run.table("sign_up").count()).isEqualTo(1);
            assertThat(run.table("page_view").count()).isEqualTo(3);
            assertThat(run.table("page_view").where("experiment IS NULL").count()).isEqualTo(2); // older rows kept
            assertThat(run.table("page_view").where("experiment = 'blue-button'").count()).isEqualTo(1);
            assertThat(io.delta.tables.DeltaTable.forPath(run.spark(), run.output.resolve("page_view").toUri().toString())
                    .history().where("operation = 'WRITE'")
                    .selectExpr("userMetadata").collectAsList().toString()).contains("\"schema_version\":2");
        }
    }

    @Test
    void anUnreachableRegistryFailsTheQueryClearlyAndARestartLosesAndDuplicatesNothing() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             SinkRun run = new SinkRun("registry_outage", 1, redis.port()).registerCatalogue()) {
            run.env.put("TRIGGER_INTERVAL", "200ms");
            run.env.put("REGISTRY_RETRY_TIMEOUT", "2s");
            StreamingQuery query = run.start();
            List<ProducerRecord<byte[], byte[]>> first = List.of(record(run, "search", 0), record(run, "search", 1));
            run.send(first);
            query.processAllAvailable();

            redis.stop();
            run.send(List.of(record(run, "search", 2), record(run, "search", 3)));
            assertThatThrownBy(() -> query.awaitTermination(Duration.ofSeconds(60).toMillis()))
                    .isInstanceOf(StreamingQueryException.class)
                    .hasMessageContaining("schema registry (Redis at localhost:" + redis.port())
                    .hasMessageContaining("connection refused")
                    .hasMessageContaining("resumes from the checkpoint");
            assertThat(run.table("search").count()).isEqualTo(2);

            redis.restart(); // an empty Redis (no persistence in tests): the operator registers the schemas again
            run.reconnectRegistry().registerCatalogue();
            StreamingQuery resumed = run.start();
            try {
                run.send(List.of(record(run, "search", 4)));
                resumed.processAllAvailable();
            } finally {
                resumed.stop();
            }
            assertThat(run.table("search").count()).isEqualTo(5);
            assertThat(run.table("search").select("event_id").distinct().count()).isEqualTo(5);
        }
    }

    /** Redis busy with a long script answers BUSY to the sink's read: retried until it can serve again, same data. */
    @Test
    void aRegistryThatComesBackWithinTheRetryTimeoutCostsADelayNotTheQuery() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             SinkRun run = new SinkRun("registry_blip", 1, redis.port()).registerCatalogue()) {
            run.env.put("TRIGGER_INTERVAL", "200ms");
            run.env.put("REGISTRY_RETRY_TIMEOUT", "60s");
            StreamingQuery query = run.start();
            try {
                run.send(List.of(record(run, "search", 0)));
                query.processAllAvailable();

                try (BusyRedis busy = BusyRedis.start(redis.port())) {
                    run.send(List.of(record(run, "search", 1), record(run, "search", 2)));
                    Thread.sleep(3_000); // the sink's next batch meets BUSY and retries
                    assertThat(query.isActive()).isTrue();
                    assertThat(run.table("search").count()).isEqualTo(1);
                }
                query.processAllAvailable();
                assertThat(query.exception().isEmpty()).isTrue();
            } finally {
                query.stop();
            }
            assertThat(run.table("search").count()).isEqualTo(3);
            assertThat(run.table("search").select("event_id").distinct().count()).isEqualTo(3);
            assertThat(Files.exists(run.output.resolve("_quarantine"))).as("nothing quarantined").isFalse();
        }
    }

    /**
     * A registry emptied while the sink runs (e.g. a Redis without persistence restarted) would send every record to
     * quarantine as unknown_event_type, a state the job refuses to start in: the batch fails instead, writing nothing,
     * and the restart once the registry is seeded again writes its records to their tables.
     */
    @Test
    void aRegistryEmptiedWhileTheSinkRunsFailsTheBatchInsteadOfQuarantiningEveryRecord() throws Exception {
        try (SinkRun run = new SinkRun("registry_emptied", 1).registerCatalogue()) {
            run.send(List.of(record(run, "search", 0)));
            assertThat(run.runToEnd()).singleElement().satisfies(r -> assertThat(r.written()).isEqualTo(Map.of("search", 1L)));

            Catalogue.builtIn().types().forEach(type -> run.registry().delete(type));
            run.send(List.of(record(run, "search", 1), record(run, "page_view", 1)));
            assertThatThrownBy(run::runToEnd).hasMessageContaining("has no event types under prefix " + run.prefix)
                    .hasMessageContaining("Nothing of this batch was written");
            assertThat(run.output.resolve("_quarantine")).doesNotExist();

            run.registerCatalogue();
            assertThat(run.runToEnd()).singleElement().satisfies(r -> {
                assertThat(r.batchId()).isEqualTo(1);
                assertThat(r.written()).isEqualTo(Map.of("page_view", 1L, "search", 1L));
                assertThat(r.quarantined()).isZero();
            });
            assertThat(run.table("search").count()).isEqualTo(2);

            // A replay of a batch that failed halfway (login's table could not be written, search's was) finds the
            // registry emptied: it keeps its manifest's snapshot, as for a registry it cannot read, so the records of
            // the table still to write are not quarantined as unknown.
            Path login = run.output.resolve("login");
            Files.writeString(login, "not a directory: the login write fails");
            run.send(List.of(record(run, "search", 2), record(run, "login", 2)));
            assertThatThrownBy(run::runToEnd).hasMessageContaining("writing login");
            Files.delete(login);
            Catalogue.builtIn().types().forEach(type -> run.registry().delete(type));
            assertThat(run.runToEnd()).singleElement().satisfies(r -> {
                assertThat(r.batchId()).isEqualTo(2);
                assertThat(r.written()).isEqualTo(Map.of("login", 1L, "search", 1L));
                assertThat(r.quarantined()).isZero();
            });
        }
    }

    @Test
    void aBatchTheRegistryMadeFailSucceedsOnceTheRegistryIsFixedKeepingTheSchemaOfTablesThatCommittedIt() throws Exception {
        try (SinkRun run = new SinkRun("registry_fix", 1).registerCatalogue()) {
            StructType search = TestEvents.schemaOf("search");
            StructType pageView = TestEvents.schemaOf("page_view");
            run.send(List.of(record(run, "search", 0), record(run, "search", 1), record(run, "page_view", 0)));
            assertThat(run.runToEnd()).singleElement().satisfies(r -> assertThat(r.written()).containsEntry("search", 2L));

            // The operator deletes search and registers it again by mistake with query as a long: accepted (no history).
            run.registry().delete("search");
            StructType wrong = search.without("query").with(new StructField("query", AtomicType.LONG, false));
            assertThat(run.registry().register("search", wrong, CompatibilityMode.BACKWARD).status())
                    .isEqualTo(RegistrationResult.Status.REGISTERED);
            run.send(List.of(record(run, "search", 2), record(run, "search", 3), record(run, "page_view", 1),
                    record(run, "page_view", 2)));
            // Delta's own message names the field only ("Failed to merge fields 'query' and 'query'"); its cause, the types.
            assertThatThrownBy(run::runToEnd).hasMessageContaining("DELTA_FAILED_TO_MERGE_FIELDS").hasMessageContaining("search")
                    .hasMessageContaining("caused by: [DELTA_MERGE_INCOMPATIBLE_DATATYPE]").hasMessageContaining("StringType and LongType");
            assertThat(run.table("page_view").count()).isEqualTo(3); // page_view committed batch 1, search did not

            // The fix: search back to its schema. Meanwhile page_view gets a version its batch-1 rows would not fit:
            // the replay must judge them by the schema they were written with (else they would also be quarantined).
            run.registry().delete("search");
            run.registry().register("search", search, CompatibilityMode.BACKWARD);
            StructType pageViewV2 = pageView.with(new StructField("experiment", AtomicType.STRING, false));
            assertThat(run.registry().register("page_view", pageViewV2, CompatibilityMode.NONE).status())
                    .isEqualTo(RegistrationResult.Status.REGISTERED);

            assertThat(run.runToEnd()).singleElement().satisfies(r -> {
                assertThat(r.batchId()).isEqualTo(1);
                assertThat(r.read()).isEqualTo(4);
                assertThat(r.written()).isEqualTo(Map.of("search", 2L, "page_view", 2L));
                assertThat(r.quarantined()).isZero();
                assertThat(r.reconciliationProblem()).isEmpty();
            });
            assertThat(run.table("search").count()).isEqualTo(4);
            assertThat(run.table("page_view").count()).isEqualTo(3);
            assertThat(run.output.resolve("_quarantine")).doesNotExist();
            Dataset<Row> ids = run.table("search").select("event_id").unionAll(run.table("page_view").select("event_id"));
            assertThat(ids.distinct().count()).isEqualTo(ids.count()).isEqualTo(7);
            // The replay's snapshot is recorded before it writes: a further crash would replay the same way.
            assertThat(run.checkpoint().resolve("fakeclicks-sink/manifests/1-1.json")).exists();
        }
    }

    @Test
    void aReplayThatCannotReadTheRegistryUsesItsManifestsSnapshot() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             SinkRun run = new SinkRun("replay_registry_down", 1, redis.port()).registerCatalogue()) {
            run.env.put("REGISTRY_RETRY_TIMEOUT", "1s");
            run.send(List.of(record(run, "search", 0), record(run, "sign_up", 0),
                    TestEvents.record(run.topic, TestEvents.with(TestEvents.event("search", 1), "event_type",
                            TestEvents.text("not_registered")))));
            // The batch fails after its type tables, at the quarantine (a file where its directory should be).
            Path quarantine = run.output.resolve("_quarantine");
            Files.writeString(quarantine, "not a directory");
            assertThatThrownBy(run::runToEnd).hasMessageContaining("_quarantine");
            Files.delete(quarantine);

            redis.stop();
            assertThat(run.runToEnd()).singleElement().satisfies(r -> {
                assertThat(r.batchId()).isZero();
                assertThat(r.written()).isEqualTo(Map.of("search", 1L, "sign_up", 1L));
                assertThat(r.reasons()).isEqualTo(Map.of("unknown_event_type", 1L));
            });
            assertThat(run.table("search").count()).isEqualTo(1);
            assertThat(run.quarantine().count()).isEqualTo(1);
        }
    }

    @Test
    void entriesSparkCannotUseAreQuarantinedAsRejectedSchemaWhileTheQueryKeepsRunning() throws Exception {
        try (SinkRun run = new SinkRun("unusable_schemas", 1)) {
            run.registry().register("search", TestEvents.schemaOf("search"), CompatibilityMode.BACKWARD);
            String envelope = "{\"name\":\"event_id\",\"type\":\"string\",\"nullable\":false,\"metadata\":{}},"
                    + "{\"name\":\"event_type\",\"type\":\"string\",\"nullable\":false,\"metadata\":{}},"
                    + "{\"name\":\"event_time\",\"type\":\"timestamp\",\"nullable\":false,\"metadata\":{}}";
            // Written by another tool, past registry-tools. Metadata Spark cannot read breaks the event schema rules;
            // a field object with a key Spark does not expect is refused when the entry is read, as Spark's
            // DataType.fromJson would. (The sink's own Spark check behind these rules: CompiledTypeIT.)
            String nestedArrays = "{\"type\":\"struct\",\"fields\":[" + envelope
                    + ",{\"name\":\"page\",\"type\":\"string\",\"nullable\":true,\"metadata\":{\"tags\":[[\"a\"]]}}]}";
            String extraKey = "{\"type\":\"struct\",\"fields\":[" + envelope
                    + ",{\"name\":\"page\",\"type\":\"string\",\"nullable\":true,\"comment\":\"the page\",\"metadata\":{}}]}";
            try (RedisClient redis = RedisClient.create("localhost", SharedInfra.redis().port())) {
                String latest = new RegistryKeys(run.prefix).latest();
                redis.hset(latest, "tagged_click", "{\"version\":1,\"registered_at\":\"2026-11-26T10:00:00Z\",\"schema\":" + nestedArrays + "}");
                redis.hset(latest, "commented_click", "{\"version\":2,\"registered_at\":\"2026-11-26T10:00:00Z\",\"schema\":" + extraKey + "}");
            }
            run.send(List.of(record(run, "search", 0), click(run, "tagged_click", 0), click(run, "commented_click", 0)));
            run.env.put("TRIGGER_INTERVAL", "200ms");
            StreamingQuery query = run.start();
            try {
                query.processAllAvailable();
                assertThat(new ArrayList<>(run.reports)).singleElement().satisfies(r -> {
                    assertThat(r.written()).isEqualTo(Map.of("search", 1L));
                    assertThat(r.reasons()).isEqualTo(Map.of("rejected_schema", 2L));
                    assertThat(r.reconciliationProblem()).isEmpty();
                });
                assertThat(query.isActive()).isTrue();
                assertThat(query.exception().isEmpty()).isTrue();
                Map<String, String> details = new java.util.TreeMap<>();
                run.quarantine().where("reason = 'rejected_schema'").collectAsList()
                        .forEach(row -> details.put(row.getAs("raw_event_type"), row.getAs("reason_detail")));
                assertThat(details.get("tagged_click")).startsWith("registered schema v1 of tagged_click breaks the event"
                        + " schema rules: page: metadata \"tags\" is an array of arrays");
                assertThat(details.get("commented_click")).contains("commented_click")
                        .contains("page: unknown key \"comment\" in a field (allowed: name, type, nullable, metadata)");
                // The decision is in the manifest, so a replay of this batch judges the same way.
                assertThat(Files.readString(run.checkpoint().resolve("fakeclicks-sink/manifests/0.json")))
                        .contains("unknown key \\\"comment\\\" in a field");

                // Fixed in the registry: the next batch writes the type, no restart.
                run.registry().delete("commented_click");
                run.registry().register("commented_click", SchemaJson.parseStruct(extraKey.replace(",\"comment\":\"the page\"", "")),
                        CompatibilityMode.BACKWARD);
                run.send(List.of(click(run, "commented_click", 1), record(run, "search", 1)));
                query.processAllAvailable();
                assertThat(last(run).written()).isEqualTo(Map.of("commented_click", 1L, "search", 1L));
            } finally {
                query.stop();
            }
            assertThat(run.table("search").count()).isEqualTo(2);
            assertThat(run.table("commented_click").select("page").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
                    .containsExactly("page-1");
        }
    }

    private static ProducerRecord<byte[], byte[]> click(SinkRun run, String type, long seq) {
        return TestEvents.record(run.topic, TestEvents.parse("{\"event_id\":\"" + type + "-" + seq + "\",\"event_type\":\""
                + type + "\",\"event_time\":\"2026-11-26T10:00:00.000Z\",\"page\":\"page-" + seq + "\"}"));
    }

    private static ProducerRecord<byte[], byte[]> record(SinkRun run, String type, long seq) {
        return TestEvents.record(run.topic, TestEvents.event(type, seq));
    }

    private static BatchReport last(SinkRun run) {
        List<BatchReport> reports = new ArrayList<>(run.reports);
        return reports.get(reports.size() - 1);
    }
}

package dev.fakeclicks.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.sink.plan.BatchReport;
import dev.fakeclicks.sink.testing.SharedInfra;
import dev.fakeclicks.sink.testing.SinkRun;
import dev.fakeclicks.sink.testing.TestEvents;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** Every catalogue type end to end, and every kind of bad record, through a real broker, Redis and Delta. */
class DeltaSinkIT {

    private static final int PER_TYPE = 6;

    @Test
    void everyTypeLandsInItsTableAndEveryBadRecordInQuarantineWithItsReason() throws Exception {
        try (SinkRun run = new SinkRun("all_types", 2).registerCatalogue()) {
            run.env.put("MAX_RECORD_BYTES", "4096");
            try (RedisClient redis = RedisClient.create("localhost", SharedInfra.redis().port())) {
                redis.hset(run.prefix + "latest", "broken_type", "{not an entry");
            }
            List<String> types = Catalogue.builtIn().types();
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (String type : types) {
                for (int seq = 0; seq < PER_TYPE; seq++) {
                    records.add(TestEvents.record(run.topic, TestEvents.event(type, seq)));
                }
            }
            ObjectNode pageView = TestEvents.event("page_view", 100);
            ObjectNode purchase = TestEvents.event("purchase", 100);
            records.add(TestEvents.record(run.topic, "k", "hello, not json"));
            records.add(TestEvents.record(run.topic, "k", new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'}));
            records.add(TestEvents.record(run.topic, "k", new byte[0]));
            records.add(TestEvents.record(run.topic, null, (byte[]) null)); // a tombstone without a key
            records.add(TestEvents.record(run.topic, "k", brokenUtf8InAString()));
            records.add(TestEvents.record(run.topic, "k", "{\"event_id\":\"no-type\"}"));
            records.add(TestEvents.record(run.topic, TestEvents.with(pageView, "event_type", TestEvents.text("Page-View"))));
            records.add(TestEvents.record(run.topic, TestEvents.with(pageView, "event_type", TestEvents.text("page_viewz"))));
            records.add(TestEvents.record(run.topic, TestEvents.with(pageView, "event_type", TestEvents.text("broken_type"))));
            records.add(TestEvents.record(run.topic, TestEvents.with(TestEvents.event("page_view", 101), "session_event_index",
                    TestEvents.text("abc"))));
            records.add(TestEvents.record(run.topic, TestEvents.without(TestEvents.event("page_view", 102), "page.url")));
            records.add(TestEvents.record(run.topic, TestEvents.without(purchase, "items.0.price")));
            records.add(TestEvents.record(run.topic, TestEvents.with(TestEvents.event("search", 100), "sort",
                    TestEvents.text("x".repeat(5000)))));
            records.add(TestEvents.record(run.topic, TestEvents.event("page_view", 1))); // a re-sent event: duplicate
            run.send(records);

            List<BatchReport> reports = run.runToEnd();

            assertThat(reports).hasSize(1);
            BatchReport report = reports.get(0);
            assertThat(report.read()).isEqualTo(records.size());
            Map<String, Long> expectedWritten = new TreeMap<>();
            types.forEach(t -> expectedWritten.put(t, (long) PER_TYPE));
            assertThat(report.written()).isEqualTo(expectedWritten);
            assertThat(report.reasons()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "not_json", 5L, "missing_event_type", 1L, "invalid_event_type", 1L, "unknown_event_type", 1L,
                    "rejected_schema", 1L, "schema_mismatch", 1L, "missing_required_field", 2L, "oversized", 1L,
                    "duplicate_event_id", 1L));
            assertThat(report.quarantined()).isEqualTo(14);
            assertThat(report.reconciliationProblem()).isEmpty();

            for (String type : types) {
                List<Row> rows = run.table(type).select("event_id").collectAsList();
                assertThat(rows).as(type).hasSize(PER_TYPE);
                assertThat(rows.stream().map(r -> r.getString(0)).collect(Collectors.toSet())).as(type)
                        .hasSize(PER_TYPE).contains(TestEvents.eventId(type, 1));
            }

            // Values keep their types: decimals, timestamps, arrays of structs, partition date, Kafka coordinates.
            Row p = run.table("purchase").where("event_id = '" + TestEvents.eventId("purchase", 4) + "'")
                    .selectExpr("value", "event_time", "items[0].price", "size(items)", "event_date", "_kafka_topic",
                            "_kafka_offset IS NOT NULL", "_kafka_key", "_batch_id", "_ingested_at IS NOT NULL", "geo.country")
                    .first();
            ObjectNode expected = TestEvents.event("purchase", 4);
            assertThat(p.getDecimal(0)).isEqualByComparingTo(expected.get("value").decimalValue());
            assertThat(p.getTimestamp(1).toInstant()).isEqualTo(TestEvents.eventTime(4));
            assertThat(p.getDecimal(2)).isEqualByComparingTo(new BigDecimal(expected.at("/items/0/price").asText()));
            assertThat(p.getInt(3)).isEqualTo(2);
            assertThat(p.getDate(4)).isEqualTo(Date.valueOf("2026-11-26"));
            assertThat(p.getString(5)).isEqualTo(run.topic);
            assertThat(p.getBoolean(6)).isTrue();
            assertThat(p.getString(7)).isEqualTo(expected.get("session_id").asText());
            assertThat(p.getLong(8)).isZero();
            assertThat(p.getBoolean(9)).isTrue();
            assertThat(p.getString(10)).isEqualTo(expected.at("/geo/country").asText());
            assertThat(run.table("purchase").schema().apply("event_id").getComment().isDefined()).isTrue();
            assertThat(run.table("page_view").where("user_id IS NULL").count()).isPositive(); // nullable fields kept null
            // The table defaults SparkSetup sets reach the tables the sink creates, the quarantine too.
            for (String table : List.of("purchase", "_quarantine")) {
                Map<String, String> properties = run.spark()
                        .sql("SHOW TBLPROPERTIES delta.`" + run.output.resolve(table) + "`").collectAsList().stream()
                        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
                assertThat(properties).as(table).containsEntry("delta.checkpointInterval", "100")
                        .containsEntry("delta.dataSkippingNumIndexedCols", "8");
            }
            // Delta's log and Spark's checkpoint go through ForklessLocalFileSystem.ForFileContext (raw): no Hadoop
            // checksum side files (.NAME.crc) there, where the default LocalFs writes one per file.
            List<Path> checkpointLogs = List.of(run.checkpoint().resolve("offsets"), run.checkpoint().resolve("commits"));
            try (Stream<Path> files = Files.walk(run.output)) {
                assertThat(files.filter(f -> f.getParent().endsWith("_delta_log") || checkpointLogs.contains(f.getParent()))
                        .map(f -> f.getFileName().toString()))
                        .contains("00000000000000000000.json", "0") // a table's first commit, the checkpoint's first batch
                        .noneMatch(name -> name.startsWith(".") && name.endsWith(".crc"));
            }

            Map<String, Row> quarantine = run.quarantine().collectAsList().stream()
                    .collect(Collectors.toMap(r -> r.getAs("reason") + "|" + r.getAs("reason_detail"), r -> r, (a, b) -> a));
            assertThat(quarantine.keySet()).anyMatch(k -> k.startsWith("missing_required_field|") && k.contains("page.url"));
            assertThat(quarantine.keySet()).anyMatch(k -> k.startsWith("missing_required_field|") && k.contains("items[].price"));
            assertThat(quarantine.keySet()).anyMatch(k -> k.startsWith("schema_mismatch|") && k.contains("session_event_index"));
            assertThat(quarantine.keySet()).anyMatch(k -> k.startsWith("oversized|") && k.contains("MAX_RECORD_BYTES=4096"));
            assertThat(quarantine.keySet()).anyMatch(k -> k.startsWith("rejected_schema|") && k.contains("not valid JSON"));
            assertThat(quarantine.keySet()).anyMatch(k -> k.startsWith("duplicate_event_id|first seen at " + run.topic));
            // Bytes that are not UTF-8 are kept as they came, wherever they are (from_json would have read the event
            // with U+FFFD in place of the bad bytes and written it to its table).
            List<byte[]> notUtf8 = run.quarantine().where("raw_value_encoding = 'base64'").collectAsList().stream()
                    .peek(r -> assertThat(r.<String>getAs("reason") + " " + r.getAs("reason_detail"))
                            .isEqualTo("not_json not valid UTF-8 (raw_value is base64)"))
                    .map(r -> Base64.getDecoder().decode(r.<String>getAs("raw_value")))
                    .toList();
            assertThat(notUtf8).containsExactlyInAnyOrder(new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'}, brokenUtf8InAString());
            Row tombstone = run.quarantine().where("raw_value IS NULL").first();
            assertThat(tombstone.<String>getAs("reason_detail")).isEqualTo("null value (tombstone)");
            assertThat(tombstone.<String>getAs("_kafka_key")).isNull();
            Row mismatch = run.quarantine().where("reason = 'schema_mismatch'").first();
            assertThat(mismatch.<String>getAs("raw_value")).contains("\"abc\"");
            assertThat(mismatch.<String>getAs("raw_event_type")).isEqualTo("page_view");
            assertThat(mismatch.<Integer>getAs("schema_version")).isEqualTo(1);
            assertThat(mismatch.<String>getAs("_kafka_key")).startsWith("session-");
            assertThat(run.quarantine().where("_kafka_offset IS NULL OR _ingested_at IS NULL OR _batch_id IS NULL").count()).isZero();
        }
    }

    @Test
    void aCopyThatDoesNotFitItsSchemaIsNeverADuplicateNorMakesAValidCopyOne() {
        try (SinkRun run = new SinkRun("duplicates", 1).registerCatalogue()) {
            ObjectNode good0 = TestEvents.event("page_view", 1);
            ObjectNode good1 = TestEvents.event("page_view", 2);
            ObjectNode good2 = TestEvents.event("page_view", 4);
            // Copies are compared within a type: a search sharing good0's event_id (a producer bug) is no duplicate of it.
            ObjectNode otherType = TestEvents.with(TestEvents.event("search", 1), "event_id", good0.get("event_id"));
            List<ObjectNode> events = List.of(otherType, good0, notANumber(good0), notANumber(good1), good1, good2, good2);
            run.send(events.stream().map(e -> TestEvents.record(run.topic, e)).toList());

            assertThat(run.runToEnd()).singleElement().satisfies(r -> {
                assertThat(r.read()).isEqualTo(7);
                assertThat(r.written()).isEqualTo(Map.of("page_view", 3L, "search", 1L));
                assertThat(r.reasons()).isEqualTo(Map.of("schema_mismatch", 2L, "duplicate_event_id", 1L));
                assertThat(r.reconciliationProblem()).isEmpty();
            });
            assertThat(run.table("page_view").selectExpr("event_id")
                    .collectAsList().stream().map(r -> r.getString(0)).toList())
                    .containsExactlyInAnyOrder(TestEvents.eventId("page_view", 1), TestEvents.eventId("page_view", 2),
                            TestEvents.eventId("page_view", 4));
            assertThat(run.table("search").selectExpr("event_id").collectAsList())
                    .extracting(r -> r.getString(0)).containsExactly(TestEvents.eventId("page_view", 1));
            List<Row> quarantined = run.quarantine().orderBy("_kafka_offset")
                    .selectExpr("_kafka_offset", "reason", "reason_detail").collectAsList();
            assertThat(quarantined).extracting(r -> r.getLong(0) + " " + r.getString(1)).containsExactly(
                    "2 schema_mismatch", "3 schema_mismatch", "6 duplicate_event_id");
            assertThat(quarantined.get(0).getString(2)).contains("session_event_index");
            assertThat(quarantined.get(2).getString(2)).isEqualTo("first seen at " + run.topic + "/0@5");
        }
    }

    /**
     * Timestamps before 1900 and dates before 1582 (a client's zero value 0001-01-01) are valid values of their schema:
     * written as they came. With Spark 3's default rebase mode the Parquet write threw, and one such event failed its
     * batch, and every replay of it, so the sink could not get past it.
     */
    @Test
    void eventsWithAncientTimestampsAreWrittenAsTheyCameNotAFailedBatch() {
        try (SinkRun run = new SinkRun("ancient_times", 1).registerCatalogue()) {
            run.send(List.of(
                    TestEvents.record(run.topic, TestEvents.event("page_view", 1)),
                    TestEvents.record(run.topic, TestEvents.with(TestEvents.event("page_view", 2), "event_time",
                            TestEvents.text("0001-01-01T00:00:00Z"))),
                    TestEvents.record(run.topic, TestEvents.with(TestEvents.event("page_view", 3), "sent_at",
                            TestEvents.text("1899-12-31T23:59:59.500Z")))));

            assertThat(run.runToEnd()).singleElement().satisfies(r -> {
                assertThat(r.written()).isEqualTo(Map.of("page_view", 3L));
                assertThat(r.quarantined()).isZero();
            });
            // As text: java.sql types would shift ancient values through the old Julian calendar.
            Map<String, String> times = run.table("page_view")
                    .selectExpr("event_id", "CONCAT_WS(' ', CAST(event_time AS STRING), CAST(event_date AS STRING),"
                            + " CAST(sent_at AS STRING))")
                    .collectAsList().stream().collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
            assertThat(times.get(TestEvents.eventId("page_view", 2))).startsWith("0001-01-01 00:00:00 0001-01-01 ");
            assertThat(times.get(TestEvents.eventId("page_view", 3))).endsWith(" 1899-12-31 23:59:59.5");
        }
    }

    /**
     * A timestamp that is no date (30 February, month 13) in the form {@code yyyy-MM-dd HH:mm:ss}, which Spark 2's lenient
     * parser would have rolled over, is a schema mismatch like any other. Under Spark 3's default parser policy from_json
     * threw instead of calling the record corrupt: the batch failed on every restart and the sink was stuck.
     */
    @Test
    void aTimestampThatIsNoDateIsASchemaMismatchNotAFailedBatch() {
        try (SinkRun run = new SinkRun("impossible_times", 1).registerCatalogue()) {
            run.send(List.of(
                    TestEvents.record(run.topic, TestEvents.event("page_view", 1)),
                    TestEvents.record(run.topic, TestEvents.with(TestEvents.event("page_view", 2), "event_time",
                            TestEvents.text("2026-02-30 10:00:00"))),
                    TestEvents.record(run.topic, TestEvents.with(TestEvents.event("page_view", 3), "sent_at",
                            TestEvents.text("2026-13-01 00:00:00")))));

            assertThat(run.runToEnd()).singleElement().satisfies(r -> {
                assertThat(r.written()).isEqualTo(Map.of("page_view", 1L));
                assertThat(r.reasons()).isEqualTo(Map.of("schema_mismatch", 2L));
            });
            assertThat(run.quarantine().orderBy("_kafka_offset").selectExpr("reason_detail").collectAsList())
                    .extracting(r -> r.getString(0))
                    .containsExactly("does not fit page_view v1: event_time (expected timestamp)",
                            "does not fit page_view v1: sent_at (expected timestamp)");
        }
    }

    /**
     * A Kafka key that is not UTF-8 is stored as UTF-8 text with U+FFFD for its bad bytes, in a type table and in the
     * quarantine: a Parquet string column holding other bytes is refused by readers that check UTF-8 (DuckDB, Polars).
     */
    @Test
    void aKeyThatIsNotUtf8IsStoredAsUtf8Text() {
        try (SinkRun run = new SinkRun("binary_key", 1).registerCatalogue()) {
            byte[] key = {(byte) 0xFF, 'k', (byte) 0xC3};
            run.send(List.of(
                    new ProducerRecord<>(run.topic, key, TestEvents.event("search", 1).toString().getBytes(StandardCharsets.UTF_8)),
                    new ProducerRecord<>(run.topic, key, "not json".getBytes(StandardCharsets.UTF_8))));

            assertThat(run.runToEnd()).singleElement().satisfies(r -> assertThat(r.quarantined()).isEqualTo(1));
            String replaced = "EFBFBD6BEFBFBD"; // U+FFFD 'k' U+FFFD
            assertThat(run.table("search").selectExpr("hex(CAST(_kafka_key AS BINARY))").first().getString(0)).isEqualTo(replaced);
            assertThat(run.quarantine().selectExpr("hex(CAST(_kafka_key AS BINARY))").first().getString(0)).isEqualTo(replaced);
        }
    }

    /**
     * event_date is the UTC date of event_time, and from_json reads a timestamp without an offset in the session time
     * zone: a query started on a session in another zone (an embedding application's) would have partitioned by local
     * dates. The job's own session is UTC; start() refuses another one instead of writing other dates.
     */
    @Test
    void aSessionOutsideUtcIsRefusedRatherThanPartitionedByLocalDates() {
        try (SinkRun run = new SinkRun("session_zone", 1).registerCatalogue()) {
            run.spark().conf().set("spark.sql.session.timeZone", "Europe/Berlin");
            try {
                assertThatThrownBy(run::start).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("spark.sql.session.timeZone=UTC")
                        .hasMessageContaining("Europe/Berlin");
                run.spark().conf().set("spark.sql.session.timeZone", "Etc/UTC"); // another name of UTC is fine
                run.send(List.of(TestEvents.record(run.topic, TestEvents.with(TestEvents.event("search", 1), "event_time",
                        TestEvents.text("2026-11-26T23:30:00Z")))));
                assertThat(run.runToEnd()).singleElement().satisfies(r -> assertThat(r.writtenTotal()).isEqualTo(1));
                assertThat(run.table("search").selectExpr("CAST(event_date AS STRING)").first().getString(0))
                        .isEqualTo("2026-11-26");
            } finally {
                run.spark().conf().set("spark.sql.session.timeZone", "UTC");
            }
        }
    }

    /** The connector's dirty mode: same event, same event_id, a value of the wrong type. */
    private static ObjectNode notANumber(ObjectNode event) {
        return TestEvents.with(event, "session_event_index", TestEvents.text("not-a-number"));
    }

    /** A search event whose query holds a byte sequence that is not UTF-8 ({@code C3 28}), JSON otherwise. */
    private static byte[] brokenUtf8InAString() {
        String[] around = TestEvents.with(TestEvents.event("search", 103), "query", TestEvents.text("BROKEN")).toString()
                .split("BROKEN");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(around[0].getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {(byte) 0xC3, 0x28});
        bytes.writeBytes(around[1].getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }
}

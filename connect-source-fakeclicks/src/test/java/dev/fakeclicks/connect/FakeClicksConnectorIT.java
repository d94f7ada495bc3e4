package dev.fakeclicks.connect;

import static dev.fakeclicks.connect.ConnectClusterSupport.JSON;
import static dev.fakeclicks.connect.ConnectClusterSupport.header;
import static dev.fakeclicks.connect.ConnectClusterSupport.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fakeclicks.connect.record.RawPassthroughJsonConverter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The connector in a real Connect worker with a real broker (one cluster for the class), driven over REST. */
class FakeClicksConnectorIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static EmbeddedConnectCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectClusterSupport.start("fakeclicks-it", Map.of());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    void shippedDemoConfigEmitsExactlyTenOfEveryTypeThenIdlesRunning() throws Exception {
        cluster.kafka().createTopic("demo_events", 3);
        ObjectNode config = ConnectClusterSupport.shippedConfig("fakeclicks.json", Map.of("topic", "demo_events"));
        HttpResponse<String> created = ConnectClusterSupport.post(cluster, "connectors", JSON.writeValueAsString(config));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        cluster.assertions().assertConnectorAndExactlyNumTasksAreRunning("fakeclicks", 1, "demo connector did not start");

        List<ConsumerRecord<byte[], byte[]>> records = read(cluster, "demo_events", 150, TIMEOUT, false);
        assertThat(records).hasSize(150);
        Map<String, Integer> perType = new TreeMap<>();
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode event = StreamExpectations.json(r);
            String type = event.get("event_type").asText();
            perType.merge(type, 1, Integer::sum);
            ids.add(event.get("event_id").asText());
            assertThat(header(r, "event_type")).isEqualTo(type);
            assertThat(header(r, "schema_version")).isEqualTo("1");
            assertThat(new String(r.key())).isEqualTo(event.get("session_id").asText());
            assertThat(r.timestamp()).isEqualTo(Instant.parse(event.get("event_time").asText()).toEpochMilli());
            assertThat(event.get("event_time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(event.has("schema")).as("plain JSON, no Connect envelope").isFalse();
        }
        assertThat(perType).hasSize(15).allSatisfy((type, n) -> assertThat(n).as(type).isEqualTo(10));
        assertThat(ids).hasSize(150);

        // Done: nothing more is produced, and the task stays RUNNING.
        Thread.sleep(3_000);
        assertThat(read(cluster, "demo_events", 151, Duration.ofSeconds(3), false)).hasSize(150);
        JsonNode status = ConnectClusterSupport.get(cluster, "connectors/fakeclicks/status");
        assertThat(status.get("connector").get("state").asText()).isEqualTo("RUNNING");
        assertThat(status.get("tasks").get(0).get("state").asText()).isEqualTo("RUNNING");
        cluster.deleteConnector("fakeclicks");
    }

    /**
     * Three tasks without a rate limit (the generator-thread path), restarted mid-run: {@link TaskHook} sleeps 2 ms
     * per record so the 4,500 records take a few seconds. Then a changed tasks.max is refused, not run as new streams.
     */
    @Test
    void threeUnthrottledTasksRestartedMidRunEmitExactlyTheirStreams() throws Exception {
        String name = "fakeclicks-3-tasks";
        String topic = "three_task_events";
        cluster.kafka().createTopic(topic, 3);
        ObjectNode root = ConnectClusterSupport.shippedConfig("fakeclicks.json", Map.of("topic", topic, "tasks.max", "3",
                "events.per.type", "300", "poll.max.records", "200", "transforms", "slow",
                "transforms.slow.type", TaskHook.class.getName(), "transforms.slow." + TaskHook.SLEEP_MS, "2"));
        @SuppressWarnings("unchecked")
        Map<String, String> config = new HashMap<>(JSON.convertValue(root.get("config"), Map.class));
        Map<String, Integer> taskOf = new HashMap<>();
        List<List<String>> expected = new java.util.ArrayList<>();
        for (int task = 0; task < 3; task++) {
            List<String> stream = StreamExpectations.expected(config, task, 3);
            expected.add(stream);
            for (String fingerprint : stream) {
                assertThat(taskOf.put(fingerprint, task)).as("one event, one task: " + fingerprint).isNull();
            }
        }
        assertThat(taskOf).hasSize(4_500);

        cluster.configureConnector(name, config);
        cluster.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 3, "3 tasks did not start");
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> endOffsets(topic) >= 600);
        long atRestart = endOffsets(topic);
        cluster.restartConnectorAndTasks(name, false, true, false);
        assertThat(atRestart).as("the restart came mid-run").isLessThan(3_000);
        read(cluster, topic, 4_500, TIMEOUT, false);
        Thread.sleep(2_000);
        List<ConsumerRecord<byte[], byte[]>> records = read(cluster, topic, 4_501, Duration.ofSeconds(3), false);

        Map<String, Integer> perType = new TreeMap<>();
        Map<String, Integer> sessionTask = new HashMap<>();
        Map<Integer, Map<Integer, List<String>>> byPartitionAndTask = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String fingerprint = StreamExpectations.fingerprint(r);
            Integer task = taskOf.get(fingerprint);
            assertThat(task).as("an event of one of the three streams: " + fingerprint).isNotNull();
            perType.merge(StreamExpectations.json(r).get("event_type").asText(), 1, Integer::sum);
            Integer other = sessionTask.put(new String(r.key()), task);
            assertThat(other == null || other.equals(task)).as("session " + new String(r.key()) + " spans tasks").isTrue();
            byPartitionAndTask.computeIfAbsent(r.partition(), p -> new TreeMap<>())
                    .computeIfAbsent(task, t -> new java.util.ArrayList<>()).add(fingerprint);
        }
        assertThat(records).hasSize(4_500);
        assertThat(perType).hasSize(15).allSatisfy((type, n) -> assertThat(n).as(type).isEqualTo(300));
        // Each task's records keep its stream's order within every partition they went to (keyed by session).
        byPartitionAndTask.forEach((partition, tasks) -> tasks.forEach((task, actual) -> {
            Set<String> here = new HashSet<>(actual);
            assertThat(actual).as("task " + task + " in partition " + partition)
                    .isEqualTo(expected.get(task).stream().filter(here::contains).toList());
        }));

        // Another task count would shard the visitors anew and start new streams: the connector refuses.
        config.put("tasks.max", "2");
        cluster.configureConnector(name, config);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() ->
                ConnectClusterSupport.get(cluster, "connectors/" + name + "/status").get("connector").get("state").asText().equals("FAILED"));
        assertThat(ConnectClusterSupport.get(cluster, "connectors/" + name + "/status").get("connector").get("trace").asText())
                .contains("a run with 3 task(s)").contains("Set tasks.max back to 3");
        assertThat(read(cluster, topic, 4_501, Duration.ofSeconds(2), false)).hasSize(4_500);
        cluster.deleteConnector(name);
    }

    private static long endOffsets(String topic) throws Exception {
        long sum = 0;
        for (int p = 0; p < 3; p++) {
            sum += cluster.kafka().endOffset(new org.apache.kafka.common.TopicPartition(topic, p));
        }
        return sum;
    }

    @Test
    void restartsResumeTheExactSequenceAndPatchedOffsetsRewind() throws Exception {
        String name = "fakeclicks-resume";
        String topic = "resume_events";
        Map<String, String> config = ConnectClusterSupport.oneTaskConfig(topic, RawPassthroughJsonConverter.class.getName(),
                Map.of("users", "3000", "events.per.type", "150", "events.per.second", "700", "random.seed", "99",
                        "duplicates.ratio", "0.02", "bad.records.ratio", "0.02"));
        List<String> expected = StreamExpectations.expected(config, 0, 1);
        assertThat(expected.size()).isGreaterThan(2_250);

        ConnectClusterSupport.deployOneTask(cluster, name, config);
        awaitAtLeast(topic, 700);
        cluster.restartConnectorAndTasks(name, false, true, false);
        awaitAtLeast(topic, 1_500);
        cluster.restartTask(name, 0);
        List<ConsumerRecord<byte[], byte[]>> records = read(cluster, topic, expected.size(), TIMEOUT, false);
        Thread.sleep(2_000);
        records = read(cluster, topic, expected.size() + 1, Duration.ofSeconds(3), false);
        assertThat(records.stream().map(StreamExpectations::fingerprint).toList())
                .as("the topic after two restarts holds exactly the uninterrupted stream")
                .isEqualTo(expected);

        // Rewind through the REST API: stop, PATCH the offset to a bare position, resume.
        cluster.stopConnector(name);
        cluster.assertions().assertConnectorIsStopped(name, "connector did not stop");
        var offsets = cluster.connectorOffsets(name).offsets();
        assertThat(offsets).as("stored offsets").hasSize(1);
        assertThat(offsets.get(0).partition()).isEqualTo(Map.of("task", 0, "tasks", 1));
        assertThat(((Number) offsets.get(0).offset().get("position")).longValue()).as(offsets.get(0).offset().toString())
                .isEqualTo(expected.size());
        int rewindTo = 2_000;
        cluster.alterSourceConnectorOffset(name, Map.of("task", 0, "tasks", 1), Map.of("position", rewindTo));
        cluster.resumeConnector(name);
        int total = expected.size() + expected.size() - rewindTo;
        records = read(cluster, topic, total, TIMEOUT, false);
        assertThat(records).hasSize(total);
        assertThat(records.subList(expected.size(), total).stream().map(StreamExpectations::fingerprint).toList())
                .isEqualTo(expected.subList(rewindTo, expected.size()));

        // Reconfigured with another visits.per.user.per.day, the stored position would land in another stream under the
        // same event ids: the restarted task refuses it, naming the option, and writes nothing.
        Map<String, String> reshaped = new HashMap<>(config);
        reshaped.put("visits.per.user.per.day", "0.25");
        cluster.configureConnector(name, reshaped);
        cluster.assertions().assertConnectorIsRunningAndTasksHaveFailed(name, 1, "the task resumed another stream");
        assertThat(ConnectClusterSupport.get(cluster, "connectors/" + name + "/status").get("tasks").get(0).get("trace").asText())
                .contains("visits.per.user.per.day=0.5 (now 0.25)");
        assertThat(read(cluster, topic, total + 1, Duration.ofSeconds(3), false)).hasSize(total);
        cluster.deleteConnector(name);
    }

    @Test
    void aRestartedConnectorWithoutASeedKeepsTheSeedStoredInItsOffsets() throws Exception {
        String name = "fakeclicks-random-seed";
        String topic = "random_seed_events";
        Map<String, String> config = ConnectClusterSupport.oneTaskConfig(topic, JsonConverter.class.getName(),
                Map.of("users", "3000", "events.per.type", "100", "events.per.second", "500"));
        ConnectClusterSupport.deployOneTask(cluster, name, config);
        long storedSeed = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            var offsets = cluster.connectorOffsets(name).offsets();
            return offsets.isEmpty() ? null : StreamOffsets.seed(offsets.get(0).offset());
        }, java.util.Objects::nonNull);
        assertThat(taskSeed(name)).isEqualTo(storedSeed);

        // A restarted connector has no seed of its own: it must find the stream's seed in the offsets, not draw a
        // new one (which would change every task config, and so reconfigure and restart every task).
        cluster.restartConnectorAndTasks(name, false, true, false);
        cluster.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "connector did not restart");
        Map<String, String> sameSeed = new HashMap<>(config);
        sameSeed.put("random.seed", String.valueOf(storedSeed));
        List<String> expected = StreamExpectations.expected(sameSeed, 0, 1);
        read(cluster, topic, expected.size(), TIMEOUT, false);
        Thread.sleep(2_000);
        List<ConsumerRecord<byte[], byte[]>> records = read(cluster, topic, expected.size() + 1, Duration.ofSeconds(3), false);
        assertThat(records.stream().map(StreamExpectations::fingerprint).toList())
                .as("the topic holds exactly the stream of the stored seed").isEqualTo(expected);
        assertThat(taskSeed(name)).as("the task config after the restart").isEqualTo(storedSeed);

        // A rewind must name the stream's seed: a bare position would count into the stream of a new random seed.
        cluster.stopConnector(name);
        cluster.assertions().assertConnectorIsStopped(name, "connector did not stop");
        HttpResponse<String> bare = ConnectClusterSupport.patch(cluster, "connectors/" + name + "/offsets",
                "{\"offsets\":[{\"partition\":{\"task\":0,\"tasks\":1},\"offset\":{\"position\":10}}]}");
        assertThat(bare.statusCode()).as("Connect answers a connector's refusal with 500: " + bare.body()).isEqualTo(500);
        assertThat(bare.body()).contains("random.seed is not set").contains("\\\"seed\\\": S");
        HttpResponse<String> withSeed = ConnectClusterSupport.patch(cluster, "connectors/" + name + "/offsets",
                "{\"offsets\":[{\"partition\":{\"task\":0,\"tasks\":1},\"offset\":{\"position\":10,\"seed\":" + storedSeed + "}}]}");
        assertThat(withSeed.statusCode()).as(withSeed.body()).isEqualTo(200);
        cluster.deleteConnector(name);
    }

    @Test
    void aBackfillThatReachesThePresentContinuesInRealTimeInsteadOfRunningAhead() throws Exception {
        // Unpaced, the simulated clock would run days ahead within seconds; the broker refuses record timestamps
        // more than an hour ahead (log.message.timestamp.after.max.ms), which failed the task.
        String name = "fakeclicks-backfill";
        String topic = "backfill_events";
        Instant start = Instant.now().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        ConnectClusterSupport.deployOneTask(cluster, name, ConnectClusterSupport.oneTaskConfig(topic, JsonConverter.class.getName(),
                Map.of("random.seed", "1", "users", "2000", "visits.per.user.per.day", "4", "start.time", start.toString())));
        var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(
                () -> lastTimestamp(partition) > System.currentTimeMillis() - 120_000); // a day of events: some 50,000
        Thread.sleep(3_000); // now running in real time

        long end = cluster.kafka().endOffset(partition);
        List<ConsumerRecord<byte[], byte[]>> records = read(cluster, topic, (int) end, TIMEOUT, false);
        long readAt = System.currentTimeMillis();
        assertThat(records).hasSizeGreaterThanOrEqualTo((int) end);
        JsonNode status = ConnectClusterSupport.get(cluster, "connectors/" + name + "/status");
        assertThat(status.get("tasks").get(0).get("state").asText()).as(status.toString()).isEqualTo("RUNNING");
        long first = records.stream().mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
        long last = records.stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
        assertThat(first).as("starts at start.time").isBetween(start.toEpochMilli(), start.toEpochMilli() + 3_600_000);
        assertThat(last).as("never ahead of the wall clock").isLessThanOrEqualTo(readAt);
        cluster.deleteConnector(name);
    }

    /** The timestamp of a partition's last record, or -1 when it is empty. */
    private static long lastTimestamp(org.apache.kafka.common.TopicPartition partition) throws Exception {
        long end = cluster.kafka().endOffset(partition);
        if (end == 0) {
            return -1;
        }
        try (var consumer = cluster.kafka().createConsumer(Map.of(
                org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG, "it-last-" + System.nanoTime()))) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, end - 1);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    return r.timestamp();
                }
            }
        }
        return -1;
    }

    private static long taskSeed(String connector) {
        var tasks = cluster.taskConfigs(connector);
        assertThat(tasks).hasSize(1);
        return Long.parseLong(tasks.get(0).config().get(FakeClicksConfig.TASK_SEED));
    }

    /**
     * The shipped dirty config as it is (only the topic changed): bad records of every kind written verbatim, duplicates
     * and events that are minutes late on its simulated clock, beside exactly 10 good events of every type.
     */
    @Test
    void dirtyConfigInjectsEveryBadRecordKindVerbatimDuplicatesAndLateEventsBesideExactCounts() throws Exception {
        // Its start.time lies in the past, and record timestamps are event_time: keep them past the default 7 days.
        cluster.kafka().createTopic("dirty_events", 1, 1, Map.of("retention.ms", "-1"));
        ObjectNode config = ConnectClusterSupport.shippedConfig("fakeclicks-dirty.json", Map.of("topic", "dirty_events"));
        HttpResponse<String> created = ConnectClusterSupport.post(cluster, "connectors", JSON.writeValueAsString(config));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Map<String, String> props = JSON.convertValue(config.get("config"), Map.class);
        List<String> expected = StreamExpectations.expected(props, 0, 1);
        List<ConsumerRecord<byte[], byte[]>> records = read(cluster, "dirty_events", expected.size(), TIMEOUT, false);
        assertThat(records.stream().map(StreamExpectations::fingerprint).toList()).isEqualTo(expected);
        Map<String, Integer> goodPerType = new TreeMap<>();
        Set<String> kinds = new HashSet<>();
        Set<String> goodIds = new HashSet<>();
        int duplicates = 0;
        int lateByMinutes = 0;
        long latestEventTime = Long.MIN_VALUE;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String kind = header(r, "fakeclicks_bad_kind");
            if (kind != null) {
                kinds.add(kind);
                if (kind.equals("malformed_json")) {
                    String text = ConnectClusterSupport.value(r);
                    assertThat(text).startsWith("{\"");
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> JSON.readTree(r.value())).isInstanceOf(Exception.class);
                } else {
                    assertThat(JSON.readTree(r.value()).isObject()).as("written verbatim, not as a base64 string").isTrue();
                }
                continue;
            }
            JsonNode event = StreamExpectations.json(r);
            String id = event.get("event_id").asText();
            if (header(r, "fakeclicks_duplicate") != null) {
                duplicates++;
                assertThat(goodIds).as("a duplicate repeats an event already delivered").contains(id);
                continue;
            }
            goodPerType.merge(event.get("event_type").asText(), 1, Integer::sum);
            goodIds.add(id);
            long eventTime = Instant.parse(event.get("event_time").asText()).toEpochMilli();
            long sentAt = Instant.parse(event.get("sent_at").asText()).toEpochMilli();
            if (header(r, "fakeclicks_late") != null && sentAt - eventTime >= ShippedDirtyConfigTest.REAL_LATENESS_MILLIS
                    && eventTime < latestEventTime - ShippedDirtyConfigTest.REAL_LATENESS_MILLIS) {
                lateByMinutes++; // sent minutes after it happened, after events that happened minutes later
            }
            latestEventTime = Math.max(latestEventTime, eventTime);
        }
        assertThat(goodPerType).hasSize(15).allSatisfy((type, n) -> assertThat(n).isEqualTo(10));
        assertThat(kinds).as("every kind of bad record").containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(dev.fakeclicks.connect.generator.BadRecordKind.values())
                        .map(dev.fakeclicks.connect.generator.BadRecordKind::configName).toList());
        assertThat(duplicates).as("duplicates").isPositive();
        assertThat(lateByMinutes).as("events a minute or more late").isPositive();
        cluster.deleteConnector("fakeclicks-dirty");
    }

    @Test
    void invalidConfigIsRejectedThroughRestWithTheOptionNamed() throws Exception {
        String plugin = "connector-plugins/FakeClicksSourceConnector/config/validate";
        Map<String, String> bad = Map.of("connector.class", FakeClicksSourceConnector.class.getName(), "name", "bad",
                "events.per.type", "-5", "event.types", "page_view,Page View", "start.time", "tomorrow");
        JsonNode result = JSON.readTree(ConnectClusterSupport.put(cluster, plugin, JSON.writeValueAsString(bad)).body());
        assertThat(result.get("error_count").asInt()).isEqualTo(3);
        assertThat(errors(result, "events.per.type")).contains("events.per.type").contains("at least 0");
        assertThat(errors(result, "event.types")).contains("invalid event type name").contains("Page View");
        assertThat(errors(result, "start.time")).contains("ISO-8601");

        Map<String, String> cross = Map.of("connector.class", FakeClicksSourceConnector.class.getName(), "name", "bad",
                "time.acceleration", "60");
        result = JSON.readTree(ConnectClusterSupport.put(cluster, plugin, JSON.writeValueAsString(cross)).body());
        assertThat(result.get("error_count").asInt()).isEqualTo(1);
        assertThat(errors(result, "time.acceleration")).contains("time.acceleration needs start.time");

        HttpResponse<String> rejected = ConnectClusterSupport.post(cluster, "connectors",
                JSON.writeValueAsString(Map.of("name", "bad", "config", bad)));
        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(rejected.body()).contains("events.per.type").doesNotContain("NullPointerException");
        cluster.assertions().assertConnectorDoesNotExist("bad", "an invalid connector was created");
    }

    private static String errors(JsonNode validation, String option) {
        for (JsonNode config : validation.get("configs")) {
            if (config.get("value").get("name").asText().equals(option)) {
                return config.get("value").get("errors").toString();
            }
        }
        throw new AssertionError(option + " not in the validation result");
    }

    private static void awaitAtLeast(String topic, int n) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            var tp = new org.apache.kafka.common.TopicPartition(topic, 0);
            return cluster.kafka().endOffset(tp) >= n;
        });
    }
}

package dev.fakeclicks.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakeclicks.connect.generator.ClickStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class FakeClicksConfigTest {

    private static Map<String, String> props(String... kv) {
        Map<String, String> p = new HashMap<>();
        p.put("connector.class", FakeClicksSourceConnector.class.getName());
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void defaultsAreUsable() {
        FakeClicksConfig config = new FakeClicksConfig(props());
        assertThat(config.topic()).isEqualTo("raw_events");
        assertThat(config.eventsPerType()).isZero();
        assertThat(config.enabledTypes()).hasSize(15);
        assertThat(config.seed()).isNull();
        assertThat(config.startTime()).isNull();
        assertThat(config.crossProblems()).isEmpty();
        assertThat(config.generatorSettings(1).funnel()).isEqualTo(dev.fakeclicks.connect.generator.FunnelSettings.DEFAULTS);
    }

    @Test
    void singleOptionErrorsNameTheOption() {
        assertError("events.per.type", "-1", "events.per.type");
        assertError("event.types", "page_view,wishlist_add", "wishlist_add is not in the catalogue");
        assertError("event.types", "../x", "invalid event type name");
        assertError("start.time", "yesterday", "ISO-8601");
        // Brokers refuse record timestamps (= event_time) far ahead of their clock, and Kafka refuses negative ones.
        assertError("start.time", java.time.Instant.now().plus(java.time.Duration.ofDays(1)).toString(), "must not be in the future");
        assertError("start.time", "+10000-01-01T00:00:00Z", "must not be in the future");
        assertError("start.time", "1969-12-31T23:59:59Z", "must not be before 1970");
        assertError("users", "0", "users");
        assertError("late.events.ratio", "1.5", "late.events.ratio");
        assertError("bad.records.kinds", "malformed_json,gibberish", "unknown kind gibberish");
        assertError("topic", "raw events", "topic");
        assertError("topic", "..", "not \".\" or \"..\"");
        assertError("random.seed", "abc", "random.seed");
    }

    @Test
    void startTimeInThePastOrNowIsABackfill() {
        String dayAgo = java.time.Instant.now().minus(java.time.Duration.ofDays(1)).toString();
        assertThat(new FakeClicksConfig(props("start.time", dayAgo)).startTime())
                .isEqualTo(java.time.Instant.parse(dayAgo).toEpochMilli());
        assertThat(new FakeClicksConfig(props("start.time", "1970-01-01T00:00:00Z")).startTime()).isZero();
        assertThat(new FakeClicksConfig(props("start.time", java.time.Instant.now().toString())).startTime()).isNotNull();
    }

    @Test
    void everyDoubleOptionRejectsNaNAndInfinity() {
        // Kafka's Range compares with < and >, which are false for NaN: NaN passed as "no limit" or "probability 0".
        List<String> doubles = FakeClicksConfig.CONFIG_DEF.configKeys().values().stream()
                .filter(k -> !k.internalConfig && k.type == ConfigDef.Type.DOUBLE).map(k -> k.name).toList();
        assertThat(doubles).contains("events.per.second", "time.acceleration", "late.events.ratio", "funnel.bounce.rate");
        for (String option : doubles) {
            for (String value : List.of("NaN", "Infinity")) {
                List<ConfigValue> values = new FakeClicksSourceConnector().validate(props(option, value)).configValues();
                ConfigValue v = values.stream().filter(c -> c.name().equals(option)).findFirst().orElseThrow();
                assertThat(v.errorMessages()).as("%s=%s", option, value).isNotEmpty();
                assertThat(String.join(" ", v.errorMessages())).as("%s=%s", option, value).contains(option);
                assertThatThrownBy(() -> new FakeClicksConfig(props(option, value))).as("%s=%s", option, value)
                        .isInstanceOf(ConfigException.class).hasMessageContaining(option);
            }
        }
    }

    private static void assertError(String option, String value, String expected) {
        assertThatThrownBy(() -> new FakeClicksConfig(props(option, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(option.equals("event.types") || option.equals("bad.records.kinds") || option.equals("start.time")
                        ? expected : option);
        List<ConfigValue> values = new FakeClicksSourceConnector().validate(props(option, value)).configValues();
        ConfigValue v = values.stream().filter(c -> c.name().equals(option)).findFirst().orElseThrow();
        assertThat(v.errorMessages()).as(option).isNotEmpty();
        assertThat(String.join(" ", v.errorMessages())).contains(expected);
    }

    @Test
    void crossOptionProblemsAreReportedOnTheOptionTheyName() {
        Config result = new FakeClicksSourceConnector().validate(props("time.acceleration", "60"));
        assertThat(errors(result, "time.acceleration")).anyMatch(m -> m.contains("needs start.time"));
        result = new FakeClicksSourceConnector().validate(props("funnel.checkout.rate", "0.9", "funnel.cart.removal.rate", "0.2"));
        assertThat(errors(result, "funnel.cart.removal.rate")).anyMatch(m -> m.contains("at most 1"));
        // Bad records are raw bytes: only RawPassthroughJsonConverter writes them verbatim (JsonConverter: base64 strings).
        String raw = "dev.fakeclicks.connect.record.RawPassthroughJsonConverter";
        result = new FakeClicksSourceConnector().validate(props("bad.records.ratio", "0.05"));
        assertThat(errors(result, "bad.records.ratio")).as("unset: the worker's converter applies, maybe the right one").isEmpty();
        result = new FakeClicksSourceConnector().validate(props("bad.records.ratio", "0.05",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter"));
        assertThat(errors(result, "bad.records.ratio")).anyMatch(m -> m.contains("value.converter=" + raw)
                && m.contains("it is org.apache.kafka.connect.json.JsonConverter"));
        assertThat(errors(new FakeClicksSourceConnector().validate(props("bad.records.ratio", "0.05", "value.converter", raw)),
                "bad.records.ratio")).isEmpty();
        assertThat(errors(new FakeClicksSourceConnector().validate(props("value.converter", "org.apache.kafka.connect.json.JsonConverter")),
                "bad.records.ratio")).as("no bad records, any converter").isEmpty();
        assertThatThrownBy(() -> new FakeClicksSourceConnector().start(props("time.acceleration", "2")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("time.acceleration needs start.time");
    }

    /** A zero rate that rules out an enabled type would leave a bounded run searching for it until the task fails. */
    @Test
    void aBoundedRunRefusesAZeroRateThatRulesOutAnEnabledTypeNamingThem() {
        Config result = new FakeClicksSourceConnector().validate(props("events.per.type", "10", "funnel.checkout.rate", "0"));
        assertThat(errors(result, "funnel.checkout.rate")).singleElement().asString().isEqualTo("funnel.checkout.rate=0 rules out"
                + " checkout_start, add_shipping_info, add_payment_info, purchase, so a bounded run (events.per.type=10 of every"
                + " enabled type) could never finish: make the rate > 0 or leave those types out of event.types");
        result = new FakeClicksSourceConnector().validate(props("events.per.type", "10", "funnel.add.to.cart.rate", "0",
                "event.types", "page_view,cart_view,purchase"));
        assertThat(errors(result, "funnel.add.to.cart.rate")).singleElement().asString().contains("rules out cart_view, purchase,");
        result = new FakeClicksSourceConnector().validate(props("events.per.type", "10", "funnel.cart.removal.rate", "0"));
        assertThat(errors(result, "funnel.cart.removal.rate")).singleElement().asString().contains("rules out remove_from_cart,");
        result = new FakeClicksSourceConnector().validate(props("events.per.type", "10", "funnel.checkout.step.rate", "0"));
        assertThat(errors(result, "funnel.checkout.step.rate")).singleElement().asString()
                .contains("rules out add_shipping_info, add_payment_info, purchase,");

        // Without the ruled-out types, or unbounded (they just never appear), the rate is fine.
        assertThat(errors(new FakeClicksSourceConnector().validate(props("events.per.type", "10", "funnel.checkout.rate", "0",
                "event.types", "page_view,search,cart_view")), "funnel.checkout.rate")).isEmpty();
        assertThat(errors(new FakeClicksSourceConnector().validate(props("events.per.type", "0", "funnel.checkout.rate", "0")),
                "funnel.checkout.rate")).isEmpty();
    }

    @Test
    void oneValidationReportsSingleAndCrossOptionProblemsTogether() {
        Config result = new FakeClicksSourceConnector().validate(props("users", "0", "time.acceleration", "60"));
        assertThat(errors(result, "users")).isNotEmpty();
        assertThat(errors(result, "time.acceleration")).as("not only on a second try").anyMatch(m -> m.contains("needs start.time"));
        // A cross check that depends on an invalid option would judge its default instead: it is left out.
        result = new FakeClicksSourceConnector().validate(props("start.time", "tomorrow", "time.acceleration", "60"));
        assertThat(errors(result, "start.time")).anyMatch(m -> m.contains("ISO-8601"));
        assertThat(errors(result, "time.acceleration")).isEmpty();
    }

    /**
     * Pool slots host ever new visitors (churn), so every shard signs up and logs in again and again: a bounded run asks
     * nothing of the pool's size (ClickStreamTest and VisitorChurnTest run such streams to their end).
     */
    @Test
    void aBoundedRunNeedsNoMoreVisitorsThanTasks() {
        for (String seed : List.of("1", "2", "3", "")) {
            List<String> props = new ArrayList<>(List.of("users", "3", "tasks.max", "3", "event.types", "login,sign_up",
                    "events.per.type", "5000"));
            if (!seed.isEmpty()) {
                props.addAll(List.of("random.seed", seed));
            }
            Config result = new FakeClicksSourceConnector().validate(props(props.toArray(new String[0])));
            assertThat(result.configValues()).as("seed " + seed).allMatch(v -> v.errorMessages().isEmpty());
        }
        assertThat(errors(new FakeClicksSourceConnector().validate(props("events.per.type", "5000", "users", "1")),
                "events.per.type")).isEmpty();
    }

    /** A subclass, as a user might write one: Connect loads it by its class name. */
    public static class MyRawConverter extends dev.fakeclicks.connect.record.RawPassthroughJsonConverter {
    }

    /**
     * Connect loads a converter by its class name or by the aliases it gives every converter plugin (the simple name,
     * and the simple name without "Converter"); all name RawPassthroughJsonConverter, as does a subclass's class name.
     */
    @Test
    void badRecordsTakeRawPassthroughJsonConverterUnderEveryNameConnectLoadsItBy() {
        for (String name : List.of("dev.fakeclicks.connect.record.RawPassthroughJsonConverter", "RawPassthroughJsonConverter",
                "RawPassthroughJson", " RawPassthroughJson ", MyRawConverter.class.getName())) {
            assertThat(errors(new FakeClicksSourceConnector().validate(props("bad.records.ratio", "0.05", "value.converter", name)),
                    "bad.records.ratio")).as(name).isEmpty();
        }
        for (String name : List.of("org.apache.kafka.connect.json.JsonConverter", "JsonConverter", "Json",
                "org.apache.kafka.connect.storage.StringConverter", "RawPassthrough", "com.example.NoSuchConverter",
                FakeClicksSourceConnector.class.getName())) {
            assertThat(errors(new FakeClicksSourceConnector().validate(props("bad.records.ratio", "0.05", "value.converter", name)),
                    "bad.records.ratio")).as(name).anyMatch(m -> m.contains("it is " + name.trim()));
        }
    }

    @Test
    void shippedConfigsValidate() throws Exception {
        for (String file : List.of("fakeclicks.json", "fakeclicks-live.json", "fakeclicks-dirty.json")) {
            var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    ConnectClusterSupport.repoDir().resolve("connect-config").resolve(file).toFile());
            Map<String, String> config = new HashMap<>();
            root.get("config").fields().forEachRemaining(f -> config.put(f.getKey(), f.getValue().asText()));
            Config result = new FakeClicksSourceConnector().validate(config);
            assertThat(result.configValues()).as(file).allSatisfy(v -> assertThat(v.errorMessages()).as(file + " " + v.name()).isEmpty());
        }
    }

    private static List<String> errors(Config config, String option) {
        return config.configValues().stream().filter(c -> c.name().equals(option)).findFirst().orElseThrow().errorMessages();
    }

    @Test
    void tasksGetAShardAndTheSameSeed() {
        FakeClicksSourceConnector connector = new FakeClicksSourceConnector();
        connector.start(props("users", "3"));
        List<Map<String, String>> tasks = connector.taskConfigs(5);
        assertThat(tasks).hasSize(3);
        assertThat(tasks).extracting(t -> t.get(FakeClicksConfig.TASK_INDEX)).containsExactly("0", "1", "2");
        assertThat(tasks).extracting(t -> t.get(FakeClicksConfig.TASK_SEED)).containsOnly(tasks.get(0).get(FakeClicksConfig.TASK_SEED));
        assertThat(tasks).extracting(t -> t.get(FakeClicksConfig.TASK_SEED_EXPLICIT)).containsOnly("false");
        assertThat(new FakeClicksConfig(tasks.get(1)).taskCount()).isEqualTo(3);
    }

    @Test
    void alterOffsetsAcceptsWhatTasksWriteAndRejectsNonsense() {
        FakeClicksSourceConnector connector = new FakeClicksSourceConnector();
        Map<Map<String, ?>, Map<String, ?>> ok = new HashMap<>();
        ok.put(Map.of("task", 0, "tasks", 2), Map.of("position", 10));
        ok.put(Map.of("task", 0, "tasks", 1), null);
        ok.put(Map.of("task", 1, "tasks", 2), Map.of("position", 3L, "seed", 5L, "cursor_arrival", 1L, "cursor_user", 1,
                "cursor_visit", 0, "cursor_index", 2, "cursor_variant", 0, "type_counts", "page_view=2"));
        assertThat(connector.alterOffsets(Map.of("random.seed", "5", "tasks.max", "2"), ok)).isTrue();
        // Task 1's offset pasted under task 0's partition would resume task 0 at task 1's place, with its counts.
        assertRejected(Map.of("random.seed", "5", "tasks.max", "2"), Map.of("task", 0, "tasks", 2),
                ok.get(Map.of("task", 1, "tasks", 2)), "\"cursor_user\": 1 is a visitor slot of task 1, not of task 0");
        assertRejected(Map.of("task", 2, "tasks", 2), Map.of("position", 1), "task must be in [0, tasks)");
        assertRejected(Map.of("partition", 0), Map.of("position", 1), "a source partition is");
        // Connect finds offsets by the partition's JSON: a task reads {"task":0,...}, never {"task":0.0,...}.
        assertRejected(Map.of("task", 0.5, "tasks", 1), Map.of("position", 1), "with integers (no decimal point)");
        assertRejected(Map.of("task", 0.0, "tasks", 1), Map.of("position", 1), "with integers (no decimal point)");
        assertRejected(Map.of("task", 0, "tasks", 1), Map.of("position", -1), "non-negative");
        assertRejected(Map.of("task", 0, "tasks", 1), Map.of("position", 1, "cursor_user", 3), "or none of them");
        assertRejected(Map.of("task", 0, "tasks", 1), Map.of("position", 1, "offset", 3), "unknown key \"offset\"");
    }

    @Test
    void anOffsetOfAnotherStreamVersionIsRefusedWhereItIsSetAndWhereItIsResumed() {
        Map<String, ?> task0 = Map.of("task", 0, "tasks", 1);
        Map<String, String> seeded = Map.of("random.seed", "5");
        Map<String, Object> current = Map.of("position", 40L, "seed", 5L,
                "stream_version", (long) ClickStream.STREAM_VERSION);
        assertThat(new FakeClicksSourceConnector().alterOffsets(seeded, Map.of(task0, current))).isTrue();
        assertThat(StreamOffsets.resume(current, 0).position()).isEqualTo(40);

        Map<String, Object> older = new HashMap<>(current);
        older.put("stream_version", 0);
        assertRejected(seeded, task0, older, "it is a position in version 0 of the generator's stream");
        assertThatThrownBy(() -> StreamOffsets.resume(older, 0)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("is not usable: it is a position in version 0")
                .hasMessageContaining("generates version " + ClickStream.STREAM_VERSION)
                .hasMessageContaining("DELETE /connectors/<name>/offsets");
        older.put("stream_version", "1");
        assertRejected(seeded, task0, older, "\"stream_version\" must be a whole number, got \"1\" (a string");

        // Version 1 generated other products, ids and so events for the same seed: its positions are refused.
        Map<String, Object> version1 = new HashMap<>(current);
        version1.put("stream_version", 1L);
        assertThat(ClickStream.STREAM_VERSION).isGreaterThan(1);
        assertThatThrownBy(() -> StreamOffsets.resume(version1, 0)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("is not usable: it is a position in version 1 of the generator's stream, and this plugin")
                .hasMessageContaining("generates version " + ClickStream.STREAM_VERSION + ", where that position lands between");
    }

    @Test
    void alterOffsetsOnlyResetsPartitionsOfATaskCountTheConnectorDoesNotRun() {
        Map<String, String> threeTasks = Map.of("random.seed", "5", "tasks.max", "3");
        assertRejected(threeTasks, Map.of("task", 0, "tasks", 1), Map.of("position", 10),
                "this connector runs 3 task(s) (tasks.max=3, users=10000)");
        // users caps the task count: with 2 users, tasks.max=3 runs 2 tasks.
        assertRejected(Map.of("random.seed", "5", "tasks.max", "3", "users", "2"), Map.of("task", 0, "tasks", 3),
                Map.of("position", 10), "reads only partitions with \"tasks\": 2");
        Map<Map<String, ?>, Map<String, ?>> reset = new HashMap<>();
        reset.put(Map.of("task", 0, "tasks", 1), null);
        assertThat(new FakeClicksSourceConnector().alterOffsets(threeTasks, reset)).isTrue();
    }

    @Test
    void aConnectorWhoseOffsetsAreThoseOfAnotherTaskCountRefusesToStart() {
        Map<String, Object> offset = Map.of("position", 40L, "seed", 5L);
        FakeClicksSourceConnector connector = new FakeClicksSourceConnector();
        connector.initialize(new StoredOffsets(Map.of(StreamOffsets.partition(0, 1), offset)));
        assertThatThrownBy(() -> connector.start(props("random.seed", "5", "tasks.max", "3")))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("a run with 1 task(s)")
                .hasMessageContaining("this configuration runs 3 (tasks.max=3, users=10000)")
                .hasMessageContaining("Set tasks.max back to 1")
                .hasMessageContaining("DELETE /connectors/<name>/offsets");
        // Its own task count's offsets are what a restart resumes from.
        FakeClicksSourceConnector sameCount = new FakeClicksSourceConnector();
        sameCount.initialize(new StoredOffsets(Map.of(StreamOffsets.partition(2, 3), offset)));
        sameCount.start(props("random.seed", "5", "tasks.max", "3"));
        assertThat(sameCount.taskConfigs(3)).hasSize(3);
    }

    /** A worker's context whose offset store holds {@code stored}. */
    private record StoredOffsets(Map<Map<String, Object>, Map<String, Object>> stored)
            implements org.apache.kafka.connect.source.SourceConnectorContext {
        @Override
        public org.apache.kafka.connect.storage.OffsetStorageReader offsetStorageReader() {
            return new org.apache.kafka.connect.storage.OffsetStorageReader() {
                @Override
                public <T> Map<String, Object> offset(Map<String, T> partition) {
                    return stored.get(partition);
                }

                @Override
                public <T> Map<Map<String, T>, Map<String, Object>> offsets(java.util.Collection<Map<String, T>> partitions) {
                    Map<Map<String, T>, Map<String, Object>> found = new HashMap<>();
                    partitions.forEach(p -> found.put(p, stored.get(p)));
                    return found;
                }
            };
        }

        @Override
        public void requestTaskReconfiguration() {
        }

        @Override
        public void raiseError(Exception e) {
            throw new AssertionError(e);
        }

        @Override
        public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void alterOffsetsNeedsTheStreamsSeedWithoutRandomSeedAndRefusesAnotherSeedThanRandomSeed() {
        Map<String, ?> task0 = Map.of("task", 0, "tasks", 1);
        // Without random.seed a bare position would count into the stream of a new random seed.
        assertRejected(Map.of(), task0, Map.of("position", 1000), "give {\"position\": 1000, \"seed\": S}");
        assertRejected(Map.of(), task0, Map.of("position", 1000), "GET /connectors/<name>/offsets");
        assertThat(new FakeClicksSourceConnector().alterOffsets(Map.of(), Map.of(task0, Map.of("position", 1000, "seed", -77L))))
                .isTrue();
        // With random.seed the task runs that seed's stream: another seed would make it discard the offset.
        assertRejected(Map.of("random.seed", "42"), task0, Map.of("position", 1000, "seed", 7), "contradicts random.seed=42");
        assertThat(new FakeClicksSourceConnector().alterOffsets(Map.of("random.seed", "42"), Map.of(task0, Map.of("position", 1000))))
                .isTrue();
        assertThat(new FakeClicksSourceConnector().alterOffsets(Map.of("random.seed", "42"),
                Map.of(task0, Map.of("position", 1000, "seed", 42)))).isTrue();
        // A reset (null offset) starts a new stream either way.
        Map<Map<String, ?>, Map<String, ?>> reset = new HashMap<>();
        reset.put(task0, null);
        assertThat(new FakeClicksSourceConnector().alterOffsets(Map.of(), reset)).isTrue();
    }

    @Test
    void alterOffsetsRefusesAnOffsetOfAStreamWithOtherStreamShapingOptionsNamingThem() {
        Map<String, ?> task0 = Map.of("task", 0, "tasks", 1);
        Map<String, String> seeded = Map.of("random.seed", "5");
        String defaults = new FakeClicksConfig(seeded).streamOptions();
        assertThat(defaults).contains("visits.per.user.per.day=0.5", "funnel.exit.rate=", "products=1000");
        assertThat(new FakeClicksSourceConnector().alterOffsets(seeded,
                Map.of(task0, Map.of("position", 40, "stream_options", defaults)))).isTrue();
        // Written (as GET .../offsets shows it) by the same connector before visits.per.user.per.day changed.
        String other = new FakeClicksConfig(Map.of("visits.per.user.per.day", "0.25")).streamOptions();
        assertRejected(seeded, task0, Map.of("position", 40, "stream_options", other),
                "visits.per.user.per.day=0.25 (now 0.5)");
        assertRejected(seeded, task0, Map.of("position", 40, "stream_options", 7), "\"stream_options\" must be a string");
    }

    @Test
    void theMaximumLatenessShapesTheStreamOnlyWhenEventsAreLate() {
        String onTime = new FakeClicksConfig(Map.of("late.events.max.lateness.ms", "60000")).streamOptions();
        assertThat(onTime).isEqualTo(new FakeClicksConfig(Map.of()).streamOptions()).doesNotContain("late.events.max.lateness.ms");
        String late = new FakeClicksConfig(Map.of("late.events.ratio", "0.1", "late.events.max.lateness.ms", "60000")).streamOptions();
        assertThat(late).contains("late.events.ratio=0.1", "late.events.max.lateness.ms=60000")
                .isNotEqualTo(new FakeClicksConfig(Map.of("late.events.ratio", "0.1")).streamOptions());
    }

    @Test
    void alterOffsetsOfABoundedRunNeedsTheTypeCountsWithACursor() {
        Map<String, ?> task0 = Map.of("task", 0, "tasks", 1);
        Map<String, String> bounded = Map.of("random.seed", "5", "events.per.type", "100");
        Map<String, Object> cursorOnly = new HashMap<>(Map.of("position", 40L, "cursor_arrival", 1L, "cursor_user", 0,
                "cursor_visit", 0, "cursor_index", 2, "cursor_variant", 0));
        // Without the counts the task would count from 0 and emit its whole quota again.
        assertRejected(bounded, task0, cursorOnly, "events.per.type=100 bounds this connector's run");
        assertRejected(bounded, task0, cursorOnly, "must also give \"type_counts\"");
        Map<String, Object> withCounts = new HashMap<>(cursorOnly);
        withCounts.put("type_counts", "page_view=30,purchase=2");
        assertThat(new FakeClicksSourceConnector().alterOffsets(bounded, Map.of(task0, withCounts))).isTrue();
        // A bare position replays the stream and counts as it skips; an unbounded run has no quotas to overshoot.
        assertThat(new FakeClicksSourceConnector().alterOffsets(bounded, Map.of(task0, Map.of("position", 40)))).isTrue();
        assertThat(new FakeClicksSourceConnector().alterOffsets(Map.of("random.seed", "5"), Map.of(task0, cursorOnly))).isTrue();
    }

    @Test
    void alterOffsetsRefusesCountsThatDoNotFitALongNamingThem() {
        Map<String, ?> task0 = Map.of("task", 0, "tasks", 1);
        Map<String, Object> offset = new HashMap<>(Map.of("position", 40L, "cursor_arrival", 1L, "cursor_user", 0,
                "cursor_visit", 0, "cursor_index", 2, "cursor_variant", 0));
        offset.put("type_counts", "page_view=3,purchase=99999999999999999999");
        assertRejected(Map.of("random.seed", "5"), task0, offset, "\"purchase=99999999999999999999\"");
        offset.put("type_counts", "page_view=3,page_view=4");
        assertRejected(Map.of("random.seed", "5"), task0, offset, "gives \"page_view\" twice");
        offset.put("type_counts", "page_view=3,");
        assertRejected(Map.of("random.seed", "5"), task0, offset, "\"\" in \"page_view=3,\" is not <event type>=<count>");
        // A misspelt type would be ignored: the task would count page_view from 0 and send its whole quota again.
        offset.put("type_counts", "page_veiw=3,purchase=1");
        assertRejected(Map.of("random.seed", "5", "events.per.type", "10"), task0, offset,
                "\"page_veiw\" in \"page_veiw=3,purchase=1\" is not an event type of the catalogue; known: session_start");
        // A task reading such a stored offset fails with the same reason, not a NumberFormatException.
        offset.put("type_counts", "purchase=99999999999999999999");
        assertThatThrownBy(() -> StreamOffsets.resume(offset, 0)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("is not usable").hasMessageContaining("\"purchase=99999999999999999999\"");
    }

    @Test
    void aBoundedRunRefusesAStoredCursorWithoutCountsThatAnUnboundedRunWrote() {
        Map<String, Object> unboundedOffset = Map.of("position", 40L, "seed", 5L, "cursor_arrival", 1L, "cursor_user", 0,
                "cursor_visit", 0, "cursor_index", 2, "cursor_variant", 0);
        assertThat(StreamOffsets.resume(unboundedOffset, 0).position()).isEqualTo(40);
        assertThatThrownBy(() -> StreamOffsets.resume(unboundedOffset, 10)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("has no \"type_counts\"").hasMessageContaining("events.per.type=10")
                .hasMessageContaining("DELETE /connectors/<name>/offsets");
        Map<String, Object> boundedOffset = new HashMap<>(unboundedOffset);
        boundedOffset.put("type_counts", "page_view=3");
        assertThat(StreamOffsets.resume(boundedOffset, 10).counts()).containsEntry("page_view", 3L);
        assertThat(StreamOffsets.resume(Map.of("position", 40L), 10).position()).as("a bare position replays and counts")
                .isEqualTo(40);
    }

    @Test
    void alterOffsetsRefusesNumbersThatAreNotWholeOrDoNotFitTheirField() {
        Map<String, ?> task0 = Map.of("task", 0, "tasks", 1);
        Map<String, String> seeded = Map.of("random.seed", "5");
        // Jackson parses a PATCH body's 1000.7 as a Double and 99999999999999999999 as a BigInteger.
        assertRejected(seeded, task0, Map.of("position", 1000.7), "\"position\" must be a non-negative whole number, got 1000.7");
        assertRejected(seeded, task0, Map.of("position", new java.math.BigInteger("99999999999999999999")),
                "got 99999999999999999999");
        assertRejected(seeded, task0, Map.of("position", Double.NaN), "got NaN");
        // Connect config values are strings, so a quoted number is an easy slip: the refusal must say what is wrong.
        assertRejected(seeded, task0, Map.of("position", "1000"), "got \"1000\" (a string: write numbers without quotes)");
        assertRejected(seeded, task0, Map.of("position", 10, "seed", "5"), "got \"5\" (a string: write numbers without quotes)");
        assertRejected(seeded, Map.of("task", "0", "tasks", "1"), Map.of("position", 10),
                "(a number in quotes is a string: write 0, not \"0\")");
        assertRejected(seeded, task0, Map.of("position", 10, "seed", 5.5), "\"seed\" must be a whole number that fits a long, got 5.5");
        Map<String, Object> cursor = new HashMap<>(Map.of("position", 40L, "cursor_arrival", 1L, "cursor_user", 0,
                "cursor_visit", 0, "cursor_index", 2, "cursor_variant", 0));
        cursor.put("cursor_arrival", 1.25);
        assertRejected(seeded, task0, cursor, "\"cursor_arrival\" must be a whole number, got 1.25");
        cursor.put("cursor_arrival", 1L);
        cursor.put("cursor_user", 4_294_967_296L);
        assertRejected(seeded, task0, cursor, "\"cursor_user\" must be in [0, 2147483647], got 4294967296");
        // Whole numbers written as decimals (1e3 is 1000.0 to Jackson) are what they say.
        assertThat(new FakeClicksSourceConnector().alterOffsets(seeded, Map.of(task0, Map.of("position", 1000.0)))).isTrue();
        assertThat(StreamOffsets.resume(Map.of("position", 1000.0), 0).position()).isEqualTo(1000);
        assertThat(StreamOffsets.resume(Map.of("position", new java.math.BigDecimal("1000.000")), 0).position()).isEqualTo(1000);
    }

    private static void assertRejected(Map<String, ?> partition, Map<String, ?> offset, String message) {
        assertRejected(Map.of(), partition, offset, message);
    }

    private static void assertRejected(Map<String, String> config, Map<String, ?> partition, Map<String, ?> offset, String message) {
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(partition, offset);
        assertThatThrownBy(() -> new FakeClicksSourceConnector().alterOffsets(config, offsets))
                .isInstanceOf(ConnectException.class).hasMessageContaining(message);
    }
}

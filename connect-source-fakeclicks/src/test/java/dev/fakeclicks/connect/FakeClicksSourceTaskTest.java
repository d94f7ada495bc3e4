package dev.fakeclicks.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

/**
 * The task's poll on its own thread, as a worker drives it: since KAFKA-10792 the worker calls stop() only after
 * poll returns, so every poll must return on its own within about {@link FakeClicksSourceTask#IDLE_POLL_MILLIS}.
 */
class FakeClicksSourceTaskTest {

    private static final long IDLE_MILLIS = FakeClicksSourceTask.IDLE_POLL_MILLIS;

    @Test
    void aPollAtATinyRateSleepsAboutTheIdleIntervalAndReturnsInsteadOfWaitingForTheBatch() {
        // 1e-9 events/s passes validation: its first batch is 30 years away.
        FakeClicksSourceTask task = started("events.per.second", "1e-9");
        try {
            for (int i = 0; i < 2; i++) {
                long start = System.nanoTime();
                List<SourceRecord> batch = assertTimeoutPreemptively(Duration.ofSeconds(10), task::poll);
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(batch).isNull();
                // It sleeps rather than spins, and returns in time for a graceful stop.
                assertThat(millis).isBetween(IDLE_MILLIS - 50, IDLE_MILLIS + 1_500);
            }
        } finally {
            task.stop();
        }
    }

    @Test
    void aBatchDueLaterThanTheIdleIntervalComesFromALaterPollAtItsTime() {
        // 0.4 events/s: the first record is due 2.5 s after the start, i.e. on the third poll. The task's pacer counts
        // from its start(), so the clock here starts before that.
        long start = System.nanoTime();
        FakeClicksSourceTask task = started("events.per.second", "0.4");
        try {
            int emptyPolls = 0;
            List<SourceRecord> batch = null;
            while (batch == null && emptyPolls < 5) {
                long pollStart = System.nanoTime();
                batch = assertTimeoutPreemptively(Duration.ofSeconds(10), task::poll);
                assertThat((System.nanoTime() - pollStart) / 1_000_000).isLessThan(IDLE_MILLIS + 1_500);
                if (batch == null) {
                    emptyPolls++;
                }
            }
            assertThat(batch).hasSize(1);
            assertThat(emptyPolls).isGreaterThanOrEqualTo(2);
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(2_500);
        } finally {
            task.stop();
        }
    }

    @Test
    void aPollOnTheTaskThreadWalksABoundedNumberOfSessionsThenReturns() {
        // Every session leaves after its first page, so there is never a purchase (validation only refuses single zero
        // rates): a search for one walks up to the stream's stall limit (a million sessions, seconds of work). A
        // rate-limited task generates on its own thread, in poll.
        FakeClicksSourceTask task = started("events.per.second", "1000", "events.per.type", "5", "users", "50",
                "event.types", "purchase", "funnel.bounce.rate", "1", "funnel.exit.rate", "1");
        try {
            assertThat(assertTimeoutPreemptively(Duration.ofSeconds(60), task::poll)).isNull();
        } finally {
            task.stop();
        }
    }

    @Test
    void recordsBuiltAheadThatAPauseLeftWaitingAreGeneratedAgainWithFreshStampsAndTheSameEvents() throws Exception {
        // Live clock, no rate limit: a generator thread builds batches ahead. A pause is the worker not polling.
        String[] live = {"events.per.type", "0", "poll.max.records", "50"};
        FakeClicksSourceTask paused = started(new FakeClicksSourceTask(300), live);
        FakeClicksSourceTask uninterrupted = started(new FakeClicksSourceTask(), live);
        try {
            List<SourceRecord> before = records(paused, 100);
            Thread.sleep(1_000); // meanwhile the generator thread fills its queue with batches stamped now
            long resumedAt = System.currentTimeMillis();
            List<SourceRecord> after = records(paused, 200);

            // Stamped after the pause (event_time = sent_at = build time: no late events here), not at its start.
            assertThat(after).allSatisfy(r -> assertThat(r.timestamp()).isGreaterThanOrEqualTo(resumedAt));
            List<String> ids = new ArrayList<>(eventIds(before));
            ids.addAll(eventIds(after));
            assertThat(ids).doesNotHaveDuplicates().isEqualTo(eventIds(records(uninterrupted, ids.size())).subList(0, ids.size()));
        } finally {
            paused.stop();
            uninterrupted.stop();
        }
    }

    /**
     * A connector reconfigured with another value of an option that shapes the stream (here visits.per.user.per.day):
     * the slots' visits come at other times under the same event ids, so resuming the stored position would send
     * events already on the topic again. The task refuses, naming the option; with the options set back it resumes.
     */
    @Test
    void aTaskRefusesToResumeAnOffsetWrittenWithOtherStreamShapingOptions() {
        String[] before = {"visits.per.user.per.day", "0.5", "poll.max.records", "200", "start.time", "2026-11-01T00:00:00Z"};
        FakeClicksSourceTask first = started(before);
        List<SourceRecord> sent;
        try {
            sent = records(first, 1_000);
        } finally {
            first.stop();
        }
        SourceRecord last = sent.get(sent.size() - 1);
        Map<String, Object> stored = new HashMap<>(last.sourceOffset());

        String[] changed = {"visits.per.user.per.day", "0.25", "poll.max.records", "200", "start.time", "2026-11-01T00:00:00Z"};
        FakeClicksSourceTask refused = new FakeClicksSourceTask();
        assertThatThrownBy(() -> started(refused, stored, changed)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("visits.per.user.per.day=0.5 (now 0.25)");

        FakeClicksSourceTask resumed = started(new FakeClicksSourceTask(), stored, before);
        FakeClicksSourceTask uninterrupted = started(before);
        try {
            List<String> expected = eventIds(records(uninterrupted, sent.size() + 500)).subList(sent.size(), sent.size() + 500);
            assertThat(eventIds(records(resumed, 500)).subList(0, 500)).isEqualTo(expected);
        } finally {
            resumed.stop();
            uninterrupted.stop();
        }
    }

    /** At least {@code n} records, polled as a worker would. */
    private static List<SourceRecord> records(FakeClicksSourceTask task, int n) {
        List<SourceRecord> records = new ArrayList<>();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            while (records.size() < n) {
                List<SourceRecord> batch = task.poll();
                if (batch != null) {
                    records.addAll(batch);
                }
            }
        });
        return records;
    }

    private static List<String> eventIds(List<SourceRecord> records) {
        return records.stream().map(r -> ((Struct) r.value()).getString("event_id")).toList();
    }

    private static FakeClicksSourceTask started(String... kv) {
        return started(new FakeClicksSourceTask(), kv);
    }

    private static FakeClicksSourceTask started(FakeClicksSourceTask task, String... kv) {
        return started(task, null, kv);
    }

    /** Started as a worker starts it, with {@code stored} (or nothing) as its partition's committed offset. */
    private static FakeClicksSourceTask started(FakeClicksSourceTask task, Map<String, Object> stored, String... kv) {
        Map<String, String> props = new HashMap<>();
        props.put("connector.class", FakeClicksSourceConnector.class.getName());
        props.put("random.seed", "42");
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        FakeClicksSourceConnector connector = new FakeClicksSourceConnector();
        connector.start(props);
        Map<String, String> taskProps = connector.taskConfigs(1).get(0);
        task.initialize(new FreshTaskContext(taskProps, stored));
        task.start(taskProps);
        return task;
    }

    /** What a worker gives a task whose partition has {@code stored} as its committed offset (null: a new connector). */
    private record FreshTaskContext(Map<String, String> configs, Map<String, Object> stored) implements SourceTaskContext {
        @Override
        public OffsetStorageReader offsetStorageReader() {
            return new OffsetStorageReader() {
                @Override
                public <T> Map<String, Object> offset(Map<String, T> partition) {
                    return stored;
                }

                @Override
                public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                    return Map.of();
                }
            };
        }

        @Override
        public PluginMetrics pluginMetrics() {
            throw new UnsupportedOperationException("the task uses no plugin metrics");
        }
    }
}

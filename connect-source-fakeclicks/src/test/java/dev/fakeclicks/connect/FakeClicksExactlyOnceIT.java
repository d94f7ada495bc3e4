package dev.fakeclicks.connect;

import static dev.fakeclicks.connect.ConnectClusterSupport.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** KIP-618: the connector on a worker with exactly.once.source.support=enabled, requiring exactly-once. */
class FakeClicksExactlyOnceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static EmbeddedConnectCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectClusterSupport.start("fakeclicks-eos-it", Map.of("exactly.once.source.support", "enabled"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    /**
     * A task that crashes in the middle of a transaction: {@link TaskHook} fails it at the 551st record, in the
     * sixth batch of 100 (no rate limit: the generator thread builds full batches), after records 501 to 550 went to
     * the broker. They stay in the log, aborted, and the restarted task sends them again from the committed offset
     * (500): readers that read committed see each record once, in the uninterrupted order. (Without exactly-once
     * this check alone would pass too, because a task failing in Connect's send loop still commits the offsets of
     * what the broker acknowledged; the aborted records are what shows the transaction.)
     */
    @Test
    void aTaskThatCrashesMidTransactionLeavesExactlyTheUninterruptedStreamCommitted() throws Exception {
        String name = "fakeclicks-eos";
        String topic = "eos_events";
        Map<String, String> config = new HashMap<>(ConnectClusterSupport.oneTaskConfig(topic, JsonConverter.class.getName(),
                Map.of("events.per.type", "100", "poll.max.records", "100", "random.seed", "2026",
                        "exactly.once.support", "required")));
        config.put("transforms", "crash");
        config.put("transforms.crash.type", TaskHook.class.getName());
        config.put("transforms.crash." + TaskHook.FAIL_ONCE_AT_POSITION, "551");
        config.put("transforms.crash." + TaskHook.FAIL_ONCE_ID, name);
        List<String> expected = StreamExpectations.expected(config, 0, 1);
        assertThat(expected).hasSize(1_500);

        cluster.kafka().createTopic(topic, 1);
        cluster.configureConnector(name, config);
        cluster.assertions().assertConnectorIsRunningAndTasksHaveFailed(name, 1, "the task did not crash");
        assertThat(ConnectClusterSupport.get(cluster, "connectors/" + name + "/status").get("tasks").get(0).get("trace").asText())
                .contains("failing the task at position 551");
        cluster.restartTask(name, 0);

        List<ConsumerRecord<byte[], byte[]>> records = read(cluster, topic, expected.size(), TIMEOUT, true);
        Thread.sleep(2_000);
        records = read(cluster, topic, expected.size() + 1, Duration.ofSeconds(3), true);
        assertThat(records.stream().map(StreamExpectations::fingerprint).toList())
                .as("committed records = the uninterrupted stream, nothing lost or doubled")
                .isEqualTo(expected);
        assertThat(read(cluster, topic, expected.size() + 51, Duration.ofSeconds(5), false))
                .as("records 501 to 550 of the aborted transaction are in the log, hidden from read_committed")
                .hasSize(expected.size() + 50);
        assertThat(ConnectClusterSupport.get(cluster, "connectors/" + name + "/status").get("tasks").get(0).get("state").asText())
                .isEqualTo("RUNNING");
    }
}

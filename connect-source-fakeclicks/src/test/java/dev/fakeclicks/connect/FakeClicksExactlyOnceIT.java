package dev.fakeclicks.connect;

import static dev.fakeclicks.connect.ConnectClusterSupport.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
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

    @Test
    void transactionalRunSurvivesRestartsWithExactCounts() throws Exception {
        String name = "fakeclicks-eos";
        String topic = "eos_events";
        Map<String, String> config = ConnectClusterSupport.oneTaskConfig(topic, JsonConverter.class.getName(),
                Map.of("events.per.type", "100", "events.per.second", "600", "random.seed", "2026",
                        "exactly.once.support", "required"));
        List<String> expected = StreamExpectations.expected(config, 0, 1);
        assertThat(expected).hasSize(1_500);

        ConnectClusterSupport.deployOneTask(cluster, name, config);
        await().atMost(TIMEOUT).until(() -> cluster.kafka().endOffset(new TopicPartition(topic, 0)) >= 500);
        cluster.restartTask(name, 0);
        await().atMost(TIMEOUT).until(() -> cluster.kafka().endOffset(new TopicPartition(topic, 0)) >= 1_000);
        cluster.restartConnectorAndTasks(name, false, true, false);

        List<ConsumerRecord<byte[], byte[]>> records = read(cluster, topic, expected.size(), TIMEOUT, true);
        Thread.sleep(2_000);
        records = read(cluster, topic, expected.size() + 1, Duration.ofSeconds(3), true);
        assertThat(records.stream().map(StreamExpectations::fingerprint).toList())
                .as("committed records = the uninterrupted stream, nothing lost or doubled")
                .isEqualTo(expected);
        assertThat(ConnectClusterSupport.get(cluster, "connectors/" + name + "/status").get("tasks").get(0).get("state").asText())
                .isEqualTo("RUNNING");
    }
}

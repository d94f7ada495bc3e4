package dev.fakeclicks.local;

import dev.fakeclicks.local.kafka.KafkaBroker;
import dev.fakeclicks.local.process.ComponentFailure;
import dev.fakeclicks.local.sink.Checkpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Has the sink committed everything the topic holds? Compares committed checkpoint offsets with the topic's end. */
final class Progress {

    private Progress() {
    }

    /**
     * True when the topic holds at least one committed record and the sink's last committed batch read up to the
     * topic's last stable offset in every partition (read_committed: the connector writes in transactions).
     */
    static boolean sinkCaughtUp(String bootstrap, String topic, Checkpoint checkpoint) {
        Map<Integer, Long> end = endOffsets(bootstrap, topic);
        if (end.isEmpty() || end.values().stream().mapToLong(Long::longValue).sum() == 0) {
            return false;
        }
        Map<Integer, Long> committed = checkpoint.committedOffsets(topic);
        return end.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /**
     * Committed records in the topic (what the connector produced), counted by reading it: offsets include
     * transaction markers. Gives up after {@code timeout} (a broker that went away), naming the broker.
     */
    static long countRecords(String bootstrap, String topic, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<Integer, Long> end = endOffsets(bootstrap, topic);
            List<TopicPartition> partitions = end.keySet().stream().map(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long records = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p.partition()))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new ComponentFailure("kafka", "did not serve topic " + topic + " to its end within "
                            + timeout.toSeconds() + " s (read " + records + " records)", null);
                }
                records += consumer.poll(Duration.ofMillis(500)).count();
            }
            return records;
        } catch (KafkaException e) {
            throw new ComponentFailure("kafka", "could not read topic " + topic + ": " + e.getMessage(), null);
        }
    }

    static Map<Integer, Long> endOffsets(String bootstrap, String topic) {
        try (Admin admin = KafkaBroker.admin(bootstrap)) {
            var partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).partitions();
            Map<TopicPartition, OffsetSpec> request = partitions.stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            return admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(10, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
        } catch (Exception e) {
            return Map.of();
        }
    }
}

package dev.fakeclicks.local;

import dev.fakeclicks.local.kafka.KafkaBroker;
import dev.fakeclicks.local.process.ComponentFailure;
import dev.fakeclicks.local.sink.Checkpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Has the sink committed everything the topic holds? Compares committed checkpoint offsets with the topic's end. */
final class Progress {

    /** The longest one broker request of {@link #countRecords} may take: a busy 2-core box is slow, a dead broker is not news. */
    private static final Duration MAX_REQUEST = Duration.ofSeconds(60);

    private Progress() {
    }

    /**
     * True when the topic holds at least one committed record and the sink's last committed batch read up to the
     * topic's last stable offset in every partition (read_committed: the connector writes in transactions). False
     * when the broker does not answer this time: the caller polls again.
     */
    static boolean sinkCaughtUp(String bootstrap, String topic, Checkpoint checkpoint) {
        Optional<Map<Integer, Long>> end = endOffsets(bootstrap, topic);
        if (end.isEmpty() || end.get().values().stream().mapToLong(Long::longValue).sum() == 0) {
            return false;
        }
        Map<Integer, Long> committed = checkpoint.committedOffsets(topic);
        return end.get().entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /**
     * Committed records in the topic (what the connector produced), counted by reading it: offsets include
     * transaction markers. Never a guess: when the broker does not tell the topic's partitions and their ends, or
     * does not serve them within {@code timeout}, it fails naming the broker and its log (a count of 0 would
     * report every row in Delta as extra).
     */
    static long countRecords(String bootstrap, String topic, Duration timeout, Path brokerLog) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // The consumer's end offsets are then the last stable offsets, as in sinkCaughtUp.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> described = consumer.partitionsFor(topic, requestTimeout(deadline));
            if (described == null || described.isEmpty()) {
                throw new ComponentFailure("kafka", "has no topic " + topic + " to count", brokerLog);
            }
            List<TopicPartition> partitions = described.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, requestTimeout(deadline));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long records = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p, requestTimeout(deadline)) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new ComponentFailure("kafka", "did not serve topic " + topic + " to its end within "
                            + timeout.toSeconds() + " s (read " + records + " records)", brokerLog);
                }
                records += consumer.poll(Duration.ofMillis(500)).count();
            }
            return records;
        } catch (KafkaException e) { // timeouts included
            throw new ComponentFailure("kafka", "could not count the records of topic " + topic + ": " + e.getMessage(), brokerLog);
        }
    }

    private static Duration requestTimeout(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.compareTo(MAX_REQUEST) > 0 ? MAX_REQUEST : left.isNegative() ? Duration.ofMillis(1) : left;
    }

    /** Partition -> last stable offset; empty when the broker did not answer in time. */
    private static Optional<Map<Integer, Long>> endOffsets(String bootstrap, String topic) {
        try (Admin admin = KafkaBroker.admin(bootstrap)) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).partitions();
            Map<TopicPartition, OffsetSpec> request = partitions.stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            return Optional.of(admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(10, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset())));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}

package dev.fakeclicks.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** Helpers for the integration tests: a real broker and Connect worker in-process, driven over REST. */
final class ConnectClusterSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ConnectClusterSupport() {
    }

    static EmbeddedConnectCluster start(String name, Map<String, String> extraWorkerProps) {
        // EmbeddedConnectCluster edits the worker props: they must be a mutable map.
        Map<String, String> workerProps = new HashMap<>();
        workerProps.put("plugin.discovery", "service_load"); // what the lead's local run uses: proves our service files
        workerProps.put("offset.flush.interval.ms", "1000");
        workerProps.putAll(extraWorkerProps);
        // One broker: internal topics, including the transaction log exactly-once needs, get one replica.
        java.util.Properties brokerProps = new java.util.Properties();
        brokerProps.put("transaction.state.log.replication.factor", "1");
        brokerProps.put("transaction.state.log.min.isr", "1");
        brokerProps.put("offsets.topic.replication.factor", "1");
        EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder()
                .name(name)
                .brokerProps(brokerProps)
                .numWorkers(1)
                .numBrokers(1)
                .workerProps(workerProps)
                .build();
        cluster.start();
        return cluster;
    }

    static Path repoDir() {
        return Path.of(System.getProperty("fakeclicks.repo.dir", "..")).toAbsolutePath().normalize();
    }

    /**
     * A one-task connector config writing to {@code topic} as the shipped configs do (string keys, plain JSON values
     * without schemas, decimals as numbers) through {@code valueConverter}, plus the test's own {@code options}.
     */
    static Map<String, String> oneTaskConfig(String topic, String valueConverter, Map<String, String> options) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", FakeClicksSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topic", topic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", valueConverter);
        config.put("value.converter.schemas.enable", "false");
        config.put("value.converter.decimal.format", "NUMERIC");
        config.putAll(options);
        return config;
    }

    /** Creates the config's topic (one partition), deploys the connector and waits until its one task runs. */
    static void deployOneTask(EmbeddedConnectCluster cluster, String name, Map<String, String> config)
            throws InterruptedException {
        cluster.kafka().createTopic(config.get("topic"), 1);
        cluster.configureConnector(name, config);
        cluster.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "connector " + name + " did not start");
    }

    /** A shipped connector config file, with some options overridden. */
    static ObjectNode shippedConfig(String file, Map<String, String> overrides) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(repoDir().resolve("connect-config").resolve(file)));
        ObjectNode config = (ObjectNode) root.get("config");
        overrides.forEach(config::put);
        return root;
    }

    static HttpResponse<String> post(EmbeddedConnectCluster cluster, String resource, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(cluster.endpointForResource(resource)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> put(EmbeddedConnectCluster cluster, String resource, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(cluster.endpointForResource(resource)))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> patch(EmbeddedConnectCluster cluster, String resource, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(cluster.endpointForResource(resource)))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode get(EmbeddedConnectCluster cluster, String resource) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.endpointForResource(resource))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** Reads a topic from the beginning until {@code expected} records arrived or the timeout passed. */
    static List<ConsumerRecord<byte[], byte[]>> read(EmbeddedConnectCluster cluster, String topic, int expected,
                                                     Duration timeout, boolean readCommitted) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime());
        if (readCommitted) {
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.kafka().createConsumer(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static String value(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }
}

package dev.fakeclicks.connect.bench;

import dev.fakeclicks.connect.FakeClicksSourceConnector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * Throughput of one connector task against Kafka's own ProducerPerformance, in the same run, on the same
 * in-process broker, with the same producer settings and the same records: the connector runs unbounded
 * for a warm-up and a measured window, once with JsonConverter and once with the plugin's
 * RawPassthroughJsonConverter (same bytes, streaming); then ProducerPerformance sends payloads sampled from
 * what the connector wrote (same size and compressibility).
 *
 * <pre>
 * connect-source-fakeclicks/bench.sh [measured seconds, default 30] [warm-up seconds, default 10]
 * </pre>
 */
public final class ConnectorBenchmark {

    /** The producer settings both sides use (a Connect worker's own defaults are acks=all, 1 in flight, 16 KiB). */
    static final Map<String, String> PRODUCER = Map.of(
            "acks", "all",
            "linger.ms", "5",
            "batch.size", "131072",
            "compression.type", "lz4",
            "max.in.flight.requests.per.connection", "5",
            "enable.idempotence", "true");

    private static final Pattern PP_SUMMARY = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\)");

    private ConnectorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 30);
        int warmup = Integer.getInteger("bench.warmup.seconds", 10);
        Map<String, String> workerProps = new HashMap<>();
        workerProps.put("plugin.discovery", "service_load");
        Properties brokerProps = new Properties();
        brokerProps.put("transaction.state.log.replication.factor", "1");
        brokerProps.put("transaction.state.log.min.isr", "1");
        EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder()
                .name("fakeclicks-bench").numWorkers(1).numBrokers(1).workerProps(workerProps).brokerProps(brokerProps).build();
        cluster.start();
        try {
            run(cluster, seconds, warmup);
        } finally {
            cluster.stop();
        }
    }

    /** The two value converters measured: the shipped configs' JsonConverter, and the plugin's streaming one. */
    static final List<String> CONVERTERS = List.of("org.apache.kafka.connect.json.JsonConverter",
            "dev.fakeclicks.connect.record.RawPassthroughJsonConverter");

    private record Measured(String converter, long records, double seconds, double rate, double mb) {
    }

    private static void run(EmbeddedConnectCluster cluster, int seconds, int warmup) throws Exception {
        List<Measured> results = new ArrayList<>();
        Sample sample = null;
        for (int i = 0; i < CONVERTERS.size(); i++) {
            String topic = "bench_connector_" + i;
            cluster.kafka().createTopic(topic, 1);
            String name = "fakeclicks-bench-" + i;
            Map<String, String> config = new HashMap<>();
            config.put("connector.class", FakeClicksSourceConnector.class.getName());
            config.put("tasks.max", "1");
            config.put("topic", topic);
            config.put("random.seed", "1");
            config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
            config.put("value.converter", CONVERTERS.get(i));
            config.put("value.converter.schemas.enable", "false");
            config.put("value.converter.decimal.format", "NUMERIC");
            PRODUCER.forEach((k, v) -> config.put("producer.override." + k, v));
            cluster.configureConnector(name, config);
            cluster.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "bench connector did not start");
            TopicPartition tp = new TopicPartition(topic, 0);
            Thread.sleep(warmup * 1000L);
            long startOffset = cluster.kafka().endOffset(tp);
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long endOffset = cluster.kafka().endOffset(tp);
            double elapsed = (System.nanoTime() - start) / 1e9;
            cluster.stopConnector(name);
            if (sample == null) {
                sample = sample(cluster, topic, 20_000);
            }
            double rate = (endOffset - startOffset) / elapsed;
            results.add(new Measured(CONVERTERS.get(i), endOffset - startOffset, elapsed, rate,
                    rate * sample.avgValueBytes / (1024 * 1024)));
        }

        String ppTopic = "bench_producer_performance";
        cluster.kafka().createTopic(ppTopic, 1);
        Path payloads = Files.createTempFile("fakeclicks-payloads", ".jsonl");
        Files.writeString(payloads, String.join("\n", sample.values.stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList()));
        long ppRecords = Math.max(500_000, Math.round(results.stream().mapToDouble(Measured::rate).max().orElse(0) * seconds));
        List<String> ppArgs = new ArrayList<>(List.of("--topic", ppTopic, "--num-records", String.valueOf(ppRecords),
                "--throughput", "-1", "--payload-file", payloads.toString(), "--producer-props",
                "bootstrap.servers=" + cluster.kafka().bootstrapServers()));
        PRODUCER.forEach((k, v) -> ppArgs.add(k + "=" + v));
        String ppOutput = captureStdout(() -> ProducerPerformance.main(ppArgs.toArray(new String[0])));
        String summary = ppOutput.lines().filter(l -> PP_SUMMARY.matcher(l).find()).reduce((a, b) -> b).orElse("");
        Matcher m = PP_SUMMARY.matcher(summary);
        if (!m.find()) {
            throw new IllegalStateException("no ProducerPerformance summary in its output:\n" + ppOutput);
        }
        double ppRate = Double.parseDouble(m.group(2));
        double ppMb = Double.parseDouble(m.group(3));
        Files.deleteIfExists(payloads);

        System.out.println();
        System.out.println("=== fakeclicks connector vs ProducerPerformance (same broker, same run) ===");
        System.out.println("producer settings (both): " + new java.util.TreeMap<>(PRODUCER));
        System.out.printf("record value: %.0f bytes on average (%d sampled, used as ProducerPerformance's --payload-file); "
                        + "connector records also carry a %.0f-byte key and %.0f bytes of headers%n",
                sample.avgValueBytes, sample.values.size(), sample.avgKeyBytes, sample.avgHeaderBytes);
        System.out.printf("ProducerPerformance: %s%n", summary.trim());
        for (Measured r : results) {
            System.out.printf("connector, 1 task, %s: %,d records in %.1f s = %,.0f records/s, %.2f MB/s"
                            + " -> %.0f%% of ProducerPerformance's records/s, %.0f%% of its MB/s%n",
                    r.converter.substring(r.converter.lastIndexOf('.') + 1), r.records, r.seconds, r.rate, r.mb,
                    100 * r.rate / ppRate, 100 * r.mb / ppMb);
        }
    }

    private record Sample(List<byte[]> values, double avgValueBytes, double avgKeyBytes, double avgHeaderBytes) {
    }

    private static Sample sample(EmbeddedConnectCluster cluster, String topic, int n) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-sample");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<byte[]> values = new ArrayList<>();
        long valueBytes = 0;
        long keyBytes = 0;
        long headerBytes = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.kafka().createConsumer(props)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (values.size() >= n) {
                        break;
                    }
                    values.add(r.value());
                    valueBytes += r.value().length;
                    keyBytes += r.key() == null ? 0 : r.key().length;
                    for (var h : r.headers()) {
                        headerBytes += h.key().length() + h.value().length;
                    }
                }
            }
        }
        int count = values.size();
        return new Sample(values, (double) valueBytes / count, (double) keyBytes / count, (double) headerBytes / count);
    }

    private interface Body {
        void run() throws Exception;
    }

    private static String captureStdout(Body body) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(original);
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        original.print(out);
        return out;
    }
}

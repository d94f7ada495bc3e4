package dev.fakeclicks.local.kafka;

import dev.fakeclicks.local.process.Children;
import dev.fakeclicks.local.process.ComponentFailure;
import dev.fakeclicks.local.process.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A single-node KRaft broker (broker and controller in one process) from the Maven-resolved Kafka jars.
 * Storage is formatted on the first run only, so later runs keep their topics and data.
 */
public final class KafkaBroker {

    private KafkaBroker() {
    }

    /** Starts the broker, adding each process to {@code children} as soon as it exists, and waits until it answers. */
    public static ManagedProcess start(JavaLauncher java, Path dir, Path logs, int port, Children children) {
        Path data = dir.resolve("data");
        Path properties = dir.resolve("server.properties");
        write(properties, String.join("\n",
                "# Written by ./run-local: single-node KRaft, broker and controller in one process",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=localhost:" + (port + 1),
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + (port + 1),
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data.toAbsolutePath(),
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "# Keep every record: a backfill (the connector's start.time, as in fakeclicks-dirty.json) stamps records",
                "# with past event times, which the default 7-day retention by timestamp would delete within minutes.",
                "# ./run-local --clean frees the disk.",
                "log.retention.ms=-1",
                ""));
        if (!Files.exists(data.resolve("meta.properties"))) {
            format(java, properties, logs, children);
        }
        ManagedProcess broker = children.start(() -> java.start("kafka", "kafka.Kafka",
                List.of(properties.toAbsolutePath().toString()), Map.of(), "-Xmx1g"));
        broker.awaitReady(() -> answers(port), Duration.ofSeconds(90), "accepting clients on port " + port);
        return broker;
    }

    private static void format(JavaLauncher java, Path properties, Path logs, Children children) {
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        ManagedProcess format = children.start(() -> java.start("kafka-format", "kafka.tools.StorageTool",
                List.of("format", "--standalone", "-t", clusterId, "-c", properties.toAbsolutePath().toString()), Map.of()));
        int code = format.awaitExit(Duration.ofSeconds(60)).orElse(-1);
        format.close(); // stops it if it timed out; forgotten only after, so a stop meanwhile still finds it
        children.remove(format);
        if (code != 0) {
            throw new ComponentFailure("kafka", "storage could not be formatted (exit " + code + ")",
                    logs.resolve("kafka-format.log"));
        }
    }

    private static boolean answers(int port) {
        try (Admin admin = admin("localhost:" + port)) {
            admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Creates the topic unless it exists (later runs reuse it); {@code log} is the broker's, named in a failure. */
    public static void createTopic(String bootstrap, String topic, int partitions, Path log) {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ComponentFailure("kafka", "could not create topic " + topic + ": " + e.getCause().getMessage(), log);
            }
        } catch (Exception e) {
            throw new ComponentFailure("kafka", "could not create topic " + topic + ": " + e, log);
        }
    }

    public static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(props);
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

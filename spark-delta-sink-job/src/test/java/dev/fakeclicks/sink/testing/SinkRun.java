package dev.fakeclicks.sink.testing;

import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.catalogue.CatalogueEntry;
import dev.fakeclicks.registry.RedisSchemaRegistry;
import dev.fakeclicks.registry.RedisSettings;
import dev.fakeclicks.schema.CompatibilityMode;
import dev.fakeclicks.sink.DeltaSinkJob;
import dev.fakeclicks.sink.SinkConfig;
import dev.fakeclicks.sink.plan.BatchReport;
import dev.fakeclicks.sink.registry.RegistryReader;
import dev.fakeclicks.sink.registry.RetryPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

/**
 * One isolated sink setup on the shared infrastructure: its own topic, registry prefix, output directory and
 * checkpoint, and the environment the job would get. Collects every batch report.
 */
public final class SinkRun implements AutoCloseable {

    public final String name;
    public final String topic;
    public final String prefix;
    public final Path output;
    public final Map<String, String> env = new HashMap<>();
    public final List<BatchReport> reports = Collections.synchronizedList(new ArrayList<>());
    private final int redisPort;
    private final String redisPassword;
    private RedisSchemaRegistry registry;
    private RegistryReader reader;

    public SinkRun(String name, int partitions) {
        this(name, partitions, SharedInfra.redis().port());
    }

    /** A run against its own redis-server at {@code redisPort} (for tests that stop it). */
    public SinkRun(String name, int partitions, int redisPort) {
        this(name, partitions, redisPort, null);
    }

    /** A run against a password-protected redis-server. */
    public SinkRun(String name, int partitions, int redisPort, String redisPassword) {
        this.name = name;
        this.topic = "events_" + name;
        this.prefix = "test:" + name + ":";
        this.output = SharedInfra.newDir(name);
        SharedInfra.broker().createTopic(topic, partitions);
        env.put("KAFKA_BOOTSTRAP_SERVERS", SharedInfra.broker().bootstrapServers());
        env.put("KAFKA_TOPIC", topic);
        env.put("OUTPUT_PATH", output.toUri().toString());
        env.put("REDIS_PORT", Integer.toString(redisPort));
        env.put("REGISTRY_PREFIX", prefix);
        env.put("TRIGGER_INTERVAL", "available-now");
        env.put("REGISTRY_RETRY_TIMEOUT", "3s");
        env.put("QUERY_NAME", "sink-" + name.replace('_', '-'));
        this.redisPort = redisPort;
        this.redisPassword = redisPassword;
        this.registry = RedisSchemaRegistry.connect(settings());
    }

    private RedisSettings settings() {
        return new RedisSettings("localhost", redisPort, redisPassword, false, prefix, RedisSettings.DEFAULT_TIMEOUT_MILLIS);
    }

    /** A new registry client (after the test restarted Redis, the pooled connections are stale). */
    public SinkRun reconnectRegistry() {
        registry.close();
        registry = RedisSchemaRegistry.connect(settings());
        return this;
    }

    public RedisSchemaRegistry registry() {
        return registry;
    }

    public SinkRun registerCatalogue() {
        for (CatalogueEntry entry : Catalogue.builtIn().entries()) {
            registry.register(entry.type(), entry.schema(), CompatibilityMode.BACKWARD);
        }
        return this;
    }

    public SinkConfig config() {
        return SinkConfig.fromEnv(env);
    }

    public void send(List<ProducerRecord<byte[], byte[]>> records) {
        SharedInfra.broker().send(records);
    }

    /** Starts the query with the current environment. */
    public StreamingQuery start() {
        SinkConfig config = config();
        if (reader != null) {
            reader.close();
        }
        reader = new RegistryReader(config.redis(), RetryPolicy.withTimeout(config.registryRetryTimeout()));
        try {
            return DeltaSinkJob.start(SharedInfra.spark(), config, reader, reports::add);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs an available-now query to its end and returns the reports of the batches it ran. */
    public List<BatchReport> runToEnd() {
        int before = reports.size();
        StreamingQuery query = start();
        try {
            query.awaitTermination();
        } catch (StreamingQueryException e) {
            throw new IllegalStateException("query failed: " + e.getMessage(), e);
        }
        return new ArrayList<>(reports.subList(before, reports.size()));
    }

    public Dataset<Row> table(String type) {
        return spark().read().format("delta").load(output.resolve(type).toUri().toString());
    }

    public Dataset<Row> quarantine() {
        return table("_quarantine");
    }

    public Path checkpoint() {
        return output.resolve(SinkConfig.CHECKPOINT_DIR);
    }

    public SparkSession spark() {
        return SharedInfra.spark();
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
        }
        registry.close();
    }
}

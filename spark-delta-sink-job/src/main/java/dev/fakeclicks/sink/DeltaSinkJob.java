package dev.fakeclicks.sink;

import dev.fakeclicks.registry.RedisSettings;
import dev.fakeclicks.registry.RegistrySnapshot;
import dev.fakeclicks.registry.RegistryUnavailableException;
import dev.fakeclicks.sink.plan.BatchReport;
import dev.fakeclicks.sink.registry.RegistryReader;
import dev.fakeclicks.sink.registry.RetryPolicy;
import dev.fakeclicks.sink.spark.BatchWriter;
import dev.fakeclicks.sink.spark.FreshCheckpoint;
import dev.fakeclicks.sink.spark.SparkSetup;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming job: Kafka topic of JSON events -> one Delta table per event type, schemas from the Redis
 * registry, exactly once. Configured by environment variables ({@link SinkConfig}); run with spark-submit.
 */
public final class DeltaSinkJob {

    private static final Logger LOG = LoggerFactory.getLogger(DeltaSinkJob.class);
    private static final String SESSION_TIME_ZONE = "spark.sql.session.timeZone";

    private DeltaSinkJob() {
    }

    public static void main(String[] args) {
        SinkConfig config = configOrExit();
        LOG.info("delta sink starting: {}", config.describe());
        try (RegistryReader registry = new RegistryReader(config.redis(), RetryPolicy.withTimeout(config.registryRetryTimeout()))) {
            // An unreachable registry stops the job here, before Spark starts; so does one without a usable type, which
            // would send every record to the quarantine (a registry not seeded yet, a REDIS_* / REGISTRY_PREFIX typo).
            noUsableTypes(registry.read(), config.redis()).ifPresent(problem -> exit(2, problem));
            SparkSession spark = SparkSetup.builder(config.queryName()).getOrCreate();
            if (!Boolean.parseBoolean(spark.conf().get(SparkSetup.HISTORY_METRICS, "true"))) {
                exit(2, SparkSetup.HISTORY_METRICS + "=false turns off the Delta operation metrics the sink counts written"
                        + " rows with (it reconciles read = written + quarantined per batch): remove that setting");
            }
            StreamingQuery query = start(spark, config, registry, report -> { });
            query.awaitTermination();
            LOG.info("delta sink stopped: {}", query.lastProgress() == null ? "no batch run" : "all available data written");
            spark.stop();
        } catch (RegistryUnavailableException e) {
            exit(1, e.getMessage());
        } catch (StreamingQueryException e) {
            exit(1, "the streaming query failed: " + rootMessage(e));
        } catch (TimeoutException e) {
            exit(1, "the streaming query did not start: " + e.getMessage());
        } catch (SinkConfigException e) {
            exit(2, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("delta sink failed", e); // the trace for the log; the message for the console
            exit(1, "the sink failed: " + rootMessage(e));
        }
    }

    /** Starts the query on {@code spark}; {@code onBatch} sees each batch's report (tests, benchmarks). */
    public static StreamingQuery start(SparkSession spark, SinkConfig config, RegistryReader registry,
                                       Consumer<BatchReport> onBatch) throws TimeoutException {
        String zone = spark.conf().get(SESSION_TIME_ZONE);
        if (!DateTimeUtils.getZoneId(zone).normalized().equals(ZoneOffset.UTC)) {
            // SparkSetup's sessions are UTC; another one (an embedding application's) would partition by its local dates.
            throw new IllegalArgumentException("the sink needs " + SESSION_TIME_ZONE + "=UTC (event_date is the UTC date of"
                    + " event_time, and timestamps without an offset are read as UTC); this session has " + zone);
        }
        SparkSetup.configureStorage(spark, config);
        FreshCheckpoint.requireNoEarlierTables(spark, config);
        SparkSetup.ensureDirectory(spark, config.checkpointLocation());

        DataStreamReader source = spark.readStream()
                .format("kafka")
                .option("kafka.bootstrap.servers", config.kafkaBootstrapServers())
                .option("subscribe", config.kafkaTopic())
                // The connector writes in transactions (exactly-once source): records of aborted
                // transactions must never reach a table, or a connector restart would duplicate them.
                .option("kafka.isolation.level", "read_committed")
                .option("startingOffsets", config.startingOffsets())
                .option("failOnDataLoss", config.failOnDataLoss());
        config.maxOffsetsPerTrigger().ifPresent(max -> source.option("maxOffsetsPerTrigger", max));
        config.kafkaMinPartitions().ifPresent(min -> source.option("minPartitions", min));
        Dataset<Row> events = source.load();

        DataStreamWriter<Row> sink = events.writeStream()
                .queryName(config.queryName())
                .option("checkpointLocation", config.checkpointLocation())
                .trigger(config.trigger().availableNow()
                        ? Trigger.AvailableNow()
                        : Trigger.ProcessingTime(config.trigger().interval().toMillis()))
                .foreachBatch(new BatchWriter(config, registry, onBatch));
        return sink.start();
    }

    /**
     * Why the job must not start (nor a batch run) with this registry content: no type it could write to a table;
     * empty when it has one.
     */
    public static Optional<String> noUsableTypes(RegistrySnapshot snapshot, RedisSettings redis) {
        if (!snapshot.schemas().isEmpty()) {
            return Optional.empty();
        }
        String where = "the registry at " + redis.address() + " has no ";
        if (snapshot.rejected().isEmpty()) {
            return Optional.of(where + "event types under prefix " + redis.prefix() + ", so every record would be"
                    + " quarantined: seed it (registry-tools seed) or check REDIS_HOST, REDIS_PORT and REGISTRY_PREFIX");
        }
        // Entries written past registry-tools, all unusable: "seed it" or a wrong prefix would send the operator astray.
        return Optional.of(where + "usable event type under prefix " + redis.prefix() + ": all " + snapshot.rejected().size()
                + " entries are rejected, so every record would be quarantined (rejected_schema). Fix them in the registry"
                + " (registry-tools register): " + String.join("; ", snapshot.rejected().values()));
    }

    private static SinkConfig configOrExit() {
        try {
            return SinkConfig.fromEnv();
        } catch (SinkConfigException e) {
            exit(2, e.getMessage() + "\nSee spark-delta-sink-job/README.md for every variable.");
            throw e; // not reached
        }
    }

    static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof RegistryUnavailableException || cause instanceof IllegalStateException) {
                break;
            }
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    private static void exit(int status, String message) {
        LOG.error(message);
        System.err.println("delta-sink: " + message);
        System.exit(status);
    }
}

package dev.fakeclicks.sink.bench;

import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.catalogue.CatalogueEntry;
import dev.fakeclicks.registry.RedisSchemaRegistry;
import dev.fakeclicks.registry.RedisSettings;
import dev.fakeclicks.registry.RegistryKeys;
import dev.fakeclicks.schema.CompatibilityMode;
import dev.fakeclicks.sink.DeltaSinkJob;
import dev.fakeclicks.sink.SinkConfig;
import dev.fakeclicks.sink.plan.BatchReport;
import dev.fakeclicks.sink.registry.RegistryReader;
import dev.fakeclicks.sink.registry.RetryPolicy;
import dev.fakeclicks.sink.spark.SparkSetup;
import dev.fakeclicks.sink.testing.KafkaBroker;
import dev.fakeclicks.sink.testing.TestEvents;
import dev.fakeclicks.servers.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import redis.clients.jedis.RedisClient;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.to_date;

/**
 * Throughput benchmark (not a test): a local broker pre-loaded with EVENTS events over the 15 catalogue types,
 * then, on the same topic and with the same batch size:
 * <ol>
 *   <li>the ceiling: a plain Spark query appending the raw value to one Delta table;</li>
 *   <li>this job;</li>
 *   <li>the original design's naive loop: per type, its own registry lookup, filter + from_json over the
 *       un-persisted batch, sequential writes;</li>
 *   <li>batch time with 30 types vs 1 type at the same number of events.</li>
 * </ol>
 * Run: {@code mvn -B -pl spark-delta-sink-job -am verify -DskipTests -Pbench} (see README for options).
 */
public final class SinkBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.events", 1_000_000);
    private static final int BATCH = Integer.getInteger("bench.batch", 250_000);
    private static final int MIX_EVENTS = Integer.getInteger("bench.mixEvents", 200_000);
    /** Full batches of the 30 types vs 1 type comparison (at least 3: the steady figure skips the first two). */
    private static final int MIX_BATCHES = Math.max(3, Integer.getInteger("bench.mixBatches", 5));
    /** Warm-up events per contender: one full batch, so that no measured run pays the JIT for its first big batch. */
    private static final int WARMUP_EVENTS = Integer.getInteger("bench.warmup", BATCH);
    private static final int PARTITIONS = 4;
    /** {@code job}: only preload and run this job (for profiling); {@code mix}: only the 30 types vs 1 type batches. */
    private static final String ONLY = System.getProperty("bench.only", "all");

    private final KafkaBroker broker;
    private final RedisServerProcess redis;
    private final SparkSession spark;
    private final Path work;
    private final List<String> lines = new ArrayList<>();

    private SinkBenchmark(KafkaBroker broker, RedisServerProcess redis, SparkSession spark, Path work) {
        this.broker = broker;
        this.redis = redis;
        this.spark = spark;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("sink-bench-");
        try (KafkaBroker broker = KafkaBroker.start(); RedisServerProcess redis = RedisServerProcess.start()) {
            SparkSession spark = SparkSetup.builder("sink-bench").master("local[2]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
            new SinkBenchmark(broker, redis, spark, work).run();
            spark.stop();
        }
    }

    private void run() throws Exception {
        List<String> types = Catalogue.builtIn().types();
        register("bench:", types, 0);
        say("preloading " + EVENTS + " events over " + types.size() + " types ...");
        long t = System.nanoTime();
        preload("bench_events", types, EVENTS);
        say(String.format("preloaded in %.1f s", seconds(t)));

        // Warm-up on a topic of its own, every contender: the JIT (C1/C2 still compile much of Spark, Delta and
        // Parquet through the first big batch) and first-write costs, so the measured runs compare steady states.
        preload("bench_warmup", types, WARMUP_EVENTS);
        ceiling("bench_warmup", "warmup-ceiling");
        job("bench_warmup", "warmup-job", "bench:");
        if (ONLY.equals("all")) {
            naive("bench_warmup", "warmup-naive", "bench:", types);
        }

        if (ONLY.equals("job")) {
            job("bench_events", "job", "bench:");
            return;
        }
        if (ONLY.equals("mix")) {
            oneVsThirtyTypes(types);
            return;
        }
        double ceiling = ceiling("bench_events", "ceiling");
        double job = job("bench_events", "job", "bench:");
        double naive = naive("bench_events", "naive", "bench:", types);
        String mix = oneVsThirtyTypes(types);

        say("");
        say("==== results (" + EVENTS + " events, " + types.size() + " types, batches of " + BATCH + ", local[2], warm-up "
                + WARMUP_EVENTS + " events each) ====");
        say(String.format("ceiling (raw value -> one Delta table): %,.0f events/s", EVENTS / ceiling));
        say(String.format("this job:                               %,.0f events/s = %.0f%% of ceiling (target >= 70%%)",
                EVENTS / job, 100 * ceiling / job));
        say(String.format("naive per-type loop:                    %,.0f events/s; this job is %.1fx faster (target >= 3x)",
                EVENTS / naive, naive / job));
        say(mix);
        Files.write(work.resolve("results.txt"), lines);
        say("results also in " + work.resolve("results.txt"));
    }

    /**
     * Batches of MIX_EVENTS over 30 types vs 1 type; the result lines. Steady = the mean of the batches after the
     * first two: every type's write is code of its own (projection, sort, statistics), which the JIT compiles over
     * the first batches that run it, and 30 types have 30 times the code of one.
     */
    private String oneVsThirtyTypes(List<String> types) throws Exception {
        List<String> thirty = new ArrayList<>(types);
        for (String type : types) {
            thirty.add(type + "_copy");
        }
        register("bench30:", types, 1);
        preload("bench_one_type", List.of("page_view"), MIX_BATCHES * MIX_EVENTS);
        preload("bench_thirty_types", thirty, MIX_BATCHES * MIX_EVENTS);
        List<BatchReport> one = jobReports("bench_one_type", "one-type", "bench:", MIX_EVENTS);
        List<BatchReport> many = jobReports("bench_thirty_types", "thirty-types", "bench30:", MIX_EVENTS);
        String result = mixLine("1 type:  ", one) + System.lineSeparator()
                + mixLine("30 types:", many) + String.format(" -> %.2fx the 1-type batch (target <= 2x)", steadyMs(many) / steadyMs(one));
        say(result);
        return result;
    }

    private static String mixLine(String what, List<BatchReport> reports) {
        List<Long> full = reports.subList(0, MIX_BATCHES).stream().map(BatchReport::totalMs).toList();
        return String.format("batches of %,d events, %s %s ms, steady %.0f ms", MIX_EVENTS, what, full, steadyMs(reports));
    }

    /** Mean batch time of the full batches after the first two. */
    private static double steadyMs(List<BatchReport> reports) {
        return reports.subList(2, MIX_BATCHES).stream().mapToLong(BatchReport::totalMs).average().orElseThrow();
    }

    /** Registers {@code types} (and, when copies > 0, a copy of each under {@code <type>_copy}) under {@code prefix}. */
    private void register(String prefix, List<String> types, int copies) {
        try (RedisSchemaRegistry registry = RedisSchemaRegistry.connect(RedisSettings.local(redis.port()).withPrefix(prefix))) {
            for (CatalogueEntry entry : Catalogue.builtIn().entries()) {
                if (types.contains(entry.type())) {
                    registry.register(entry.type(), entry.schema(), CompatibilityMode.BACKWARD);
                    if (copies > 0) {
                        registry.register(entry.type() + "_copy", entry.schema(), CompatibilityMode.BACKWARD);
                    }
                }
            }
        }
    }

    /** {@code count} events spread evenly over {@code types}, unique event ids, 4 partitions keyed by session. */
    private void preload(String topic, List<String> types, int count) {
        broker.createTopic(topic, PARTITIONS);
        Map<String, List<String>> templates = new HashMap<>();
        for (String type : types) {
            String base = type.endsWith("_copy") ? type.substring(0, type.length() - "_copy".length()) : type;
            List<String> variants = new ArrayList<>();
            for (int seq = 0; seq < 500; seq++) {
                var event = TestEvents.event(base, seq);
                event.put("event_type", type);
                variants.add(event.toString());
            }
            templates.put(type, variants);
        }
        Random random = new Random(42);
        List<ProducerRecord<byte[], byte[]>> chunk = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String type = types.get(i % types.size());
            List<String> variants = templates.get(type);
            String template = variants.get(random.nextInt(variants.size()));
            String json = template.replaceFirst("\"event_id\":\"[^\"]+\"", "\"event_id\":\"" + UUID.randomUUID() + "\"");
            chunk.add(new ProducerRecord<>(topic, ("session-" + (i % 997)).getBytes(StandardCharsets.UTF_8),
                    json.getBytes(StandardCharsets.UTF_8)));
            if (chunk.size() == 20_000) {
                broker.send(chunk);
                chunk.clear();
            }
        }
        broker.send(chunk);
    }

    private double ceiling(String topic, String name) throws Exception {
        Path out = work.resolve(name);
        long start = System.nanoTime();
        StreamingQuery query = source(topic, BATCH)
                .selectExpr("CAST(value AS STRING) AS value")
                .writeStream().format("delta")
                .option("checkpointLocation", out.resolve("_checkpoint").toString())
                .trigger(Trigger.AvailableNow())
                .start(out.resolve("raw").toString());
        query.awaitTermination();
        double seconds = seconds(start);
        long rows = spark.read().format("delta").load(out.resolve("raw").toString()).count();
        say(String.format("%-14s %,d rows in %.1f s", name, rows, seconds));
        return seconds;
    }

    private double job(String topic, String name, String prefix) throws Exception {
        long start = System.nanoTime();
        List<BatchReport> reports = jobReports(topic, name, prefix, BATCH);
        double seconds = seconds(start);
        long written = reports.stream().mapToLong(BatchReport::writtenTotal).sum();
        say(String.format("%-14s %,d rows in %.1f s (%d batches, mean batch %d ms)", name, written, seconds, reports.size(),
                reports.stream().mapToLong(BatchReport::totalMs).sum() / Math.max(1, reports.size())));
        return seconds;
    }

    private List<BatchReport> jobReports(String topic, String name, String prefix, int batch) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("KAFKA_TOPIC", topic);
        env.put("OUTPUT_PATH", work.resolve(name).toString());
        env.put("REDIS_PORT", Integer.toString(redis.port()));
        env.put("REGISTRY_PREFIX", prefix);
        env.put("TRIGGER_INTERVAL", "available-now");
        env.put("MAX_OFFSETS_PER_TRIGGER", Integer.toString(batch));
        env.put("QUERY_NAME", "bench-" + name);
        if (System.getProperty("bench.parallelism") != null) {
            env.put("WRITE_PARALLELISM", System.getProperty("bench.parallelism"));
        }
        SinkConfig config = SinkConfig.fromEnv(env);
        List<BatchReport> reports = Collections.synchronizedList(new ArrayList<>());
        try (RegistryReader registry = new RegistryReader(config.redis(), RetryPolicy.withTimeout(config.registryRetryTimeout()))) {
            StreamingQuery query = DeltaSinkJob.start(spark, config, registry, report -> {
                reports.add(report);
                say("  " + name + ": " + report.line());
            });
            query.awaitTermination();
        }
        return reports;
    }

    /** The original design: per type, its own registry lookup, filter + from_json on the un-persisted batch, one by one. */
    private double naive(String topic, String name, String prefix, List<String> types) throws Exception {
        Path out = work.resolve(name);
        int port = redis.port();
        VoidFunction2<Dataset<Row>, Long> loop = (batch, batchId) -> {
            try (RedisClient client = RedisClient.create("localhost", port)) {
                for (String type : types) {
                    String entry = client.hget(new RegistryKeys(prefix).latest(), type);
                    String schemaJson = dev.fakeclicks.registry.RegisteredSchema.fromEntryJson(type, entry).schemaJson();
                    StructType schema = (StructType) DataType.fromJson(schemaJson);
                    batch.filter(get_json_object(col("value").cast("string"), "$.event_type").equalTo(type))
                            .select(from_json(col("value").cast("string"), schema).as("e"))
                            .select(col("e.*"))
                            .withColumn("event_date", to_date(col("event_time")))
                            .write().format("delta").mode("append").partitionBy("event_date")
                            .save(out.resolve(type).toString());
                }
            }
        };
        long start = System.nanoTime();
        StreamingQuery query = source(topic, BATCH).writeStream()
                .option("checkpointLocation", out.resolve("_checkpoint").toString())
                .trigger(Trigger.AvailableNow())
                .foreachBatch(loop)
                .start();
        query.awaitTermination();
        double seconds = seconds(start);
        long rows = 0;
        for (String type : types) {
            rows += spark.read().format("delta").load(out.resolve(type).toString()).count();
        }
        say(String.format("%-14s %,d rows in %.1f s", name, rows, seconds));
        return seconds;
    }

    private Dataset<Row> source(String topic, int batch) {
        return spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", broker.bootstrapServers())
                .option("subscribe", topic)
                .option("startingOffsets", "earliest")
                .option("maxOffsetsPerTrigger", batch)
                .load();
    }

    private void say(String line) {
        lines.add(line);
        System.out.println(line);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}

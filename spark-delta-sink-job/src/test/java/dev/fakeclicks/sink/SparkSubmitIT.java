package dev.fakeclicks.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakeclicks.sink.plan.BatchReport;
import dev.fakeclicks.sink.testing.SharedInfra;
import dev.fakeclicks.sink.testing.SinkRun;
import dev.fakeclicks.sink.testing.TestEvents;
import dev.fakeclicks.servers.RedisServerProcess;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The packaged job run the documented way, in its own JVM: {@code java -cp <target/spark-classpath.txt>
 * org.apache.spark.deploy.SparkSubmit --class dev.fakeclicks.sink.DeltaSinkJob target/spark-delta-sink-job.jar}.
 * Proves the shaded jar carries what Spark lacks (Kafka source, Delta, jedis), and reads its logs.
 */
class SparkSubmitIT {

    private static final Path TARGET = Path.of("target");
    private static final String REDIS_PASSWORD = "redis-pw-Xy7-never-logged";
    private static final String AWS_SECRET = "aws-secret-Qz9-never-logged";

    @Test
    void theShadedJarRunsUnderSparkSubmitAndNeverLogsSecrets() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start(REDIS_PASSWORD);
             SinkRun run = new SinkRun("submit", 2, redis.port(), REDIS_PASSWORD).registerCatalogue()) {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int seq = 0; seq < 20; seq++) {
                records.add(TestEvents.record(run.topic, TestEvents.event(seq % 2 == 0 ? "login" : "cart_view", seq)));
            }
            records.add(TestEvents.record(run.topic, "k", "{\"event_type\":\"nope\"}"));
            run.send(records);
            run.env.put("REDIS_PASSWORD", REDIS_PASSWORD);
            run.env.put("OUTPUT_PATH", run.output.toString());

            Result result = sparkSubmit(run.env, 240);

            assertThat(result.exitCode).as(result.output).isZero();
            assertThat(result.output).contains("REDIS_PASSWORD=****").doesNotContain(REDIS_PASSWORD);
            Optional<BatchReport> report = result.output.lines().map(BatchReport::parse).flatMap(Optional::stream).findFirst();
            assertThat(report).hasValueSatisfying(r -> {
                assertThat(r.read()).isEqualTo(21);
                assertThat(r.written()).isEqualTo(Map.of("login", 10L, "cart_view", 10L));
                assertThat(r.reasons()).isEqualTo(Map.of("unknown_event_type", 1L));
            });
            assertThat(run.table("login").count()).isEqualTo(10);
            assertThat(run.table("cart_view").count()).isEqualTo(10);
        }
    }

    @Test
    void invalidSettingsStopTheJobBeforeSparkStartsWithEveryProblemListed() throws Exception {
        Result result = sparkSubmit(Map.of("REDIS_PORT", "99999", "TRIGGER_INTERVAL", "soon", "S3_BUCKET", "My_Bucket",
                "AWS_SECRET_KEY", AWS_SECRET, "REDIS_PASSWORD", REDIS_PASSWORD), 120);

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.output)
                .contains("invalid configuration (4 problems)")
                .contains("REDIS_PORT must be a whole number between 1 and 65535, got \"99999\"")
                .contains("TRIGGER_INTERVAL must be a duration")
                .contains("S3_BUCKET must be a bucket name")
                .contains("set both AWS_ACCESS_KEY and AWS_SECRET_KEY, or neither")
                .doesNotContain("SparkContext: Running Spark")
                .doesNotContain(REDIS_PASSWORD)
                .doesNotContain(AWS_SECRET);
    }

    /** A registry not seeded yet (or a wrong prefix) would quarantine every record: the job does not start. */
    @Test
    void anEmptyRegistryStopsTheJobBeforeSparkStarts() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            Result result = sparkSubmit(Map.of("REDIS_PORT", Integer.toString(redis.port()), "REGISTRY_PREFIX", "typo:"), 120);

            assertThat(result.exitCode).as(result.output).isEqualTo(2);
            assertThat(result.output).contains("the registry at localhost:" + redis.port() + " has no event types under"
                    + " prefix typo:, so every record would be quarantined").doesNotContain("SparkContext: Running Spark");
        }
    }

    /** No batch exists yet: the message says what cannot be reached, not what a failed batch did not write. */
    @Test
    void anUnreachableRegistryStopsTheJobBeforeSparkStarts() throws Exception {
        int port = RedisServerProcess.freePort();
        Result result = sparkSubmit(Map.of("REDIS_PORT", Integer.toString(port), "REGISTRY_RETRY_TIMEOUT", "1s"), 120);

        assertThat(result.exitCode).as(result.output).isEqualTo(1);
        assertThat(result.output)
                .contains("schema registry (Redis at localhost:" + port + ", prefix fakeclicks:registry:) unavailable: gave up after")
                .contains("cannot reach Redis at localhost:" + port)
                .doesNotContain("batch")
                .doesNotContain("SparkContext: Running Spark");
    }

    private record Result(int exitCode, String output) {
    }

    /** A maintenance run that cannot even list the tables says why in one line (the trace goes to the log only). */
    @Test
    void maintenanceThatCannotListTheTablesSaysWhyInOneLine() throws Exception {
        Result result = sparkSubmit(MaintenanceJob.class, Map.of("OUTPUT_PATH", "nosuchfs://nowhere/delta"), 120);

        assertThat(result.exitCode).as(result.output).isEqualTo(1);
        assertThat(result.output).contains("delta-sink maintenance: failed before any table was maintained: cannot list"
                + " tables under nosuchfs://nowhere/delta: No FileSystem for scheme \"nosuchfs\"");
    }

    private static Result sparkSubmit(Map<String, String> env, int timeoutSeconds) throws IOException, InterruptedException {
        return sparkSubmit(DeltaSinkJob.class, env, timeoutSeconds);
    }

    private static Result sparkSubmit(Class<?> main, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        Path jar = TARGET.resolve("spark-delta-sink-job.jar");
        Path classpath = TARGET.resolve("spark-classpath.txt");
        assertThat(jar).as("run `mvn package` first").exists();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(System.getProperty("sink.java17.opens", "").trim().split("\\s+")));
        command.addAll(List.of("-Xmx1g", "-cp", Files.readString(classpath).trim(), "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[2]", "--conf", "spark.ui.enabled=false",
                "--class", main.getName(), jar.toString()));
        command.removeIf(String::isEmpty);
        Path log = Files.createTempFile(SharedInfra.newDir("submit-log"), "spark-submit", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("REDIS_") || k.startsWith("S3_")
                || k.startsWith("AWS_") || k.equals("OUTPUT_PATH") || k.equals("CHECKPOINT_LOCATION"));
        builder.environment().putAll(env);
        builder.directory(new File("."));
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("spark-submit did not finish in " + timeoutSeconds + " s; log: " + log);
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}

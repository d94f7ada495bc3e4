package dev.fakeclicks.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkConfigTest {

    @Test
    void defaultsRunLocallyAgainstTheOriginalDesignsPorts() {
        SinkConfig config = SinkConfig.fromEnv(Map.of());

        assertThat(config.kafkaBootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.kafkaTopic()).isEqualTo("raw_events");
        assertThat(config.startingOffsets()).isEqualTo("earliest");
        assertThat(config.redis().address()).isEqualTo("localhost:5555");
        assertThat(config.redis().prefix()).isEqualTo("fakeclicks:registry:");
        assertThat(config.outputPath()).isEqualTo("./data/delta");
        assertThat(config.checkpointLocation()).isEqualTo("./data/delta/_checkpoints/delta-sink");
        assertThat(config.s3()).isEmpty();
        assertThat(config.trigger().interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxOffsetsPerTrigger()).contains(250_000L);
        assertThat(config.vacuumRetentionHours()).isEqualTo(168);
    }

    @Test
    void s3BucketMovesTheTablesToS3aWithTheGivenEndpointAndKeys() {
        SinkConfig config = SinkConfig.fromEnv(Map.of("S3_BUCKET", "clicks", "S3_PREFIX", "/raw", "S3_ENDPOINT", "http://localhost:9000",
                "S3_PATH_STYLE_ACCESS", "true", "AWS_ACCESS_KEY", "ak", "AWS_SECRET_KEY", "sk"));

        assertThat(config.outputPath()).isEqualTo("s3a://clicks/raw");
        assertThat(config.checkpointLocation()).isEqualTo("s3a://clicks/raw/_checkpoints/delta-sink");
        SinkConfig.S3 s3 = config.s3().orElseThrow();
        assertThat(s3.pathStyleAccess()).isTrue();
        assertThat(s3.sslEnabled()).isFalse();
        assertThat(s3.accessKey()).contains("ak");
        assertThat(SinkConfig.fromEnv(Map.of("S3_BUCKET", "clicks")).s3().orElseThrow().accessKey())
                .as("no keys: the default AWS credentials chain").isEmpty();
        assertThat(SinkConfig.fromEnv(Map.of("S3_BUCKET", "clicks", "OUTPUT_PATH", "s3a://other/x/")).outputPath())
                .isEqualTo("s3a://other/x");
    }

    @Test
    void triggerAndDurationsAcceptReadableForms() {
        assertThat(SinkConfig.fromEnv(Map.of("TRIGGER_INTERVAL", "available-now")).trigger().availableNow()).isTrue();
        assertThat(SinkConfig.fromEnv(Map.of("TRIGGER_INTERVAL", "500ms")).trigger().interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(SinkConfig.fromEnv(Map.of("TRIGGER_INTERVAL", "2 minutes")).trigger().interval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(SinkConfig.fromEnv(Map.of("TRIGGER_INTERVAL", "0")).trigger().interval()).isZero();
        assertThat(SinkConfig.fromEnv(Map.of("REGISTRY_RETRY_TIMEOUT", "1h")).registryRetryTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(SinkConfig.fromEnv(Map.of("MAX_OFFSETS_PER_TRIGGER", "none")).maxOffsetsPerTrigger()).isEmpty();
    }

    @Test
    void everyProblemIsReportedInOneMessage() {
        Map<String, String> env = new HashMap<>();
        env.put("REDIS_PORT", "http");
        env.put("TRIGGER_INTERVAL", "fast");
        env.put("STARTING_OFFSETS", "beginning");
        env.put("KAFKA_TOPIC", "raw events");
        env.put("WRITE_PARALLELISM", "0");
        env.put("MAX_OFFSETS_PER_TRIGGER", "-5");
        env.put("REDIS_TLS", "yes");
        env.put("S3_BUCKET", "Bad_Bucket");
        env.put("S3_ENDPOINT", "localhost:9000");
        env.put("AWS_SECRET_KEY", "only-the-secret");
        env.put("REGISTRY_RETRY_TIMEOUT", "a while");
        env.put("REGISTRY_PREFIX", "my prefix"); // an invalid Redis setting must not hide REDIS_TLS's problem

        assertThatThrownBy(() -> SinkConfig.fromEnv(env))
                .isInstanceOfSatisfying(SinkConfigException.class, e -> assertThat(e.problems()).hasSize(12))
                .hasMessageStartingWith("invalid configuration (12 problems):")
                .hasMessageContaining("REDIS_PORT must be a whole number between 1 and 65535, got \"http\"")
                .hasMessageContaining("TRIGGER_INTERVAL must be a duration such as 500ms, 10s or 1m, 0, or available-now, got \"fast\"")
                .hasMessageContaining("STARTING_OFFSETS must be earliest, latest or JSON offsets of KAFKA_TOPIC")
                .hasMessageContaining("got \"beginning\" (not JSON)")
                .hasMessageContaining("KAFKA_TOPIC must be a Kafka topic name")
                .hasMessageContaining("WRITE_PARALLELISM must be a whole number between 1 and 64, got \"0\"")
                .hasMessageContaining("MAX_OFFSETS_PER_TRIGGER must be a positive whole number, got \"-5\"")
                .hasMessageContaining("REDIS_TLS must be true or false, got \"yes\"")
                .hasMessageContaining("S3_BUCKET must be a bucket name")
                .hasMessageContaining("S3_ENDPOINT must be an http:// or https:// URL, got \"localhost:9000\"")
                .hasMessageContaining("set both AWS_ACCESS_KEY and AWS_SECRET_KEY, or neither")
                .hasMessageContaining("REGISTRY_RETRY_TIMEOUT must be a duration")
                .hasMessageContaining("registry prefix must be non-empty without whitespace")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("only-the-secret"));
    }

    @Test
    void startingOffsetsAsJsonAreCheckedBeforeSparkStarts() {
        String valid = "{\"raw_events\":{\"0\":42,\"1\":-2,\"2\":-1}}";
        assertThat(SinkConfig.fromEnv(Map.of("STARTING_OFFSETS", valid)).startingOffsets()).isEqualTo(valid);
        assertThat(SinkConfig.fromEnv(Map.of("STARTING_OFFSETS", " latest ")).startingOffsets()).isEqualTo("latest");

        for (String invalid : new String[] {"{oops", "{}", "[1]", "{\"raw_events\":42}", "{\"raw_events\":{}}",
                "{\"raw_events\":{\"x\":1}}", "{\"raw_events\":{\"0\":\"12\"}}", "{\"raw_events\":{\"0\":1.5}}",
                "{\"raw_events\":{\"0\":-3}}", "{\"raw_events\":{\"-1\":0}}", "{\"raw_events\":{\"0\":99999999999999999999}}"}) {
            assertThatThrownBy(() -> SinkConfig.fromEnv(Map.of("STARTING_OFFSETS", invalid))).as(invalid)
                    .isInstanceOf(SinkConfigException.class)
                    .hasMessageContaining("STARTING_OFFSETS must be earliest, latest or JSON offsets of KAFKA_TOPIC raw_events: "
                            + "{\"raw_events\":{\"<partition>\":<offset>,...}} with offsets as whole numbers (-2: earliest, -1: latest)");
        }
        assertThatThrownBy(() -> SinkConfig.fromEnv(Map.of("STARTING_OFFSETS", "{\"other\":{\"0\":1}}")))
                .hasMessageContaining("got offsets of topic \"other\"");
        assertThat(SinkConfig.fromEnv(Map.of("KAFKA_TOPIC", "other", "STARTING_OFFSETS", "{\"other\":{\"0\":1}}"))
                .startingOffsets()).contains("other");
    }

    @Test
    void bootstrapServersAreHostPortPairsAsKafkaParsesThem() {
        for (String good : List.of("localhost:9092", "kafka-1.example.com:9092,kafka-2:9093", "[::1]:9092",
                "PLAINTEXT://broker:9092", "10.0.0.7:19092")) {
            assertThat(SinkConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", good)).kafkaBootstrapServers()).isEqualTo(good);
        }
        for (String bad : List.of("localhost", "localhost:", "broker:9092,", "a b:9092", "broker:port")) {
            assertThatThrownBy(() -> SinkConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", bad))).as(bad)
                    .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS must be host:port[,host:port...] without spaces, got \"" + bad + "\"");
        }
    }

    @Test
    void startingOffsetsLeftToTheDefaultIsToldApartFromOneChosen() {
        assertThat(SinkConfig.fromEnv(Map.of()).startingOffsetsGiven()).isFalse();
        assertThat(SinkConfig.fromEnv(Map.of()).startingOffsets()).isEqualTo("earliest");
        assertThat(SinkConfig.fromEnv(Map.of("STARTING_OFFSETS", "earliest")).startingOffsetsGiven()).isTrue();
    }

    @Test
    void kafkaMinPartitionsIsBoundedInsteadOfOverflowingTheInt() {
        assertThat(SinkConfig.fromEnv(Map.of("KAFKA_MIN_PARTITIONS", "8")).kafkaMinPartitions()).contains(8);
        for (String invalid : new String[] {"3000000000", "0", "-1", "many"}) {
            assertThatThrownBy(() -> SinkConfig.fromEnv(Map.of("KAFKA_MIN_PARTITIONS", invalid))).as(invalid)
                    .hasMessageContaining("KAFKA_MIN_PARTITIONS must be a whole number between 1 and 1000000, got \"" + invalid + "\"");
        }
    }

    @Test
    void anS3OutputPathWithoutS3BucketIsRefusedRatherThanFailingLaterInHadoop() {
        assertThatThrownBy(() -> SinkConfig.fromEnv(Map.of("OUTPUT_PATH", "s3a://bucket/x")))
                .hasMessageContaining("is on S3 but S3_BUCKET is not set");
    }

    @Test
    void anS3CheckpointWithoutS3BucketIsRefusedToo() {
        assertThatThrownBy(() -> SinkConfig.fromEnv(Map.of("CHECKPOINT_LOCATION", "s3a://bucket/checkpoints")))
                .hasMessageContaining("CHECKPOINT_LOCATION s3a://bucket/checkpoints is on S3 but S3_BUCKET is not set");
        assertThat(SinkConfig.fromEnv(Map.of("S3_BUCKET", "clicks", "CHECKPOINT_LOCATION", "s3a://other/checkpoints"))
                .checkpointLocation()).isEqualTo("s3a://other/checkpoints");
    }

    @Test
    void s3SettingsWithoutS3BucketAreRefusedRatherThanSilentlyWritingLocally() {
        assertThatThrownBy(() -> SinkConfig.fromEnv(Map.of("S3_BUKET", "clicks", "S3_ENDPOINT", "http://localhost:9000",
                "AWS_ACCESS_KEY", "ak", "AWS_SECRET_KEY", "sk")))
                .hasMessageContaining("S3_ENDPOINT, AWS_ACCESS_KEY, AWS_SECRET_KEY are set but S3_BUCKET is not")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk\""));
    }

    @Test
    void s3BucketWithALocalOutputPathIsRefused() {
        assertThatThrownBy(() -> SinkConfig.fromEnv(Map.of("S3_BUCKET", "clicks", "OUTPUT_PATH", "./data/delta")))
                .hasMessageContaining("S3_BUCKET is set but OUTPUT_PATH ./data/delta is not an s3a:// path");
        assertThatThrownBy(() -> SinkConfig.fromEnv(Map.of("OUTPUT_PATH", "/")))
                .hasMessageContaining("OUTPUT_PATH / is the file system root: choose a directory under it for the tables");
    }

    @Test
    void aVacuumRetentionBelowDeltasFloorStopsMaintenanceWithoutAnExplicitOptInButNotTheSink() {
        SinkConfig shortRetention = SinkConfig.fromEnv(Map.of("VACUUM_RETENTION_HOURS", "1")); // the sink starts
        assertThat(shortRetention.maintenanceProblem(false)).hasValueSatisfying(p -> assertThat(p)
                .contains("VACUUM_RETENTION_HOURS 1 is below Delta's safe 168 h").contains("VACUUM_ALLOW_SHORT_RETENTION=true"));
        SinkConfig optedIn = SinkConfig.fromEnv(Map.of("VACUUM_RETENTION_HOURS", "1", "VACUUM_ALLOW_SHORT_RETENTION", "true"));
        assertThat(optedIn.maintenanceProblem(false)).isEmpty();
        assertThat(optedIn.vacuumRetentionHours()).isEqualTo(1);
        assertThat(SinkConfig.fromEnv(Map.of()).maintenanceProblem(false)).isEmpty();
    }

    @Test
    void maintenanceOnS3NeedsTheSinkStoppedOrAMultiDriverLogStore() {
        SinkConfig s3 = SinkConfig.fromEnv(Map.of("S3_BUCKET", "clicks"));
        assertThat(s3.maintenanceProblem(false)).hasValueSatisfying(p -> assertThat(p)
                .contains("the tables are on S3 (s3a://clicks/data)").contains("MAINTENANCE_SINK_STOPPED=true")
                .contains("spark.delta.logStore.s3a.impl"));
        assertThat(s3.maintenanceProblem(true)).as("a multi-driver log store").isEmpty();
        assertThat(SinkConfig.fromEnv(Map.of("S3_BUCKET", "clicks", "MAINTENANCE_SINK_STOPPED", "true")).maintenanceProblem(false))
                .isEmpty();
        assertThat(SinkConfig.fromEnv(Map.of("OUTPUT_PATH", "/data/delta")).maintenanceProblem(false)).as("local disk").isEmpty();
    }

    @Test
    void aConfiguredS3LogStoreOtherThanTheDefaultCountsAsMultiDriver() {
        assertThat(MaintenanceJob.multiDriverLogStore(new org.apache.spark.SparkConf(false))).isFalse();
        assertThat(MaintenanceJob.multiDriverLogStore(new org.apache.spark.SparkConf(false)
                .set("spark.delta.logStore.s3a.impl", "io.delta.storage.S3SingleDriverLogStore"))).isFalse();
        assertThat(MaintenanceJob.multiDriverLogStore(new org.apache.spark.SparkConf(false)
                .set("spark.delta.logStore.s3a.impl", "io.delta.storage.S3DynamoDBLogStore"))).isTrue();
        assertThat(MaintenanceJob.multiDriverLogStore(new org.apache.spark.SparkConf(false)
                .set("spark.delta.logStore.class", "io.delta.storage.S3DynamoDBLogStore"))).as("every scheme").isTrue();
        // The tables are s3a:// paths: a store for the s3 scheme leaves their commits to the single-driver default.
        assertThat(MaintenanceJob.multiDriverLogStore(new org.apache.spark.SparkConf(false)
                .set("spark.delta.logStore.s3.impl", "io.delta.storage.S3DynamoDBLogStore"))).isFalse();
    }

    @Test
    void aLocalDirectoryNamedLikeS3IsLocal() {
        assertThat(SinkConfig.fromEnv(Map.of("OUTPUT_PATH", "s3_export/delta")).outputPath()).isEqualTo("s3_export/delta");
        assertThatThrownBy(() -> SinkConfig.fromEnv(Map.of("OUTPUT_PATH", "S3A://clicks/data")))
                .hasMessageContaining("is on S3 but S3_BUCKET is not set");
    }

    @Test
    void durationsTooLongForTheJobAreProblemsNotCrashes() {
        assertThatThrownBy(() -> SinkConfig.fromEnv(Map.of("TRIGGER_INTERVAL", "10000000000000000m",
                "REGISTRY_RETRY_TIMEOUT", "99999999999999999999", "MAX_OFFSETS_PER_TRIGGER", "1")))
                .isInstanceOfSatisfying(SinkConfigException.class, e -> assertThat(e.problems()).hasSize(2))
                .hasMessageContaining("TRIGGER_INTERVAL must be at most 7 days, got \"10000000000000000m\"")
                .hasMessageContaining("REGISTRY_RETRY_TIMEOUT must be a duration");
        assertThatThrownBy(() -> SinkConfig.fromEnv(Map.of("REGISTRY_RETRY_TIMEOUT", "200h")))
                .hasMessageContaining("REGISTRY_RETRY_TIMEOUT must be at most 7 days");
        assertThat(SinkConfig.fromEnv(Map.of("TRIGGER_INTERVAL", "168h")).trigger().interval()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void theDumpMasksSecretsAndShowsEverythingElse() {
        SinkConfig config = SinkConfig.fromEnv(Map.of("REDIS_PASSWORD", "hunter2-redis", "S3_BUCKET", "clicks",
                "AWS_ACCESS_KEY", "AKIA-visible-no", "AWS_SECRET_KEY", "wJalr-secret"));

        String dump = config.describe();
        assertThat(dump).contains("REDIS_PASSWORD=****", "AWS_SECRET_KEY=****", "AWS_ACCESS_KEY=****", "S3_BUCKET=clicks",
                "REDIS_PORT=5555");
        assertThat(dump + config + config.redis() + config.s3().orElseThrow())
                .doesNotContain("hunter2-redis").doesNotContain("wJalr-secret").doesNotContain("AKIA-visible-no");
        for (SinkConfig.Setting setting : SinkConfig.SETTINGS) {
            assertThat(dump).as("dump shows every setting").contains(setting.name() + "=");
        }
    }
}

package dev.fakeclicks.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fakeclicks.registry.RedisSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The sink's configuration: the one place where environment variables are read, validated and documented
 * ({@link #SETTINGS} is the table the README shows). {@link #fromEnv} reports every problem in one
 * {@link SinkConfigException} before Spark starts; {@link #describe()} is the masked dump logged at start.
 */
public record SinkConfig(
        String kafkaBootstrapServers,
        String kafkaTopic,
        String startingOffsets,
        boolean startingOffsetsGiven,
        Optional<Long> maxOffsetsPerTrigger,
        Optional<Integer> kafkaMinPartitions,
        boolean failOnDataLoss,
        Trigger trigger,
        String outputPath,
        String checkpointLocation,
        Optional<S3> s3,
        RedisSettings redis,
        Duration registryRetryTimeout,
        int writeParallelism,
        int maxRecordBytes,
        String queryName,
        int vacuumRetentionHours,
        boolean vacuumAllowShortRetention,
        boolean maintenanceSinkStopped) {

    /** How often a micro-batch starts: every {@code interval}, or once over what is available, then stop. */
    public record Trigger(boolean availableNow, Duration interval) {

        @Override
        public String toString() {
            return availableNow ? "available-now" : interval.toMillis() + " ms";
        }
    }

    /** Where S3 (or an S3-compatible store) is, and how to sign in; empty keys mean the default AWS chain. */
    public record S3(String bucket, String prefix, Optional<String> endpoint, boolean pathStyleAccess,
                     Optional<String> region, Optional<String> accessKey, Optional<String> secretKey) {

        /** {@code http://} endpoints (MinIO, tests) need TLS off in s3a. */
        public boolean sslEnabled() {
            return endpoint.map(e -> !e.toLowerCase(Locale.ROOT).startsWith("http://")).orElse(true);
        }

        @Override
        public String toString() {
            return "S3[bucket=" + bucket + ", prefix=" + prefix + ", endpoint=" + endpoint.orElse("(AWS)")
                    + ", pathStyleAccess=" + pathStyleAccess + ", region=" + region.orElse("(default)")
                    + ", credentials=" + (accessKey.isPresent() ? "AWS_ACCESS_KEY/AWS_SECRET_KEY" : "default AWS chain") + "]";
        }
    }

    /** One environment variable: its name, default (null: none), whether it is secret, and what it does. */
    public record Setting(String name, String defaultValue, boolean secret, String description) {
    }

    public static final String LOCAL_OUTPUT_PATH = "./data/delta";
    /** Delta's own floor for VACUUM retention (its retentionDurationCheck), which a shorter retention must turn off. */
    public static final int SAFE_VACUUM_RETENTION_HOURS = 168;
    public static final String CHECKPOINT_DIR = "_checkpoints/delta-sink";

    /** Every variable the sink reads, in the order the README table lists them. */
    public static final List<Setting> SETTINGS = List.of(
            new Setting("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092", false, "Kafka brokers to read from (host:port, comma-separated)"),
            new Setting("KAFKA_TOPIC", "raw_events", false, "Topic of JSON events"),
            new Setting("STARTING_OFFSETS", "earliest", false,
                    "Where a new checkpoint starts: `earliest`, `latest` or Spark's JSON form `{\"topic\":{\"0\":42}}`; ignored when the checkpoint exists. Unset, a new checkpoint over existing tables is refused (it would write the topic again)"),
            new Setting("MAX_OFFSETS_PER_TRIGGER", "250000", false,
                    "Most records per micro-batch (bounds memory: a batch is cached while it is written, and the positions of its repeated event ids go to the driver); `none` for no limit"),
            new Setting("KAFKA_MIN_PARTITIONS", null, false, "Spark tasks per batch at least (splits large Kafka partitions); unset: one task per Kafka partition"),
            new Setting("FAIL_ON_DATA_LOSS", "true", false, "Fail when offsets to read were deleted by retention (`false`: skip them, with a warning)"),
            new Setting("TRIGGER_INTERVAL", "10s", false,
                    "Micro-batch interval (`500ms`, `10s`, `1m`, `0`: back to back) or `available-now` (process what is there, then exit)"),
            new Setting("OUTPUT_PATH", LOCAL_OUTPUT_PATH, false,
                    "Root of the Delta tables (any Hadoop path): `<root>/<event_type>` and `<root>/_quarantine`; with S3_BUCKET set the default is `s3a://<S3_BUCKET>/<S3_PREFIX>` (an `s3a://` OUTPUT_PATH wins over both; S3_BUCKET still turns the s3a settings on)"),
            new Setting("CHECKPOINT_LOCATION", "<root>/" + CHECKPOINT_DIR, false, "Streaming checkpoint (Kafka offsets, query id, batch manifests)"),
            new Setting("S3_BUCKET", null, false, "Write to this S3 bucket through s3a (hadoop-aws must be on the classpath). The other S3_*/AWS_* variables without it are an error, as is a non-`s3a://` OUTPUT_PATH with it"),
            new Setting("S3_PREFIX", "data/", false, "Key prefix of the tables inside S3_BUCKET"),
            new Setting("S3_ENDPOINT", null, false, "S3-compatible endpoint, e.g. `http://localhost:9000` for MinIO; unset: AWS"),
            new Setting("S3_PATH_STYLE_ACCESS", "false", false, "Path-style requests (`true` for MinIO and most S3-compatible stores)"),
            new Setting("S3_REGION", null, false, "AWS region of the bucket; unset: the SDK's default resolution"),
            new Setting("AWS_ACCESS_KEY", null, true, "Access key for S3; unset (with AWS_SECRET_KEY): the default AWS credentials chain"),
            new Setting("AWS_SECRET_KEY", null, true, "Secret key for S3; set both keys or neither"),
            new Setting("REDIS_HOST", RedisSettings.DEFAULT_HOST, false, "Schema registry Redis host"),
            new Setting("REDIS_PORT", Integer.toString(RedisSettings.DEFAULT_PORT), false, "Schema registry Redis port"),
            new Setting("REDIS_PASSWORD", null, true, "Redis password (AUTH); unset: none"),
            new Setting("REDIS_TLS", "false", false, "Connect to Redis over TLS"),
            new Setting("REGISTRY_PREFIX", RedisSettings.DEFAULT_PREFIX, false, "Key prefix of the registry in Redis (as in registry-tools)"),
            new Setting("REGISTRY_RETRY_TIMEOUT", "60s", false,
                    "How long a batch retries an unreachable registry (with backoff) before the query fails"),
            new Setting("WRITE_PARALLELISM", "4", false, "Type tables written at the same time per batch"),
            new Setting("MAX_RECORD_BYTES", "1048576", false, "Records larger than this go to quarantine (`oversized`) without being parsed"),
            new Setting("QUERY_NAME", "fakeclicks-delta-sink", false, "Streaming query name (Spark UI, logs)"),
            new Setting("VACUUM_RETENTION_HOURS", Integer.toString(SAFE_VACUUM_RETENTION_HOURS), false,
                    "maintenance only: VACUUM keeps files needed by the last N hours of table versions"),
            new Setting("VACUUM_ALLOW_SHORT_RETENTION", "false", false,
                    "maintenance only: `true` allows VACUUM_RETENTION_HOURS below 168, only safe while no sink writes the tables (VACUUM would delete files of a batch being committed)"),
            new Setting("MAINTENANCE_SINK_STOPPED", "false", false,
                    "maintenance only: `true` says no sink writes the tables now; required on S3 unless both jobs use a multi-driver Delta log store (OPTIMIZE's commits from a second driver could overwrite the sink's)"));

    /** Spark's Kafka source takes an int; a million tasks per batch is already far beyond any sensible setting. */
    static final long MAX_MIN_PARTITIONS = 1_000_000;
    /** Longest trigger interval or retry timeout: longer ones are typos, and their milliseconds must fit a long. */
    static final Duration MAX_DURATION = Duration.ofDays(7);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OFFSETS_FORMAT = "{\"<topic>\":{\"<partition>\":<offset>,...}} with offsets as whole numbers"
            + " (-2: earliest, -1: latest)";

    private static final Pattern DURATION = Pattern.compile(
            "(\\d+)\\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?)?");

    /** One broker as Kafka's clients parse it: host:port, an IPv6 host in brackets, an optional listener prefix. */
    private static final Pattern BOOTSTRAP_SERVER =
            Pattern.compile("([A-Za-z_][A-Za-z0-9_]*://)?(\\[[0-9A-Fa-f:.%]+\\]|[A-Za-z0-9._-]+):[0-9]{1,5}");

    public SinkConfig {
        if (writeParallelism < 1 || maxRecordBytes < 1) {
            throw new IllegalArgumentException("writeParallelism and maxRecordBytes must be positive");
        }
    }

    public static SinkConfig fromEnv() {
        return fromEnv(System.getenv());
    }

    /** Reads and validates every setting; throws one exception listing all problems. */
    public static SinkConfig fromEnv(Map<String, String> env) {
        Reader r = new Reader(env);

        String bootstrap = r.text("KAFKA_BOOTSTRAP_SERVERS");
        if (!Arrays.stream(bootstrap.split(",", -1)).allMatch(server -> BOOTSTRAP_SERVER.matcher(server).matches())) {
            r.problem("KAFKA_BOOTSTRAP_SERVERS must be host:port[,host:port...] without spaces, got \"" + bootstrap + "\"");
        }
        String topic = r.text("KAFKA_TOPIC");
        if (!topic.matches("[a-zA-Z0-9._-]{1,249}")) {
            r.problem("KAFKA_TOPIC must be a Kafka topic name ([a-zA-Z0-9._-], 1-249 characters), got \"" + topic + "\"");
        }
        String startingOffsets = r.text("STARTING_OFFSETS").trim();
        startingOffsetsProblem(startingOffsets, topic).ifPresent(r::problem);
        String maxOffsetsText = r.text("MAX_OFFSETS_PER_TRIGGER").trim();
        Optional<Long> maxOffsets = maxOffsetsText.equalsIgnoreCase("none") ? Optional.empty()
                : Optional.of(r.positiveLong("MAX_OFFSETS_PER_TRIGGER", maxOffsetsText));
        Optional<Integer> minPartitions = r.optional("KAFKA_MIN_PARTITIONS")
                .map(v -> (int) r.longIn("KAFKA_MIN_PARTITIONS", v, 1, MAX_MIN_PARTITIONS));
        boolean failOnDataLoss = r.bool("FAIL_ON_DATA_LOSS");
        Trigger trigger = r.trigger("TRIGGER_INTERVAL");

        Optional<S3> s3 = r.optional("S3_BUCKET").map(bucket -> {
            if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                r.problem("S3_BUCKET must be a bucket name (3-63 characters: lowercase letters, digits, '.', '-'), got \"" + bucket + "\"");
            }
            String prefix = r.text("S3_PREFIX");
            prefix = prefix.replaceAll("^/+", "");
            if (!prefix.isEmpty() && !prefix.endsWith("/")) {
                prefix = prefix + "/";
            }
            Optional<String> endpoint = r.optional("S3_ENDPOINT");
            endpoint.ifPresent(e -> {
                try {
                    URI uri = new URI(e);
                    if (uri.getHost() == null || !List.of("http", "https").contains(String.valueOf(uri.getScheme()))) {
                        r.problem("S3_ENDPOINT must be an http:// or https:// URL, got \"" + e + "\"");
                    }
                } catch (URISyntaxException ex) {
                    r.problem("S3_ENDPOINT is not a URL: " + ex.getMessage());
                }
            });
            Optional<String> accessKey = r.optional("AWS_ACCESS_KEY");
            Optional<String> secretKey = r.optional("AWS_SECRET_KEY");
            if (accessKey.isPresent() != secretKey.isPresent()) {
                r.problem("set both AWS_ACCESS_KEY and AWS_SECRET_KEY, or neither (then the default AWS credentials chain is used)");
            }
            return new S3(bucket, prefix, endpoint, r.bool("S3_PATH_STYLE_ACCESS"), r.optional("S3_REGION"), accessKey, secretKey);
        });

        if (s3.isEmpty()) {
            // A misspelt or forgotten S3_BUCKET would otherwise mean a silent write to the local default.
            List<String> stray = Stream.of("S3_PREFIX", "S3_ENDPOINT", "S3_PATH_STYLE_ACCESS", "S3_REGION", "AWS_ACCESS_KEY", "AWS_SECRET_KEY")
                    .filter(name -> r.optional(name).isPresent()).toList();
            if (!stray.isEmpty()) {
                r.problem(String.join(", ", stray) + (stray.size() == 1 ? " is" : " are")
                        + " set but S3_BUCKET is not: set S3_BUCKET to write to S3, or unset them");
            }
        }
        String output = r.optional("OUTPUT_PATH")
                .orElseGet(() -> s3.map(s -> "s3a://" + s.bucket() + "/" + s.prefix()).orElse(LOCAL_OUTPUT_PATH));
        String given = output;
        output = output.replaceAll("/+$", "");
        if (output.isEmpty()) {
            r.problem(given.isEmpty() ? "OUTPUT_PATH must not be empty"
                    : "OUTPUT_PATH " + given + " is the file system root: choose a directory under it for the tables");
        }
        if (s3.isEmpty() && isS3Path(output)) {
            r.problem("OUTPUT_PATH " + output + " is on S3 but S3_BUCKET is not set (it enables the s3a settings)");
        }
        if (s3.isPresent() && !output.startsWith("s3a://")) {
            r.problem("S3_BUCKET is set but OUTPUT_PATH " + output + " is not an s3a:// path: unset OUTPUT_PATH to write to s3a://"
                    + s3.get().bucket() + "/" + s3.get().prefix() + ", or unset S3_BUCKET to write locally");
        }
        String checkpoint = r.optional("CHECKPOINT_LOCATION").orElse(output + "/" + CHECKPOINT_DIR).replaceAll("/+$", "");
        if (s3.isEmpty() && isS3Path(checkpoint) && !isS3Path(output)) {
            r.problem("CHECKPOINT_LOCATION " + checkpoint + " is on S3 but S3_BUCKET is not set (it enables the s3a settings)");
        }

        String redisHost = r.text("REDIS_HOST");
        int redisPort = (int) r.longIn("REDIS_PORT", 1, 65535);
        String prefix = r.text("REGISTRY_PREFIX");
        String redisPassword = r.optional("REDIS_PASSWORD").orElse(null);
        boolean redisTls = r.bool("REDIS_TLS");
        RedisSettings redis = null;
        List<String> redisProblems = RedisSettings.problems(redisHost, redisPort, prefix, RedisSettings.DEFAULT_TIMEOUT_MILLIS);
        if (redisProblems.isEmpty()) {
            redis = new RedisSettings(redisHost, redisPort, redisPassword, redisTls, prefix, RedisSettings.DEFAULT_TIMEOUT_MILLIS);
        } else {
            redisProblems.stream().filter(p -> !p.startsWith("Redis port")).forEach(p -> r.problem(p + " (REDIS_HOST / REGISTRY_PREFIX)"));
        }

        Duration retryTimeout = r.duration("REGISTRY_RETRY_TIMEOUT");
        int parallelism = (int) r.longIn("WRITE_PARALLELISM", 1, 64);
        int maxRecordBytes = (int) r.longIn("MAX_RECORD_BYTES", 1, Integer.MAX_VALUE);
        String queryName = r.text("QUERY_NAME");
        if (!queryName.matches("[A-Za-z0-9_.-]{1,100}")) {
            r.problem("QUERY_NAME must be 1-100 characters of letters, digits, '_', '.', '-', got \"" + queryName + "\"");
        }
        int vacuumHours = (int) r.longIn("VACUUM_RETENTION_HOURS", 0, 100_000);
        boolean vacuumShort = r.bool("VACUUM_ALLOW_SHORT_RETENTION");
        boolean sinkStopped = r.bool("MAINTENANCE_SINK_STOPPED");

        if (!r.problems.isEmpty()) {
            throw new SinkConfigException(r.problems);
        }
        return new SinkConfig(bootstrap, topic, startingOffsets, r.optional("STARTING_OFFSETS").isPresent(), maxOffsets, minPartitions, failOnDataLoss, trigger,
                output, checkpoint, s3, redis, retryTimeout, parallelism, maxRecordBytes, queryName, vacuumHours, vacuumShort,
                sinkStopped);
    }

    /**
     * What stops the maintenance job (not the sink, which shares the environment but never vacuums): a retention
     * below Delta's floor without the explicit opt-in; tables on S3 while a sink may be writing them, unless both
     * jobs use a log store that lets several drivers commit to one table. Delta's default S3 log store only
     * serialises the commits of one driver (S3 has no put-if-absent): an OPTIMIZE committing the same table version
     * as the sink from this second driver could overwrite the sink's commit, and that batch would be lost.
     *
     * @param multiDriverLogStore whether the Spark configuration names a log store for s3a other than the default
     */
    public Optional<String> maintenanceProblem(boolean multiDriverLogStore) {
        if (vacuumRetentionHours < SAFE_VACUUM_RETENTION_HOURS && !vacuumAllowShortRetention) {
            return Optional.of("VACUUM_RETENTION_HOURS " + vacuumRetentionHours + " is below Delta's safe "
                    + SAFE_VACUUM_RETENTION_HOURS + " h: VACUUM could delete files of a batch the sink is committing. Set "
                    + "VACUUM_ALLOW_SHORT_RETENTION=true to run it anyway, with no sink writing the tables");
        }
        if (isS3Path(outputPath) && !multiDriverLogStore && !maintenanceSinkStopped) {
            return Optional.of("the tables are on S3 (" + outputPath + "), where Delta's default log store lets only one"
                    + " driver commit to a table: OPTIMIZE's commits from this job could overwrite the sink's and lose a"
                    + " batch. Stop the sink and set MAINTENANCE_SINK_STOPPED=true, or configure a multi-driver log store for"
                    + " both jobs (spark.delta.logStore.s3a.impl=io.delta.storage.S3DynamoDBLogStore, see Delta's S3 docs)");
        }
        return Optional.empty();
    }

    /** Whether a path is on S3 by its scheme (a local directory may well be called {@code s3_export}). */
    static boolean isS3Path(String path) {
        return path.matches("(?i)s3[an]?://.*");
    }

    /** The dump logged at start: every setting with its effective value, secrets shown as {@code ****}. */
    public String describe() {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        shown.put("KAFKA_TOPIC", kafkaTopic);
        shown.put("STARTING_OFFSETS", startingOffsets);
        shown.put("MAX_OFFSETS_PER_TRIGGER", maxOffsetsPerTrigger.map(String::valueOf).orElse("none"));
        shown.put("KAFKA_MIN_PARTITIONS", kafkaMinPartitions.map(String::valueOf).orElse("(unset)"));
        shown.put("FAIL_ON_DATA_LOSS", Boolean.toString(failOnDataLoss));
        shown.put("TRIGGER_INTERVAL", trigger.toString());
        shown.put("OUTPUT_PATH", outputPath);
        shown.put("CHECKPOINT_LOCATION", checkpointLocation);
        shown.put("S3_BUCKET", s3.map(S3::bucket).orElse("(unset)"));
        shown.put("S3_PREFIX", s3.map(S3::prefix).orElse("(unused)"));
        shown.put("S3_ENDPOINT", s3.flatMap(S3::endpoint).orElse("(unset)"));
        shown.put("S3_PATH_STYLE_ACCESS", s3.map(s -> Boolean.toString(s.pathStyleAccess())).orElse("(unused)"));
        shown.put("S3_REGION", s3.flatMap(S3::region).orElse("(unset)"));
        shown.put("AWS_ACCESS_KEY", s3.isPresent() ? mask(s3.flatMap(S3::accessKey)) : "(unused)");
        shown.put("AWS_SECRET_KEY", s3.isPresent() ? mask(s3.flatMap(S3::secretKey)) : "(unused)");
        shown.put("REDIS_HOST", redis.host());
        shown.put("REDIS_PORT", Integer.toString(redis.port()));
        shown.put("REDIS_PASSWORD", mask(Optional.ofNullable(redis.password())));
        shown.put("REDIS_TLS", Boolean.toString(redis.tls()));
        shown.put("REGISTRY_PREFIX", redis.prefix());
        shown.put("REGISTRY_RETRY_TIMEOUT", registryRetryTimeout.toMillis() + " ms");
        shown.put("WRITE_PARALLELISM", Integer.toString(writeParallelism));
        shown.put("MAX_RECORD_BYTES", Integer.toString(maxRecordBytes));
        shown.put("QUERY_NAME", queryName);
        shown.put("VACUUM_RETENTION_HOURS", Integer.toString(vacuumRetentionHours));
        shown.put("VACUUM_ALLOW_SHORT_RETENTION", Boolean.toString(vacuumAllowShortRetention));
        shown.put("MAINTENANCE_SINK_STOPPED", Boolean.toString(maintenanceSinkStopped));
        return shown.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return "SinkConfig[" + describe() + "]";
    }

    private static String mask(Optional<String> secret) {
        return secret.isPresent() ? "****" : "(unset)";
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 10 seconds}; a bare number is seconds. */
    static Optional<Duration> parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return Optional.empty(); // more digits than a long holds
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        try {
            if (unit.startsWith("ms") || unit.startsWith("milli")) {
                return Optional.of(Duration.ofMillis(amount));
            } else if (unit.startsWith("h")) {
                return Optional.of(Duration.ofHours(amount));
            } else if (unit.startsWith("m")) {
                return Optional.of(Duration.ofMinutes(amount));
            }
            return Optional.of(Duration.ofSeconds(amount));
        } catch (ArithmeticException e) {
            return Optional.of(Duration.ofSeconds(Long.MAX_VALUE)); // beyond any bound: the caller says it is too long
        }
    }

    /**
     * What is wrong with a STARTING_OFFSETS value, checked here because Spark would only find out when the query
     * starts (or, for a topic other than ours, silently never use the offsets): {@code earliest}, {@code latest}, or
     * Spark's JSON form for {@code topic} with at least one partition.
     */
    static Optional<String> startingOffsetsProblem(String value, String topic) {
        if (value.equals("earliest") || value.equals("latest")) {
            return Optional.empty();
        }
        String expected = "STARTING_OFFSETS must be earliest, latest or JSON offsets of KAFKA_TOPIC " + topic + ": "
                + OFFSETS_FORMAT.replace("<topic>", topic);
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            return Optional.of(expected + "; got \"" + value + "\" (not JSON)");
        }
        if (root == null || !root.isObject() || root.isEmpty()) {
            return Optional.of(expected + "; got \"" + value + "\"");
        }
        for (Iterator<Map.Entry<String, JsonNode>> topics = root.fields(); topics.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = topics.next();
            if (!entry.getKey().equals(topic)) {
                return Optional.of(expected + "; got offsets of topic \"" + entry.getKey() + "\"");
            }
            JsonNode partitions = entry.getValue();
            if (!partitions.isObject() || partitions.isEmpty()) {
                return Optional.of(expected + "; got \"" + value + "\" (no partition offsets)");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = partitions.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> partition = it.next();
                JsonNode offset = partition.getValue();
                if (!partition.getKey().matches("0|[1-9][0-9]{0,9}") || Long.parseLong(partition.getKey()) > Integer.MAX_VALUE
                        || !offset.canConvertToLong() || !offset.isIntegralNumber() || offset.asLong() < -2) {
                    return Optional.of(expected + "; got \"" + partition.getKey() + "\":" + offset + " in \"" + value + "\"");
                }
            }
        }
        return Optional.empty();
    }

    /** Reads values with their defaults from {@link #SETTINGS} and collects problems instead of throwing. */
    private static final class Reader {
        private final Map<String, String> env;
        private final Map<String, Setting> settings;
        private final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> env) {
            this.env = env;
            this.settings = SETTINGS.stream().collect(Collectors.toMap(Setting::name, s -> s));
        }

        void problem(String message) {
            problems.add(message);
        }

        Optional<String> optional(String name) {
            if (!settings.containsKey(name)) {
                throw new IllegalStateException(name + " is not in SinkConfig.SETTINGS");
            }
            String value = env.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        String text(String name) {
            return optional(name).orElse(settings.get(name).defaultValue());
        }

        boolean bool(String name) {
            String value = text(name).toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                problem(name + " must be true or false, got \"" + value + "\"");
            }
            return value.equals("true");
        }

        long positiveLong(String name, String value) {
            try {
                long parsed = Long.parseLong(value.trim());
                if (parsed > 0) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problem(name + " must be a positive whole number, got \"" + value + "\"");
            return 1;
        }

        long longIn(String name, long min, long max) {
            return longIn(name, text(name), min, max);
        }

        long longIn(String name, String value, long min, long max) {
            try {
                long parsed = Long.parseLong(value.trim());
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problem(name + " must be a whole number between " + min + " and " + max + ", got \"" + value + "\"");
            return Math.max(min, 1);
        }

        Duration duration(String name) {
            String value = text(name);
            Optional<Duration> parsed = parseDuration(value);
            if (parsed.isEmpty()) {
                problem(name + " must be a duration such as 500ms, 30s, 2m or 1h, got \"" + value + "\"");
                return Duration.ofSeconds(1);
            }
            return atMostMaxDuration(name, value, parsed.get());
        }

        private Duration atMostMaxDuration(String name, String value, Duration parsed) {
            if (parsed.compareTo(MAX_DURATION) > 0) {
                problem(name + " must be at most " + MAX_DURATION.toDays() + " days, got \"" + value + "\"");
                return Duration.ofSeconds(1);
            }
            return parsed;
        }

        Trigger trigger(String name) {
            String value = text(name).trim().toLowerCase(Locale.ROOT);
            if (value.equals("available-now") || value.equals("availablenow")) {
                return new Trigger(true, Duration.ZERO);
            }
            Optional<Duration> parsed = parseDuration(value);
            if (parsed.isEmpty()) {
                problem(name + " must be a duration such as 500ms, 10s or 1m, 0, or available-now, got \"" + value + "\"");
                return new Trigger(false, Duration.ZERO);
            }
            return new Trigger(false, atMostMaxDuration(name, value, parsed.get()));
        }
    }
}

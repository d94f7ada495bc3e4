package dev.fakeclicks.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Every option of {@code ./run-local}; the only place its flags and environment are read. */
public final class LocalRunConfig {

    /**
     * Every environment variable the sink job reads ({@code SinkConfig.SETTINGS} in spark-delta-sink-job, which
     * LocalRunConfigTest checks this against; not read from there at run time, which would put Spark's classes on the
     * launcher's classpath). None of them reaches the local sink from the user's shell except
     * {@link #SINK_PASSTHROUGH_ENV}: an exported STARTING_OFFSETS=latest or REDIS_PASSWORD meant for another
     * deployment would otherwise change (or break) the local run.
     */
    static final List<String> SINK_ENV = List.of("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_TOPIC", "STARTING_OFFSETS",
            "MAX_OFFSETS_PER_TRIGGER", "KAFKA_MIN_PARTITIONS", "FAIL_ON_DATA_LOSS", "TRIGGER_INTERVAL", "OUTPUT_PATH",
            "CHECKPOINT_LOCATION", "S3_BUCKET", "S3_PREFIX", "S3_ENDPOINT", "S3_PATH_STYLE_ACCESS", "S3_REGION",
            "AWS_ACCESS_KEY", "AWS_SECRET_KEY", "REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD", "REDIS_TLS",
            "REGISTRY_PREFIX", "REGISTRY_RETRY_TIMEOUT", "WRITE_PARALLELISM", "MAX_RECORD_BYTES", "QUERY_NAME",
            "VACUUM_RETENTION_HOURS", "VACUUM_ALLOW_SHORT_RETENTION", "MAINTENANCE_SINK_STOPPED");

    /**
     * Of {@link #SINK_ENV}, the S3 / MinIO settings and credentials the user's shell may set for the local sink, passed
     * only when the run writes to S3: the sink refuses any of them without S3_BUCKET (a misspelt bucket variable must
     * not mean a silent local write), so AWS keys exported for other work would otherwise break a plain local run.
     */
    static final List<String> S3_PASSTHROUGH_ENV = List.of("S3_BUCKET", "S3_PREFIX", "S3_ENDPOINT",
            "S3_PATH_STYLE_ACCESS", "S3_REGION", "AWS_ACCESS_KEY", "AWS_SECRET_KEY");

    /** Of {@link #SINK_ENV}, the tuning knobs the user's shell may set for the local sink, whatever it writes to. */
    static final List<String> TUNING_PASSTHROUGH_ENV = List.of("TRIGGER_INTERVAL", "MAX_OFFSETS_PER_TRIGGER");

    /** Everything of {@link #SINK_ENV} that can come from the user's shell (S3 ones only for S3 output). */
    static final List<String> SINK_PASSTHROUGH_ENV = Stream.concat(S3_PASSTHROUGH_ENV.stream(),
            TUNING_PASSTHROUGH_ENV.stream()).toList();

    /**
     * What registry-tools reads from the environment (its RegistryToolsConfig; LocalRunConfigTest checks the two
     * agree). The seed inherits none of them: it must seed the local Redis, which it is pointed at with --redis-port.
     */
    static final List<String> REGISTRY_ENV = List.of("REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD", "REDIS_TLS",
            "REGISTRY_PREFIX");

    /**
     * Set by the run-local script to the directory it was started from, before it changes to the repository: a
     * relative --work-dir, --output or --config is the user's, not the repository's.
     */
    static final String CALLER_DIR_ENV = "RUN_LOCAL_CALLER_DIR";

    // Defaults of the path options, inside the repository; null fields until resolvePaths() fills them in.
    static final Path DEFAULT_WORK_DIR = Path.of(".local-run");
    static final Path DEFAULT_OUTPUT = Path.of("data/delta");
    static final Path DEFAULT_CONNECTOR_CONFIG = Path.of("connect-config/fakeclicks.json");

    /** The environment run-local was started with: read here, once, and passed to the methods below that need it. */
    final Map<String, String> parentEnv = System.getenv();

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Kafka data, Redis data, the sink checkpoint and every component's log (default: .local-run in the repository; a relative DIR is taken from the current directory, as for --output and --config).")
    Path workDir;

    @Option(names = "--output", paramLabel = "PATH",
            description = "Where the sink writes Delta tables when S3_BUCKET is not set (default: data/delta in the repository).")
    Path output;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Connector config to deploy (default: connect-config/fakeclicks.json in the repository).")
    Path connectorConfig;

    @Option(names = "--events-per-type", paramLabel = "N",
            description = "Bounded run: exactly N events of every type (default: the config's events.per.type, 10 in the demo config).")
    Integer eventsPerType;

    @Option(names = "--rate", paramLabel = "N",
            description = "Unbounded live run at N events per second (overrides --events-per-type).")
    Integer rate;

    @Option(names = "--until-done",
            description = "Exit once the sink has read every event of the bounded run, after printing rows per table: 0 when Delta holds each produced event exactly once, 3 when rows are missing or an event_id repeats.")
    boolean untilDone;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10M", converter = IsoDuration.class,
            description = "How long --until-done waits, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--clean", description = "Delete the work directory and the output before starting (a fresh run); needed to change the output of a work directory. Refused with S3, whose tables run-local cannot delete.")
    boolean clean;

    @Option(names = "--no-build", description = "Skip the Maven build (handled by the run-local script).")
    boolean noBuild;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Broker port; the KRaft controller uses the next one (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--connect-port", paramLabel = "PORT", defaultValue = "8083",
            description = "Connect REST port (default: ${DEFAULT-VALUE}).")
    int connectPort;

    @Option(names = "--redis-port", paramLabel = "PORT", defaultValue = "5555",
            description = "Redis port (default: ${DEFAULT-VALUE}).")
    int redisPort;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "3",
            description = "Partitions of topic raw_events when it is created (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--spark-master", paramLabel = "MASTER", defaultValue = "local[2]",
            description = "Spark master for the sink job (default: ${DEFAULT-VALUE}).")
    String sparkMaster;

    @Option(names = "--s3-bucket", paramLabel = "BUCKET",
            description = "Write to S3 (or MinIO) instead of --output; sets the sink's S3_BUCKET. AWS_ACCESS_KEY / AWS_SECRET_KEY / S3_* from the environment are passed through.")
    String s3Bucket;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "S3-compatible endpoint, e.g. http://localhost:9000 for MinIO; sets S3_ENDPOINT and path-style access.")
    String s3Endpoint;

    /**
     * Makes --work-dir, --output and --config absolute: given ones against the caller's directory ({@link
     * #CALLER_DIR_ENV}, else the working directory, which is the caller's when Java is started directly), defaults
     * against the repository. Called once, right after parsing.
     */
    void resolvePaths(Path repo, Map<String, String> parentEnv) {
        Path caller = Path.of(parentEnv.getOrDefault(CALLER_DIR_ENV, "")).toAbsolutePath();
        workDir = resolve(workDir, DEFAULT_WORK_DIR, caller, repo);
        output = resolve(output, DEFAULT_OUTPUT, caller, repo);
        connectorConfig = resolve(connectorConfig, DEFAULT_CONNECTOR_CONFIG, caller, repo);
    }

    private static Path resolve(Path given, Path fallback, Path caller, Path repo) {
        return (given == null ? repo.resolve(fallback) : caller.resolve(given)).toAbsolutePath().normalize();
    }

    /** Every problem with the options, for one message before anything starts; see also {@link #problems(String, Map, Path, Path)}. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (eventsPerType != null && eventsPerType < 1) {
            problems.add("--events-per-type must be at least 1, got " + eventsPerType);
        }
        if (rate != null && rate < 1) {
            problems.add("--rate must be at least 1 event per second, got " + rate);
        }
        if (rate != null && untilDone) {
            problems.add("--until-done needs a bounded run, but --rate makes it unbounded");
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("--kafka-port", kafkaPort);
        ports.put("--connect-port", connectPort);
        ports.put("--redis-port", redisPort);
        ports.forEach((option, port) -> {
            if (port < 1 || port > 65535) {
                problems.add(option + " " + port + " is out of range (1-65535)");
            }
        });
        if (kafkaPort == 65535) {
            problems.add("--kafka-port 65535 leaves no port for the KRaft controller, which uses the next one");
        }
        if (List.of(kafkaPort, kafkaPort + 1, connectPort, redisPort).stream().distinct().count() < 4) {
            problems.add("--kafka-port, its controller port (+1), --connect-port and --redis-port must all differ");
        }
        if (partitions < 1) {
            problems.add("--partitions must be at least 1");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            problems.add("--timeout must be positive");
        }
        return problems;
    }

    /**
     * {@link #problems()} plus what depends on the connector config, the environment and the machine: --until-done
     * with a config whose events.per.type is 0 (unbounded, would wait for --timeout, then fail), --s3-endpoint
     * without a bucket (the run would write locally and the endpoint would go nowhere), and a --clean that would
     * delete the repository or the home directory ({@code --output .}, {@code --work-dir ..}).
     *
     * @param configEventsPerType events.per.type of the connector config after this run's overrides; null when the
     *                            config could not be read (a problem the caller reports), so not checked here
     * @param parentEnv the environment run-local was started with
     */
    List<String> problems(String configEventsPerType, Map<String, String> parentEnv, Path repo, Path home) {
        List<String> problems = problems();
        notADirectory("--work-dir", workDir).ifPresent(problems::add);
        if (!writesToS3(parentEnv)) {
            notADirectory("--output", output).ifPresent(problems::add);
        }
        if (s3Endpoint != null && !writesToS3(parentEnv)) {
            problems.add("--s3-endpoint " + s3Endpoint + " needs a bucket: add --s3-bucket BUCKET (or set S3_BUCKET)"
                    + ", or drop --s3-endpoint to write to " + output);
        }
        if (untilDone && rate == null && configEventsPerType != null && !isBounded(configEventsPerType)) {
            problems.add("--until-done needs a bounded run, but " + connectorConfig + " has events.per.type="
                    + configEventsPerType + " (unbounded): add --events-per-type N or use a bounded --config");
        }
        if (clean) {
            for (Path target : List.of(workDir, output)) {
                Path absolute = canonical(target);
                for (Path precious : List.of(repo, home)) {
                    if (canonical(precious).startsWith(absolute)) {
                        problems.add("--clean would delete " + absolute + ", which is or contains " + precious
                                + ": choose another " + (target == workDir ? "--work-dir" : "--output"));
                    }
                }
            }
        }
        return problems;
    }

    /**
     * Why {@code dir} cannot be used as a directory: it is the root, or it or its nearest existing ancestor is a file
     * (symlinks followed); empty when it is a directory or can be created as one.
     */
    private static Optional<String> notADirectory(String option, Path dir) {
        if (dir.getParent() == null) { // the sink's tables, or every component's data, straight in the root: a typo
            return Optional.of(option + " " + dir + ": is the file system root; choose a directory under it");
        }
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? Optional.empty() : Optional.of(option + " " + dir + ": "
                        + (p.equals(dir) ? "" : p + " ") + "is a file, not a directory");
            }
        }
        return Optional.empty();
    }

    /** The real path where it exists (so a symlink to the repository counts as the repository). */
    private static Path canonical(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /** A connector events.per.type value of 0 (the connector's default) means: unbounded. */
    static boolean isBounded(String eventsPerType) {
        try {
            return Long.parseLong(eventsPerType.strip()) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    String bootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    /** Connector settings this run overrides in the config file. */
    Map<String, String> connectorOverrides() {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (rate != null) {
            overrides.put("events.per.type", "0");
            overrides.put("events.per.second", Integer.toString(rate));
        } else if (eventsPerType != null) {
            overrides.put("events.per.type", Integer.toString(eventsPerType));
        }
        return overrides;
    }

    /**
     * The sink's environment, which replaces every {@link #SINK_ENV} variable it would inherit: its own settings,
     * the tuning knobs passed through, and the S3 / AWS variables only when it writes to S3 (see
     * {@link #S3_PASSTHROUGH_ENV}). OUTPUT_PATH only for local output: with S3 the sink derives
     * {@code s3a://<bucket>/<prefix>} itself (an OUTPUT_PATH would win over it). The checkpoint stays local either
     * way, beside the broker data it refers to (and where the progress check reads it).
     */
    Map<String, String> sinkEnvironment(Map<String, String> parentEnv, Path checkpoint) {
        Map<String, String> env = new LinkedHashMap<>();
        boolean s3 = writesToS3(parentEnv);
        (s3 ? SINK_PASSTHROUGH_ENV : TUNING_PASSTHROUGH_ENV).forEach(name -> {
            if (parentEnv.containsKey(name)) {
                env.put(name, parentEnv.get(name));
            }
        });
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
        env.put("KAFKA_TOPIC", LocalRun.TOPIC);
        env.put("REDIS_HOST", "localhost");
        env.put("REDIS_PORT", Integer.toString(redisPort));
        if (!s3) {
            env.put("OUTPUT_PATH", output.toAbsolutePath().toString());
        }
        env.put("CHECKPOINT_LOCATION", checkpoint.toAbsolutePath().toString());
        if (s3Bucket != null) {
            env.put("S3_BUCKET", s3Bucket);
        }
        if (s3Endpoint != null && s3) { // without a bucket problems() refuses the run; never an S3_* for local output
            env.put("S3_ENDPOINT", s3Endpoint);
            env.putIfAbsent("S3_PATH_STYLE_ACCESS", "true");
        }
        return env;
    }

    boolean writesToS3(Map<String, String> parentEnv) {
        return s3Bucket != null || !parentEnv.getOrDefault("S3_BUCKET", "").isBlank();
    }

    /** Where the tables go, for the progress output: the output directory, or the s3a URL the sink derives. */
    String destination(Map<String, String> parentEnv) {
        if (!writesToS3(parentEnv)) {
            return output.toAbsolutePath().toString();
        }
        // As the sink derives it (SinkConfig): no leading slash, one trailing slash, so "run1" and "run1/" are one place.
        String prefix = parentEnv.getOrDefault("S3_PREFIX", "data/").replaceAll("^/+", "");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix += "/";
        }
        return "s3a://" + (s3Bucket != null ? s3Bucket : parentEnv.get("S3_BUCKET")) + "/" + prefix;
    }

    /**
     * What a work directory records as its destination ({@link DestinationRecord}): where the tables are and, for S3
     * with an endpoint (MinIO or another S3-compatible store), that endpoint: the same bucket and prefix on another
     * store are other tables.
     */
    String recordedDestination(Map<String, String> parentEnv) {
        String endpoint = s3Endpoint != null ? s3Endpoint : parentEnv.getOrDefault("S3_ENDPOINT", "");
        endpoint = endpoint.strip().replaceAll("/+$", "");
        return writesToS3(parentEnv) && !endpoint.isEmpty() ? destination(parentEnv) + " at " + endpoint : destination(parentEnv);
    }

    /**
     * The sink's classpath: Spark's, plus hadoop-aws and its AWS SDK when it writes to S3 (the s3a file system;
     * the sink's build keeps them out of its runtime, as users add them with {@code --packages}).
     */
    String sinkClasspath(Map<String, String> parentEnv, String sparkClasspath, Supplier<String> s3Classpath) {
        return writesToS3(parentEnv) ? sparkClasspath + File.pathSeparator + s3Classpath.get() : sparkClasspath;
    }

    /** --timeout's converter: an ISO-8601 duration, with a message that says so rather than naming a Java class. */
    static final class IsoDuration implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not an ISO-8601 duration (e.g. PT10M, PT30S, PT1H)");
            }
        }
    }
}

package dev.fakeclicks.local;

import dev.fakeclicks.local.connect.ConnectRest;
import dev.fakeclicks.local.connect.ConnectRest.ConnectorConfig;
import dev.fakeclicks.local.connect.ConnectWorker;
import dev.fakeclicks.local.connect.DeployedConnectors;
import dev.fakeclicks.local.delta.DeltaTables;
import dev.fakeclicks.local.kafka.JavaLauncher;
import dev.fakeclicks.local.kafka.KafkaBroker;
import dev.fakeclicks.local.process.Children;
import dev.fakeclicks.local.process.ComponentFailure;
import dev.fakeclicks.local.process.FileProblems;
import dev.fakeclicks.local.process.ManagedProcess;
import dev.fakeclicks.local.process.PidFile;
import dev.fakeclicks.local.process.Ports;
import dev.fakeclicks.local.process.Sleeper;
import dev.fakeclicks.local.process.WorkDirLock;
import dev.fakeclicks.local.sink.BatchLine;
import dev.fakeclicks.local.sink.Checkpoint;
import dev.fakeclicks.local.sink.LogTail;
import dev.fakeclicks.local.sink.SinkJob;
import dev.fakeclicks.servers.RedisServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./run-local}: the whole pipeline on this machine, each component a real process with its log under the
 * work directory. It does what a user would do by hand: seed the registry, deploy the connector through the
 * Connect REST API, spark-submit the sink; then it shows what lands in Delta.
 */
@Command(name = "run-local", mixinStandardHelpOptions = true, versionProvider = LocalRun.Version.class,
        description = "Runs Redis, a KRaft broker, a Connect worker with the fakeclicks connector and the Spark sink "
                + "locally, and shows events landing in Delta. Ctrl-C stops everything.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:--until-done: every produced event is in Delta exactly once (with S3: the sink read the whole topic; tables are not counted)",
                "1:a component failed, or --until-done gave up after --timeout",
                "2:bad options (nothing was started)",
                "3:--until-done: the sink read the whole topic, but Delta misses rows or repeats an event_id",
                "130:stopped by Ctrl-C",
                "143:stopped by SIGTERM (kill)"})
public final class LocalRun implements Callable<Integer> {

    static final String TOPIC = "raw_events";
    /** Exit codes, as --help and the README list them. */
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_OPTIONS = 2;
    /** --until-done: the sink caught up with the topic, but Delta does not hold exactly what the topic does. */
    static final int EXIT_MISMATCH = 3;
    static final int EXIT_STOPPED = 130;
    private static final Duration POLL = Duration.ofSeconds(1);
    /** Reading the whole topic to count it: generous, since a long live run may have put millions of records there. */
    private static final Duration COUNT_TIMEOUT = Duration.ofMinutes(5);

    @Mixin
    LocalRunConfig config;

    /** A type seed registered or found unchanged: "page_view  unchanged    v1". */
    private static final Pattern SEED_OK = Pattern.compile("[a-z][a-z0-9_]*\\s+(registered|unchanged)\\s+v\\d+");
    /** What a bounded connector task logs once it has produced its share: "Task 2/3 done: 50 events (...)". */
    private static final Pattern TASK_DONE = Pattern.compile("Task (\\d+)/\\d+ (done: \\d+ events)");

    private final PrintStream out = System.out;
    private final Children running = new Children();
    /** {@code <work-dir>/logs} once the options are read: where an unexpected failure's stack trace goes. */
    private volatile Path logs;
    private volatile boolean stopping;
    /** Set by the shutdown hook (Ctrl-C, SIGTERM): failures of components being stopped are expected then. */
    private volatile boolean shutdownRequested;
    /** Held until this JVM exits: no other run-local stops this run's children as leftovers. */
    private WorkDirLock workDirLock;

    public static void main(String[] args) {
        LocalRun run = new LocalRun();
        System.exit(commandLine(run).execute(args));
    }

    /** The configured command line: main's, and the tests'. */
    static CommandLine commandLine(LocalRun run) {
        CommandLine cli = new CommandLine(run);
        // A bad option: one line naming it (exit 2), not the message followed by the whole --help text that buries it.
        cli.setParameterExceptionHandler((error, args) -> {
            String message = error.getMessage();
            if (error instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
                message += " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
            }
            error.getCommandLine().getErr().println("run-local: " + message + " (see ./run-local --help)");
            return EXIT_BAD_OPTIONS;
        });
        cli.setExecutionExceptionHandler((error, command, parseResult) -> {
            if (run.shutdownRequested) {
                // Stopped (Ctrl-C) while a component was starting: its failure is the stop, not news.
                return EXIT_STOPPED;
            }
            System.err.println("run-local: " + run.oneLine(error));
            return EXIT_FAILED;
        });
        return cli;
    }

    /**
     * A failure as one line: what failed and where (the component and its log, the file); for anything else (a
     * bug), its type and message, with the stack trace saved under the work directory rather than printed.
     */
    private String oneLine(Throwable error) {
        return knownFailure(error).orElseGet(() -> "unexpected " + error + saveTrace(error));
    }

    /** The message of a failure that names what failed; empty for any other exception. */
    static Optional<String> knownFailure(Throwable error) {
        if (error instanceof ComponentFailure || error instanceof IllegalArgumentException) {
            return Optional.ofNullable(error.getMessage());
        }
        if (error instanceof UncheckedIOException unchecked) {
            String detail = FileProblems.describe(unchecked.getCause());
            // Without a message of its own, UncheckedIOException's is its cause's toString().
            return Optional.of(unchecked.getMessage().equals(unchecked.getCause().toString()) ? detail
                    : unchecked.getMessage() + " (" + detail + ")");
        }
        return error instanceof IOException io ? Optional.of(FileProblems.describe(io)) : Optional.empty();
    }

    /** Appends the trace to {@code <work-dir>/logs/run-local.log}; returns where, for the message. */
    private String saveTrace(Throwable error) {
        if (logs == null) {
            return "";
        }
        Path file = logs.resolve("run-local.log");
        try {
            Files.createDirectories(logs);
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            Files.writeString(file, Instant.now() + " " + trace, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return " (stack trace in " + relative(file) + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public Integer call() throws Exception {
        Path repo = Path.of("").toAbsolutePath(); // the run-local script starts Java in the repository
        Map<String, String> env = config.parentEnv;
        config.resolvePaths(repo, env);
        Layout layout = Layout.of(repo, config.workDir);
        List<String> problems = new ArrayList<>();
        ConnectorConfig connector = null;
        try {
            connector = ConnectorConfig.read(config.connectorConfig).with(config.connectorOverrides());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        String topic = connector == null ? TOPIC : connector.get("topic", TOPIC);
        if (!TOPIC.equals(topic)) {
            // The broker creates no topic on demand: the connector would wait for it forever while the sink reads an
            // empty raw_events, and --until-done would give up after --timeout blaming the sink.
            problems.add(config.connectorConfig + " has \"topic\": \"" + topic + "\", but run-local creates and the sink"
                    + " reads only " + TOPIC + ": set \"topic\": \"" + TOPIC + "\" (or leave it out)");
        }
        problems.addAll(config.problems(connector == null ? null : connector.get("events.per.type", "0"), env, repo,
                Path.of(System.getProperty("user.home"))));
        DestinationRecord.problem(new DestinationRecord(layout.destinationFile()).read(), config.recordedDestination(env),
                config.clean, config.writesToS3(env), layout.work()).ifPresent(problems::add);
        if (connector != null && !config.clean) {
            new DeployedConnectors(layout.deployedConnectors()).config(connector.name())
                    .flatMap(connector::cannotContinue).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("run-local: " + p));
            return EXIT_BAD_OPTIONS;
        }
        logs = layout.logs();
        layout.requireBuilt(config.writesToS3(env));
        createLogs(layout); // an unusable work directory is said before anything is stopped or deleted
        workDirLock = WorkDirLock.tryAcquire(layout.work()).orElse(null);
        if (workDirLock == null) {
            System.err.println("run-local: " + WorkDirLock.heldMessage(layout.work()));
            return EXIT_BAD_OPTIONS;
        }
        // Leftovers first (they hold the ports), then the port checks, and only then --clean: a run that cannot
        // start deletes nothing.
        stopLeftovers(layout);
        Ports.requireFree(config.redisPort, "redis", "--redis-port");
        Ports.requireFree(config.kafkaPort, "kafka", "--kafka-port");
        Ports.requireFree(config.kafkaPort + 1, "kafka controller", "--kafka-port (controller uses port + 1)");
        Ports.requireFree(config.connectPort, "connect", "--connect-port");
        if (config.clean) {
            clean(layout);
            createLogs(layout);
        }

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdownRequested = true;
            stopAll();
        }, "run-local-shutdown"));
        try {
            LogTail connectLog = new LogTail(layout.logs().resolve("connect.log"));
            startPipeline(layout, connector);
            return watch(layout, connector, connectLog);
        } finally {
            stopAll();
        }
    }

    private void startPipeline(Layout layout, ConnectorConfig connector) {
        say("redis", "starting on port " + config.redisPort);
        // Registered before it has a process: a Ctrl-C from here on closes it, and a closed server starts nothing.
        RedisServerProcess redis = running.add(RedisServerProcess.builder().port(config.redisPort)
                .dir(layout.work().resolve("redis")).persistent(true).create());
        // The pid file as soon as the process exists: a run killed while Redis loads its data leaves it behind too.
        try {
            redis.launch(process -> PidFile.write(layout.logs().resolve("redis.pid"), process));
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new ComponentFailure("redis", "did not start: " + e.getMessage(), redis.logFile());
        }
        say("redis", "ready (log: " + relative(redis.logFile()) + ")");

        say("registry", "registry-tools seed");
        LogTail seedLog = new LogTail(layout.logs().resolve("seed.log"));
        ManagedProcess seed = running.start(() -> ManagedProcess.start("seed", List.of(java(), "-jar",
                        layout.registryToolsJar().toString(), "seed", "--redis-port", Integer.toString(config.redisPort)),
                LocalRunConfig.REGISTRY_ENV, Map.of(), layout.logs(), layout.repo()));
        Duration seedTimeout = Duration.ofMinutes(2);
        Optional<Integer> seeded = seed.awaitExit(seedTimeout);
        seed.close(); // stops it if it timed out; only then is it forgotten, so a stop meanwhile still finds it
        running.remove(seed);
        if (seeded.isEmpty()) {
            throw new ComponentFailure("registry-tools seed", "did not finish within " + seedTimeout.toSeconds() + " s", seed.log());
        }
        // Its warnings and refusals are for the user, not only for the log.
        seedNotes(seedLog.newLines()).forEach(line -> say("registry", line));
        if (seeded.get() != 0) {
            throw new ComponentFailure("registry-tools seed", "failed (exit " + seeded.get() + "; a registry an earlier run"
                    + " seeded may refuse a changed catalogue, and --clean starts with an empty one)", seed.log());
        }
        say("registry", "seeded (" + relative(seed.log()) + ")");

        JavaLauncher kafkaJava = new JavaLauncher(Path.of(System.getProperty("java.home")), layout.kafkaClasspath(),
                writeLog4jConfig(layout), layout.logs(), layout.repo());
        say("kafka", "starting KRaft broker on port " + config.kafkaPort);
        KafkaBroker.start(kafkaJava, layout.work().resolve("kafka"), layout.logs(), config.kafkaPort, running);
        KafkaBroker.createTopic(config.bootstrapServers(), TOPIC, config.partitions, layout.logs().resolve("kafka.log"));
        say("kafka", "ready, topic " + TOPIC + " (log: " + relative(layout.logs().resolve("kafka.log")) + ")");

        say("connect", "starting worker, REST on port " + config.connectPort);
        ConnectWorker.start(kafkaJava, layout.work().resolve("connect"), config.bootstrapServers(),
                config.connectPort, layout.pluginPath(), running);
        ConnectRest rest = new ConnectRest(config.connectPort, layout.logs().resolve("connect.log"));
        // The worker's copy, for a work directory that has no DeployedConnectors yet; before removing anything, so
        // that a refused run leaves the worker's connectors as they were.
        Optional<String> conflict = rest.storedConfig(connector.name(), Duration.ofMinutes(2)).flatMap(connector::cannotContinue);
        if (conflict.isPresent()) {
            throw new IllegalArgumentException(conflict.get());
        }
        for (String removed : rest.removeAllBut(connector.name(), Duration.ofMinutes(2))) {
            say("connect", "removed connector " + removed + ", deployed by an earlier run (only " + connector.name()
                    + " runs now)");
        }
        rest.deploy(connector, Duration.ofMinutes(2));
        new DeployedConnectors(layout.deployedConnectors()).record(connector);
        say("connect", "connector " + connector.name() + " deployed from " + relative(config.connectorConfig)
                + describe(config.connectorOverrides()) + " (log: " + relative(layout.logs().resolve("connect.log")) + ")");

        Map<String, String> env = config.parentEnv;
        // Only now: a run that stopped before its sink started wrote nowhere, and leaves the work directory free.
        new DestinationRecord(layout.destinationFile()).write(config.recordedDestination(env));
        say("sink", "spark-submit " + SinkJob.MAIN_CLASS + " (" + config.sparkMaster + ") -> "
                + relative(config.destination(env)));
        running.start(() -> SinkJob.start(Path.of(System.getProperty("java.home")),
                config.sinkClasspath(env, layout.sparkClasspath(), layout::s3Classpath),
                sparkJvmOptions(), layout.sinkJar(), config.sparkMaster, LocalRunConfig.SINK_ENV,
                config.sinkEnvironment(env, layout.checkpoint()), layout.work().resolve("sink"),
                layout.logs(), layout.repo()));
    }

    /** Shows batches as they commit; with --until-done returns once everything produced is in Delta. */
    private int watch(Layout layout, ConnectorConfig connector, LogTail connectLog) {
        LogTail sinkLog = new LogTail(layout.logs().resolve("sink.log"));
        ConnectRest rest = new ConnectRest(config.connectPort, layout.logs().resolve("connect.log"));
        Checkpoint checkpoint = new Checkpoint(layout.checkpoint());
        Instant deadline = Instant.now().plus(config.timeout);
        boolean announcedDone = false;
        boolean bounded = LocalRunConfig.isBounded(connector.get("events.per.type", "0"));
        // Task indices, not "done" lines: a task restarted by a rebalance logs "done" again.
        Set<Integer> tasksDone = new HashSet<>();
        Instant producedAt = null;
        say("sink", "waiting for the first batch (the first Delta commit takes ~20 s on a cold JVM)");
        while (!stopping) {
            for (String line : sinkLog.newLines()) {
                BatchLine.parse(line).ifPresent(batch -> say("sink", batch.describe()));
            }
            requireAlive();
            int tasks = Math.max(0, rest.states(connector.name()).size() - 1);
            for (String line : connectLog.newLines()) {
                Matcher done = TASK_DONE.matcher(line);
                if (done.find() && tasksDone.add(Integer.parseInt(done.group(1)))) {
                    say("connect", "task " + done.group(1) + " " + done.group(2));
                }
            }
            if (producedAt == null && tasks > 0 && tasksDone.size() >= tasks) {
                producedAt = Instant.now();
            }
            // A task logs "done" at the poll after its last batch; give that batch a moment to be committed.
            boolean produced = producedAt != null && Instant.now().isAfter(producedAt.plusSeconds(2));
            if (bounded && produced && !announcedDone && Progress.sinkCaughtUp(config.bootstrapServers(), TOPIC, checkpoint)) {
                announcedDone = true;
                if (config.writesToS3(config.parentEnv)) {
                    long records = Progress.countRecords(config.bootstrapServers(), TOPIC, COUNT_TIMEOUT,
                            layout.logs().resolve("kafka.log"));
                    say("sink", "all " + records + " records of " + TOPIC
                            + " are committed to S3 (tables there are not counted by run-local)");
                } else {
                    Optional<String> mismatch = report(layout, new DeltaTables(config.output)).mismatch();
                    if (mismatch.isPresent()) {
                        System.err.println("run-local: Delta does not match the topic: " + mismatch.get()
                                + " (counts in " + relative(layout.work().resolve("report.json")) + ", sink log: "
                                + relative(layout.logs().resolve("sink.log")) + ")");
                        if (config.untilDone) {
                            return EXIT_MISMATCH;
                        }
                    }
                }
                if (config.untilDone) {
                    return 0;
                }
                say("run-local", "bounded run complete; components keep running until Ctrl-C");
            }
            if (config.untilDone && Instant.now().isAfter(deadline)) {
                throw new ComponentFailure("run-local", "gave up after " + config.timeout.toSeconds()
                        + " s: not every produced event reached Delta", layout.logs().resolve("sink.log"));
            }
            Sleeper.sleep(POLL);
        }
        return 0;
    }

    /** Prints rows per table and the reconciliation with the topic; also writes it to {@code <work-dir>/report.json}. */
    private RunReport report(Layout layout, DeltaTables tables) {
        long produced = Progress.countRecords(config.bootstrapServers(), TOPIC, COUNT_TIMEOUT,
                layout.logs().resolve("kafka.log"));
        RunReport report;
        try {
            report = RunReport.of(produced, tables);
        } catch (IllegalStateException | UncheckedIOException e) { // Delta Kernel's failures come as either
            throw new ComponentFailure("run-local", "could not count the rows in Delta: " + e.getMessage(),
                    layout.logs().resolve("sink.log"));
        }
        out.println();
        out.print(report.table());
        out.println();
        report.write(layout.work().resolve("report.json"));
        return report;
    }

    /** What seed printed beside its per-type "registered"/"unchanged" lines: warnings and refusals (20 at most). */
    static List<String> seedNotes(List<String> seedOutput) {
        return seedOutput.stream().filter(line -> !SEED_OK.matcher(line).matches()).limit(20).toList();
    }

    private void requireAlive() {
        for (AutoCloseable component : running.list()) {
            if (component instanceof ManagedProcess process && !process.isAlive() && !stopping) {
                throw new ComponentFailure(process.name(), "stopped unexpectedly", process.log());
            }
            if (component instanceof RedisServerProcess redis && !redis.isRunning() && !stopping) {
                throw new ComponentFailure("redis", "stopped unexpectedly", redis.logFile());
            }
        }
    }

    /** Stops every child, newest first (sink before Connect before Kafka before Redis); safe to call twice. */
    private synchronized void stopAll() {
        stopping = true;
        if (running.size() > 0) {
            say("run-local", "stopping " + running.size() + " components");
        }
        running.stopAll((component, e) -> System.err.println("run-local: while stopping: " + e.getMessage()));
    }

    private void stopLeftovers(Layout layout) {
        for (String name : List.of("sink", "connect", "kafka", "kafka-format", "seed", "redis")) {
            ManagedProcess.stopLeftover(name, layout.logs()).ifPresent(pid -> say("run-local",
                    "stopped " + name + " (pid " + pid + ") left over from an earlier run"));
        }
    }

    /**
     * Deletes what the work directory and the output hold, but this run's lock; {@link LocalRunConfig#problems(String,
     * Map, Path, Path)} vetted both. A file that cannot be deleted (say, left by a run as another user) stops the run:
     * going on with half a checkpoint or half a broker would fail later, and less clearly.
     */
    private void clean(Layout layout) {
        Path lock = layout.work().resolve(WorkDirLock.FILE_NAME);
        List<String> failures = new ArrayList<>();
        for (Path dir : List.of(layout.work(), config.output)) {
            if (!Files.exists(dir)) {
                continue;
            }
            say("run-local", "--clean: deleting " + relative(dir));
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) { // children before their directory
                    if (!file.equals(lock) && !file.equals(layout.work())) {
                        try {
                            Files.delete(file);
                        } catch (IOException e) {
                            failures.add(FileProblems.describe(e));
                        }
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                throw new UncheckedIOException("--clean could not list " + dir,
                        e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalArgumentException("--clean could not delete " + failures.size() + " file"
                    + (failures.size() == 1 ? "" : "s") + ", e.g. " + failures.get(0) + ": remove " + (failures.size() == 1 ? "it" : "them")
                    + " (as the user who owns " + (failures.size() == 1 ? "it" : "them") + "), then run again");
        }
    }

    private static void createLogs(Layout layout) {
        try {
            Files.createDirectories(layout.logs());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory " + layout.work(), e);
        }
    }

    private static Path writeLog4jConfig(Layout layout) {
        Path file = layout.work().resolve("log4j2.properties");
        try {
            Files.writeString(file, String.join("\n",
                    "# Kafka and Connect log to stdout, which run-local appends to logs/<component>.log",
                    "rootLogger.level=INFO",
                    "rootLogger.appenderRef.stdout.ref=STDOUT",
                    "appender.stdout.type=Console",
                    "appender.stdout.name=STDOUT",
                    "appender.stdout.layout.type=PatternLayout",
                    "appender.stdout.layout.pattern=[%d] %p %m (%c)%n",
                    "logger.kafka.name=kafka",
                    "logger.kafka.level=WARN",
                    "logger.apache.name=org.apache.kafka",
                    "logger.apache.level=WARN",
                    "logger.connect.name=org.apache.kafka.connect.runtime",
                    "logger.connect.level=INFO",
                    "logger.fakeclicks.name=dev.fakeclicks",
                    "logger.fakeclicks.level=INFO",
                    ""));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static List<String> sparkJvmOptions() {
        return Arrays.stream(buildProperties().getProperty("spark.java17.opens").split("\\s+")).filter(s -> !s.isBlank()).toList();
    }

    /** local-run.properties, filled in by the build. */
    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = LocalRun.class.getResourceAsStream("/local-run.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String describe(Map<String, String> overrides) {
        return overrides.isEmpty() ? "" : " with " + overrides;
    }

    private static String relative(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        return path.startsWith(cwd) ? cwd.relativize(path).toString() : path.toString();
    }

    private static String relative(String destination) {
        return destination.startsWith("s3a://") ? destination : relative(Path.of(destination));
    }

    /** {@code -V}: the version this build was made from. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"run-local " + buildProperties().getProperty("version")};
        }
    }

    private void say(String component, String message) {
        out.printf("[%-9s] %s%n", component, message);
    }
}

package dev.fakeclicks.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Option;

class LocalRunConfigTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path CHECKPOINT = Path.of("/tmp/work/checkpoint");

    private static LocalRunConfig parse(String... args) {
        return parse(Map.of(), args);
    }

    /** As LocalRun.call() does: parse, then resolve the path options. */
    private static LocalRunConfig parse(Map<String, String> env, String... args) {
        LocalRun command = new LocalRun();
        new CommandLine(command).parseArgs(args);
        command.config.resolvePaths(REPO, env);
        return command.config;
    }

    // --- relative paths are the caller's, defaults the repository's ---

    @Test
    void relativePathOptionsResolveAgainstTheCallersDirectory() {
        Path caller = Path.of("/home/someone/project");
        LocalRunConfig config = parse(Map.of(LocalRunConfig.CALLER_DIR_ENV, caller.toString()),
                "--config", "./my.json", "--output", "out", "--work-dir", "../state");

        assertThat(config.connectorConfig).isEqualTo(caller.resolve("my.json"));
        assertThat(config.output).isEqualTo(caller.resolve("out"));
        assertThat(config.workDir).isEqualTo(Path.of("/home/someone/state"));
        assertThat(config.sinkEnvironment(Map.of(), CHECKPOINT)).containsEntry("OUTPUT_PATH", "/home/someone/project/out");
    }

    @Test
    void absolutePathOptionsStayAsGiven() {
        LocalRunConfig config = parse(Map.of(LocalRunConfig.CALLER_DIR_ENV, "/home/someone"),
                "--config", "/etc/c.json", "--output", "/tmp/delta", "--work-dir", "/tmp/work");

        assertThat(config.connectorConfig).isEqualTo(Path.of("/etc/c.json"));
        assertThat(config.output).isEqualTo(Path.of("/tmp/delta"));
        assertThat(config.workDir).isEqualTo(Path.of("/tmp/work"));
    }

    @Test
    void defaultPathsAreInTheRepositoryWhereverRunLocalIsStartedFrom() {
        LocalRunConfig config = parse(Map.of(LocalRunConfig.CALLER_DIR_ENV, "/home/someone"));

        assertThat(config.workDir).isEqualTo(REPO.resolve(".local-run"));
        assertThat(config.output).isEqualTo(REPO.resolve("data/delta"));
        assertThat(config.connectorConfig).isEqualTo(REPO.resolve("connect-config/fakeclicks.json"));
    }

    @Test
    void withoutTheScriptRelativePathsAreTheWorkingDirectorys() {
        // java ... LocalRun started by hand: the working directory is the caller's.
        assertThat(parse("--output", "out").output).isEqualTo(Path.of("out").toAbsolutePath());
    }

    // --- S3 or local: environment and classpath of the sink ---

    @Test
    void localOutputSetsOutputPathAndKeepsSparksClasspath() {
        LocalRunConfig config = parse("--output", "/tmp/delta");
        Map<String, String> env = config.sinkEnvironment(Map.of(), CHECKPOINT);

        assertThat(env).containsEntry("OUTPUT_PATH", "/tmp/delta").containsEntry("CHECKPOINT_LOCATION", CHECKPOINT.toString())
                .doesNotContainKey("S3_BUCKET");
        assertThat(config.sinkClasspath(Map.of(), "spark.jar", () -> {
            throw new AssertionError("the S3 classpath is not needed for local output");
        })).isEqualTo("spark.jar");
        assertThat(config.destination(Map.of())).isEqualTo("/tmp/delta");
    }

    @Test
    void s3BucketOptionLeavesOutputPathToTheSinkAndAddsHadoopAws() {
        LocalRunConfig config = parse("--s3-bucket", "clicks", "--s3-endpoint", "http://localhost:9000");
        Map<String, String> env = config.sinkEnvironment(Map.of(), CHECKPOINT);

        assertThat(env).doesNotContainKey("OUTPUT_PATH")
                .containsEntry("S3_BUCKET", "clicks")
                .containsEntry("S3_ENDPOINT", "http://localhost:9000")
                .containsEntry("S3_PATH_STYLE_ACCESS", "true")
                .containsEntry("CHECKPOINT_LOCATION", CHECKPOINT.toString());
        assertThat(config.sinkClasspath(Map.of(), "spark.jar", () -> "hadoop-aws.jar:sdk.jar"))
                .isEqualTo("spark.jar:hadoop-aws.jar:sdk.jar");
        assertThat(config.destination(Map.of())).isEqualTo("s3a://clicks/data/");
    }

    @Test
    void s3BucketFromTheEnvironmentCountsAsS3AndItsSettingsPassThrough() {
        LocalRunConfig config = parse();
        Map<String, String> shell = Map.of("S3_BUCKET", "clicks", "S3_PREFIX", "run1/", "S3_REGION", "eu-west-1",
                "AWS_ACCESS_KEY", "key", "AWS_SECRET_KEY", "secret", "OUTPUT_PATH", "/elsewhere",
                "STARTING_OFFSETS", "latest", "REDIS_PASSWORD", "not-for-local-redis");
        Map<String, String> env = config.sinkEnvironment(shell, CHECKPOINT);

        assertThat(env).containsEntry("S3_BUCKET", "clicks").containsEntry("S3_PREFIX", "run1/")
                .containsEntry("S3_REGION", "eu-west-1").containsEntry("AWS_ACCESS_KEY", "key")
                .containsEntry("AWS_SECRET_KEY", "secret")
                .doesNotContainKeys("OUTPUT_PATH", "STARTING_OFFSETS", "REDIS_PASSWORD");
        assertThat(config.sinkClasspath(shell, "spark.jar", () -> "aws.jar")).isEqualTo("spark.jar:aws.jar");
        assertThat(config.destination(shell)).isEqualTo("s3a://clicks/run1/");
    }

    @Test
    void theRecordedDestinationNamesTheS3EndpointSoAnotherStoreIsAnotherDestination() {
        assertThat(parse("--s3-bucket", "clicks", "--s3-endpoint", "http://localhost:9000/").recordedDestination(Map.of()))
                .isEqualTo("s3a://clicks/data/ at http://localhost:9000");
        assertThat(parse("--s3-bucket", "clicks").recordedDestination(Map.of("S3_ENDPOINT", "http://minio:9000")))
                .isEqualTo("s3a://clicks/data/ at http://minio:9000");
        assertThat(parse("--s3-bucket", "clicks").recordedDestination(Map.of())).isEqualTo("s3a://clicks/data/");
        assertThat(parse("--output", "/tmp/delta").recordedDestination(Map.of("S3_ENDPOINT", "http://minio:9000")))
                .as("an endpoint in the shell does not matter to local output").isEqualTo("/tmp/delta");
    }

    @Test
    void s3DestinationIsWrittenAsTheSinkDerivesItSoOnePrefixHasOneName() {
        LocalRunConfig config = parse("--s3-bucket", "clicks");
        assertThat(config.destination(Map.of("S3_PREFIX", "run1"))).isEqualTo("s3a://clicks/run1/");
        assertThat(config.destination(Map.of("S3_PREFIX", "/run1/"))).isEqualTo("s3a://clicks/run1/");
    }

    @Test
    void localOutputPassesNoS3OrAwsVariableFromTheShell() {
        // The sink refuses any S3_*/AWS_* variable without S3_BUCKET: keys exported for other work must not break a local run.
        LocalRunConfig config = parse("--output", "/tmp/delta");
        Map<String, String> shell = Map.of("AWS_ACCESS_KEY", "key", "AWS_SECRET_KEY", "secret", "S3_REGION", "eu-west-1",
                "S3_PREFIX", "run1/", "S3_ENDPOINT", "http://localhost:9000", "S3_PATH_STYLE_ACCESS", "true",
                "TRIGGER_INTERVAL", "5 seconds", "MAX_OFFSETS_PER_TRIGGER", "1000", "S3_BUCKET", " ");
        Map<String, String> env = config.sinkEnvironment(shell, CHECKPOINT);

        assertThat(env.keySet()).doesNotContainAnyElementsOf(LocalRunConfig.S3_PASSTHROUGH_ENV);
        assertThat(env).containsEntry("OUTPUT_PATH", "/tmp/delta")
                .containsEntry("TRIGGER_INTERVAL", "5 seconds").containsEntry("MAX_OFFSETS_PER_TRIGGER", "1000");
        assertThat(config.destination(shell)).isEqualTo("/tmp/delta");
        assertThat(config.problems("10", shell, REPO, Path.of("/home/nobody"))).as("stray S3 variables are no problem of a local run").isEmpty();
    }

    @Test
    void s3EndpointWithoutABucketIsRefusedUpFront() {
        LocalRunConfig config = parse("--s3-endpoint", "http://localhost:9000");
        assertThat(config.problems("10", Map.of(), REPO, Path.of("/home/nobody"))).singleElement().asString()
                .contains("--s3-endpoint http://localhost:9000 needs a bucket").contains("--s3-bucket");
        assertThat(config.problems("10", Map.of("S3_BUCKET", ""), REPO, Path.of("/home/nobody")))
                .as("a blank S3_BUCKET is no bucket").hasSize(1);
        assertThat(config.problems("10", Map.of("S3_BUCKET", "clicks"), REPO, Path.of("/home/nobody")))
                .as("bucket from the environment").isEmpty();
        assertThat(parse("--s3-endpoint", "http://localhost:9000", "--s3-bucket", "clicks")
                .problems("10", Map.of(), REPO, Path.of("/home/nobody"))).as("bucket from the option").isEmpty();
    }

    @Test
    void everyInheritedSinkSettingIsReplacedSoOnlyThePassThroughListComesFromTheShell() {
        // ManagedProcess removes SINK_ENV from what the sink inherits, then adds sinkEnvironment(): so whatever
        // sinkEnvironment() sets comes from this run, and everything else of SINK_ENV only through the pass-through list.
        LocalRunConfig config = parse();
        Map<String, String> shell = new java.util.HashMap<>();
        LocalRunConfig.SINK_ENV.forEach(name -> shell.put(name, "from-shell"));
        shell.put("S3_BUCKET", "clicks");
        Map<String, String> env = config.sinkEnvironment(shell, CHECKPOINT);

        env.forEach((name, value) -> {
            if ("from-shell".equals(value)) {
                assertThat(LocalRunConfig.SINK_PASSTHROUGH_ENV).as(name + " came from the shell").contains(name);
            }
        });
        assertThat(LocalRunConfig.SINK_ENV).containsAll(LocalRunConfig.SINK_PASSTHROUGH_ENV).containsAll(env.keySet());
    }

    @Test
    void sinkEnvNamesAreExactlyTheSinkConfigSettings() throws Exception {
        Class<?> sinkConfig = OtherModules.load("dev.fakeclicks.sink.SinkConfig");
        List<?> settings = (List<?>) sinkConfig.getField("SETTINGS").get(null);
        Set<String> names = new HashSet<>();
        for (Object setting : settings) {
            Method name = setting.getClass().getMethod("name");
            names.add((String) name.invoke(setting));
        }
        assertThat(names).as("SinkConfig.SETTINGS").isNotEmpty();
        assertThat(new HashSet<>(LocalRunConfig.SINK_ENV)).isEqualTo(names);
    }

    @Test
    void registryEnvNamesAreExactlyWhatRegistryToolsReads() {
        Class<?> registryConfig = OtherModules.load("dev.fakeclicks.tools.RegistryToolsConfig");
        Pattern env = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");
        Set<String> names = new HashSet<>();
        for (Field field : registryConfig.getDeclaredFields()) {
            Option option = field.getAnnotation(Option.class);
            if (option != null) {
                Matcher m = env.matcher(option.defaultValue());
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        assertThat(names).as("environment variables in RegistryToolsConfig's defaults").isNotEmpty();
        assertThat(new HashSet<>(LocalRunConfig.REGISTRY_ENV)).isEqualTo(names);
    }

    // --- --until-done needs a bounded run ---

    @Test
    void untilDoneWithAnUnboundedConfigIsRefusedUpFront() {
        LocalRunConfig config = parse("--until-done", "--config", "connect-config/fakeclicks-live.json");
        assertThat(config.problems("0", Map.of(), REPO, Path.of("/home/nobody"))).singleElement().asString()
                .contains("--until-done needs a bounded run").contains("fakeclicks-live.json has events.per.type=0");
        assertThat(parse("--until-done").problems("10", Map.of(), REPO, Path.of("/home/nobody"))).isEmpty();
        assertThat(parse("--config", "live.json").problems("0", Map.of(), REPO, Path.of("/home/nobody")))
                .as("unbounded without --until-done is fine").isEmpty();
    }

    @Test
    void untilDoneWithRateGivesOnlyTheRateMessage() {
        LocalRunConfig config = parse("--until-done", "--rate", "100");
        assertThat(config.problems(config.connectorOverrides().get("events.per.type"), Map.of(), REPO, Path.of("/home/nobody")))
                .singleElement().asString().contains("--rate makes it unbounded");
    }

    @Test
    void boundedMeansAPositiveNumber() {
        assertThat(LocalRunConfig.isBounded("10")).isTrue();
        assertThat(LocalRunConfig.isBounded(" 1 ")).isTrue();
        assertThat(LocalRunConfig.isBounded("0")).isFalse();
        assertThat(LocalRunConfig.isBounded("")).isFalse();
        assertThat(LocalRunConfig.isBounded("lots")).isFalse();
    }

    // --- --clean never deletes the repository or the home directory ---

    @Test
    void cleanRefusesTargetsThatAreOrContainTheRepositoryOrHome() {
        Path home = REPO.getParent().resolve("someone");
        List<String> problems = new ArrayList<>();
        problems.addAll(parse("--clean", "--output", REPO.toString()).problems("10", Map.of(), REPO, home));
        problems.addAll(parse("--clean", "--work-dir", REPO.resolve("local-run/..").toString()).problems("10", Map.of(), REPO, home));
        problems.addAll(parse("--clean", "--work-dir", REPO.getParent().toString()).problems("10", Map.of(), REPO, home));
        problems.addAll(parse("--clean", "--output", home.resolve("x/..").toString()).problems("10", Map.of(), REPO, home));
        problems.addAll(parse("--clean", "--output", "/").problems("10", Map.of(), REPO, home));

        assertThat(problems).contains("--output /: is the file system root; choose a directory under it");
        assertThat(problems).filteredOn(p -> !p.contains("file system root"))
                .hasSize(7) // the parent directory and "/" contain both
                .allSatisfy(p -> assertThat(p).startsWith("--clean would delete"));
        assertThat(problems.get(0)).contains("choose another --output");
        assertThat(problems.get(1)).contains("choose another --work-dir");
    }

    @Test
    void cleanAcceptsOrdinaryTargetsAndOnlyCleanIsChecked() {
        Path home = Path.of("/home/nobody");
        assertThat(parse("--clean").problems("10", Map.of(), REPO, home)).isEmpty();
        assertThat(parse("--clean", "--output", "/tmp/delta", "--work-dir", "/tmp/work").problems("10", Map.of(), REPO, home)).isEmpty();
        assertThat(parse("--output", ".").problems("10", Map.of(), REPO, home)).as("nothing is deleted without --clean").isEmpty();
    }

    // --- --work-dir and --output must be directories ---

    @Test
    void aWorkDirOrOutputThatIsAFileIsRefusedNamingTheOption(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "keep me");
        Path home = Path.of("/home/nobody");

        assertThat(parse("--work-dir", file.toString()).problems("10", Map.of(), REPO, home))
                .containsExactly("--work-dir " + file + ": is a file, not a directory");
        assertThat(parse("--output", file.resolve("delta").toString()).problems("10", Map.of(), REPO, home))
                .containsExactly("--output " + file.resolve("delta") + ": " + file + " is a file, not a directory");
        assertThat(parse("--output", file.toString(), "--s3-bucket", "b").problems("10", Map.of(), REPO, home))
                .as("--output is unused with S3").isEmpty();
        assertThat(parse("--output", "/").problems("10", Map.of(), REPO, home))
                .containsExactly("--output /: is the file system root; choose a directory under it");
        assertThat(parse("--work-dir", tmp.resolve("new/work").toString(), "--output", tmp.toString())
                .problems("10", Map.of(), REPO, home)).as("a directory, or one that can be created").isEmpty();
    }

    @Test
    void aWorkDirThatIsAFileExitsTwoWithOneLineAndTouchesNothing(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("passwd"), "root:x:0:0");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        int exit;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            exit = LocalRun.commandLine(new LocalRun()).execute("--no-build", "--work-dir", file.toString(),
                    "--config", REPO.resolve("connect-config/fakeclicks.json").toString());
        } finally {
            System.setErr(originalErr);
        }

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).singleElement()
                .isEqualTo("run-local: --work-dir " + file + ": is a file, not a directory");
        assertThat(file).hasContent("root:x:0:0");
    }

    @Test
    void aConfigForAnotherTopicExitsTwoBeforeAnythingStarts(@TempDir Path tmp) throws Exception {
        Path config = Files.writeString(tmp.resolve("prod.json"),
                "{\"name\": \"fakeclicks\", \"config\": {\"topic\": \"prod_clicks\", \"events.per.type\": \"10\"}}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        int exit;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            exit = LocalRun.commandLine(new LocalRun()).execute("--no-build", "--work-dir", tmp.resolve("work").toString(),
                    "--output", tmp.resolve("delta").toString(), "--config", config.toString());
        } finally {
            System.setErr(originalErr);
        }

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).singleElement().isEqualTo("run-local: " + config
                + " has \"topic\": \"prod_clicks\", but run-local creates and the sink reads only raw_events: set"
                + " \"topic\": \"raw_events\" (or leave it out)");
        assertThat(tmp.resolve("work")).doesNotExist();
    }

    // --- -V ---

    @Test
    void anOutOfRangePortNamesItsOption() {
        assertThat(parse("--kafka-port", "70000", "--redis-port", "0").problems())
                .containsExactly("--kafka-port 70000 is out of range (1-65535)", "--redis-port 0 is out of range (1-65535)");
        assertThat(parse("--kafka-port", "65535").problems()).singleElement().asString()
                .startsWith("--kafka-port 65535 leaves no port for the KRaft controller");
    }

    @Test
    void aBadOptionIsOneLineNamingItWithExitTwo() {
        for (String[] args : List.of(new String[] {"--timeout", "10m"}, new String[] {"--bogus"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CommandLine cli = LocalRun.commandLine(new LocalRun());
            cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
            assertThat(cli.execute(args)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8).lines()).singleElement().asString().startsWith("run-local: ")
                    .contains(args[0]).doesNotContain("java.time").endsWith("(see ./run-local --help)");
        }
        assertThat(parse("--timeout", "PT30S").timeout).hasSeconds(30);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = LocalRun.commandLine(new LocalRun());
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        assertThat(cli.execute("--until-dnoe")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).as("a misspelt option")
                .startsWith("run-local: Unknown option: '--until-dnoe' (did you mean --until-done");
    }

    @Test
    void versionOptionPrintsTheBuildVersion() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new LocalRun());
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        assertThat(cli.execute("-V")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).matches("run-local \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}

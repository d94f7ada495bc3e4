package dev.fakeclicks.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is checked offline: its structure against
 * what the README and the pipeline need, and, where Debian's docker-compose is installed (.ci/run installs it),
 * against Compose's own validation.
 */
class DockerComposeFileTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static JsonNode services;

    @BeforeAll
    static void parse() throws Exception {
        services = new ObjectMapper(new YAMLFactory()).readTree(REPO.resolve("docker-compose.yml").toFile()).get("services");
    }

    @Test
    void hasEveryServiceOfThePipeline() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("redis", "kafka", "connect", "minio", "minio-init", "registry-seed", "spark",
                "kafka-init", "connector-deploy");
    }

    @Test
    void readmeServiceTableMatchesTheFile() throws Exception {
        String readme = Files.readString(REPO.resolve("README.md"));
        // Rows like: | `redis` | 5555 → 6379 | ... |
        Matcher row = Pattern.compile("\\| `([a-z-]+)` \\| (\\d+) → (\\d+) \\|").matcher(readme);
        int rows = 0;
        while (row.find()) {
            rows++;
            assertThat(texts(services.path(row.group(1)).path("ports")))
                    .as("ports of " + row.group(1)).contains(row.group(2) + ":" + row.group(3));
        }
        assertThat(rows).as("README lists the compose services with their host ports").isGreaterThanOrEqualTo(4);
    }

    @Test
    void redisKafkaAndConnectListenWhereTheLocalRunDoes() {
        assertThat(texts(services.path("redis").path("ports"))).contains("5555:6379");
        assertThat(texts(services.path("kafka").path("ports"))).contains("9092:9092");
        assertThat(services.path("kafka").path("image").asText()).startsWith("apache/kafka:");
        assertThat(services.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(texts(services.path("kafka-init").path("command"))).contains("raw_events");
        // The topic lives on a volume like the sink's checkpoint (in MinIO): `down` then `up` must keep both.
        assertThat(texts(services.path("kafka").path("volumes"))).contains("kafka-data:/var/lib/kafka/data");
        assertThat(services.path("kafka").path("environment").path("KAFKA_LOG_DIRS").asText()).isEqualTo("/var/lib/kafka/data");
        assertThat(texts(services.path("connect").path("ports"))).contains("8083:8083");
    }

    /**
     * The README's promise that `down` then `up` resumes: what the pipeline's state lives in is on a named volume,
     * the registry included (lost, the seed would bring back only the catalogue's versions, and the sink would parse
     * new events without the fields registered since).
     */
    @Test
    void everyStatefulServiceKeepsItsDataOnANamedVolume() throws Exception {
        JsonNode volumes = new ObjectMapper(new YAMLFactory()).readTree(REPO.resolve("docker-compose.yml").toFile()).path("volumes");
        for (String[] service : new String[][] {{"redis", "redis-data:/data"}, {"kafka", "kafka-data:/var/lib/kafka/data"},
                {"minio", "minio-data:/data"}}) {
            assertThat(texts(services.path(service[0]).path("volumes"))).as(service[0]).contains(service[1]);
            assertThat(volumes.has(service[1].substring(0, service[1].indexOf(':')))).as(service[1] + " declared").isTrue();
        }
        assertThat(String.join(" ", texts(services.path("redis").path("command"))))
                .as("an append-only file, so a registration just before a crash is kept too").contains("--appendonly yes");
    }

    @Test
    void connectLoadsTheBuiltPluginFromItsPluginPath() throws Exception {
        List<String> volumes = texts(services.path("connect").path("volumes"));
        assertThat(volumes).anyMatch(v -> v.startsWith("./connect-source-fakeclicks/target/plugin:/opt/connect-plugins"));
        Properties worker = new Properties();
        try (var in = Files.newBufferedReader(REPO.resolve("docker/connect-distributed.properties"))) {
            worker.load(in);
        }
        assertThat(worker.getProperty("plugin.path")).isEqualTo("/opt/connect-plugins");
        assertThat(worker.getProperty("bootstrap.servers")).isEqualTo("kafka:19092");
        assertThat(texts(services.path("connector-deploy").path("command")).toString())
                .contains("@/connect-config/fakeclicks.json").contains("http://connect:8083/connectors");
        assertThat(REPO.resolve("connect-config/fakeclicks.json")).exists();
    }

    @Test
    void sparkRunsTheSinkAgainstMinioWithTheOriginalDesignsEnvironment() {
        JsonNode spark = services.path("spark");
        JsonNode env = spark.path("environment");
        for (String name : List.of("AWS_ACCESS_KEY", "AWS_SECRET_KEY", "REDIS_HOST", "REDIS_PORT", "S3_BUCKET", "S3_PREFIX",
                "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_TOPIC", "S3_ENDPOINT", "S3_PATH_STYLE_ACCESS")) {
            assertThat(env.has(name)).as("spark environment has " + name).isTrue();
        }
        assertThat(env.path("S3_ENDPOINT").asText()).isEqualTo("http://minio:9000");
        assertThat(env.path("KAFKA_TOPIC").asText()).isEqualTo("raw_events");
        String command = String.join(" ", texts(spark.path("command")));
        assertThat(command).contains("spark-submit").contains("--packages org.apache.hadoop:hadoop-aws:3.3.4")
                .contains("--class " + dev.fakeclicks.local.sink.SinkJob.MAIN_CLASS).contains("/app/spark-delta-sink-job.jar");
        assertThat(texts(spark.path("volumes")))
                .contains("./spark-delta-sink-job/target/spark-delta-sink-job.jar:/app/spark-delta-sink-job.jar:ro");
        assertThat(texts(services.path("minio-init").path("command")).toString())
                .contains("local/" + env.path("S3_BUCKET").asText());
    }

    @Test
    void registrySeedRunsTheCliJar() {
        JsonNode seed = services.path("registry-seed");
        assertThat(texts(seed.path("volumes"))).anyMatch(v -> v.startsWith("./registry-tools/target/registry-tools.jar:"));
        assertThat(texts(seed.path("command"))).containsSequence("-jar", "/app/registry-tools.jar", "seed");
        assertThat(seed.path("environment").path("REDIS_HOST").asText()).isEqualTo("redis");
    }

    @Test
    void composeItselfAcceptsTheFile() throws Exception {
        if (!onPath("docker-compose")) {
            // Skipped, not failed: the check needs a tool this build cannot bring. Said where it shows (this test's
            // output and the skip reason in its report), as a skip reads like a pass in a summary.
            String why = "SKIPPED: docker-compose.yml was NOT validated by Compose: docker-compose is not on the PATH"
                    + " (apt-get install docker-compose; .ci/run installs it when it runs as root)";
            System.err.println("WARNING: DockerComposeFileTest " + why);
            assumeTrue(false, why);
        }
        Process process = new ProcessBuilder("docker-compose", "-f", REPO.resolve("docker-compose.yml").toString(), "config", "-q")
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

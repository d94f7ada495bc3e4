package dev.fakeclicks.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakeclicks.servers.RedisServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as users run it ({@code java -jar registry-tools/target/registry-tools.jar}), in a real process,
 * configured through the environment.
 */
class RegistryToolsJarIT {

    private static final Path JAR = Path.of("target", "registry-tools.jar");

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("REDIS_") || k.startsWith("REGISTRY_"));
        builder.environment().putAll(env);
        Path out = Files.createTempFile("cli", ".out");
        Path err = Files.createTempFile("cli", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("CLI finished").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void redisDownExitsThreeWithOneClearLine() throws Exception {
        int port = RedisServerProcess.freePort();
        Run run = run(Map.of("REDIS_PORT", Integer.toString(port)), "list");
        assertThat(run.exitCode()).isEqualTo(RegistryTools.UNREACHABLE);
        assertThat(run.err()).isEqualTo("cannot reach Redis at localhost:" + port + ": connection refused\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void passwordFromTheEnvironmentWorksAndIsNeverPrinted() throws Exception {
        String password = "pw-" + System.nanoTime();
        try (RedisServerProcess redis = RedisServerProcess.start(password)) {
            String port = Integer.toString(redis.port());
            Run seeded = run(Map.of("REDIS_PORT", port, "REDIS_PASSWORD", password), "seed");
            assertThat(seeded.exitCode()).as(seeded.err()).isZero();
            Run listed = run(Map.of("REDIS_PORT", port, "REDIS_PASSWORD", password), "--json", "list");
            assertThat(listed.out()).contains("\"page_view\"");

            Run wrong = run(Map.of("REDIS_PORT", port, "REDIS_PASSWORD", password + "x"), "list");
            assertThat(wrong.exitCode()).isEqualTo(RegistryTools.UNREACHABLE);
            assertThat(wrong.err()).isEqualTo("Redis at localhost:" + port + " refused the connection: it rejected the password\n");

            Run missing = run(Map.of("REDIS_PORT", port), "list");
            assertThat(missing.err()).contains("requires a password");
            Run help = run(Map.of("REDIS_PASSWORD", password), "seed", "--help");
            for (Run r : List.of(seeded, listed, wrong, missing, help)) {
                assertThat(r.out() + r.err()).doesNotContain(password);
            }
        }
    }

    @Test
    void tlsConnectionWithTheJvmTrustStore(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).as("keytool").isTrue();
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            server.load(in, "changeit".toCharArray());
        }
        Certificate certificate = server.getCertificate("redis");
        Path certPem = Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", certificate.getEncoded()));
        Path keyPem = Files.writeString(dir.resolve("key.pem"),
                pem("PRIVATE KEY", server.getKey("redis", "changeit".toCharArray()).getEncoded()));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("redis", certificate);
        Path truststore = dir.resolve("trust.p12");
        try (var out = Files.newOutputStream(truststore)) {
            trust.store(out, "changeit".toCharArray());
        }

        try (RedisServerProcess redis = RedisServerProcess.startWithTls(certPem, keyPem)) {
            Map<String, String> env = Map.of("REDIS_PORT", Integer.toString(redis.tlsPort()), "REDIS_TLS", "true",
                    "JAVA_TOOL_OPTIONS", "-Djavax.net.ssl.trustStore=" + truststore + " -Djavax.net.ssl.trustStorePassword=changeit");
            Run seeded = run(env, "seed");
            assertThat(seeded.exitCode()).as(seeded.err()).isZero();
            assertThat(seeded.out()).containsPattern("page_view +registered +v1");

            Run untrusted = run(Map.of("REDIS_PORT", Integer.toString(redis.tlsPort()), "REDIS_TLS", "true"), "list");
            assertThat(untrusted.exitCode()).isEqualTo(RegistryTools.UNREACHABLE);
            assertThat(untrusted.err()).startsWith("cannot reach Redis at localhost:" + redis.tlsPort() + ": TLS handshake failed");

            Run plainPort = run(Map.of("REDIS_PORT", Integer.toString(redis.port()), "REDIS_TLS", "true"), "list");
            assertThat(plainPort.exitCode()).isEqualTo(RegistryTools.UNREACHABLE);
            assertThat(plainPort.err()).as("a plain-text port never answers the TLS hello")
                    .contains("timed out after").contains("TLS is on: does the server speak TLS on this port?");
        }
    }

    private static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + kind + "-----\n";
    }

    @Test
    void invalidEnvironmentValueIsAUsageError() throws Exception {
        Run run = run(Map.of("REDIS_PORT", "fivefivefive"), "list");
        assertThat(run.exitCode()).isEqualTo(RegistryTools.USAGE);
        assertThat(run.err()).contains("--redis-port").contains("fivefivefive").contains("(from REDIS_PORT)");

        Run tls = run(Map.of("REDIS_TLS", "yes"), "list");
        assertThat(tls.exitCode()).isEqualTo(RegistryTools.USAGE);
        assertThat(tls.err()).contains("--redis-tls").contains("'yes'").contains("(from REDIS_TLS)");
    }

    @Test
    void invalidOptionValueOverAnEnvironmentValueNamesNoVariable() throws Exception {
        Run run = run(Map.of("REDIS_PORT", "5555"), "list", "--redis-port=x");
        assertThat(run.exitCode()).isEqualTo(RegistryTools.USAGE);
        assertThat(run.err()).contains("--redis-port").doesNotContain("REDIS_PORT");
    }

    @Test
    void versionComesFromTheBuild() throws Exception {
        Run run = run(Map.of(), "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).matches("registry-tools \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}

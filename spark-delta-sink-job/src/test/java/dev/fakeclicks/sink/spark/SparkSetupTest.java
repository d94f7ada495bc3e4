package dev.fakeclicks.sink.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.auth.AWSCredentials;
import dev.fakeclicks.sink.SinkConfig;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.s3a.S3AUtils;
import org.junit.jupiter.api.Test;

/** The s3a settings the sink derives from its configuration (no Spark needed: they go to a Hadoop Configuration). */
class SparkSetupTest {

    @Test
    void keysGoToS3aWithTheSimpleProvider() {
        Configuration hadoop = new Configuration(false);
        SparkSetup.configureS3(hadoop, s3(Map.of("AWS_ACCESS_KEY", "ak", "AWS_SECRET_KEY", "sk",
                "S3_ENDPOINT", "http://localhost:9000", "S3_PATH_STYLE_ACCESS", "true")));

        assertThat(hadoop.get(SparkSetup.CREDENTIALS_PROVIDER)).isEqualTo("org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        assertThat(hadoop.get("fs.s3a.access.key")).isEqualTo("ak");
        assertThat(hadoop.get("fs.s3a.secret.key")).isEqualTo("sk");
        assertThat(hadoop.get("fs.s3a.endpoint")).isEqualTo("http://localhost:9000");
        assertThat(hadoop.getBoolean("fs.s3a.path.style.access", false)).isTrue();
        assertThat(hadoop.getBoolean("fs.s3a.connection.ssl.enabled", true)).isFalse();
    }

    /** Without keys: the AWS SDK's whole default chain (s3a's own list has no profile or web-identity provider). */
    @Test
    void withoutKeysS3aUsesTheDefaultAwsChainThatS3aCanBuild() throws Exception {
        Configuration hadoop = new Configuration(); // with Hadoop's defaults, as Spark's
        SparkSetup.configureS3(hadoop, s3(Map.of()));

        assertThat(hadoop.get(SparkSetup.CREDENTIALS_PROVIDER)).isEqualTo(SparkSetup.DEFAULT_AWS_CHAIN);
        assertThat(hadoop.get("fs.s3a.access.key")).isNull();
        // s3a builds the provider from that name, and the chain finds credentials (here: system properties).
        System.setProperty("aws.accessKeyId", "from-chain");
        System.setProperty("aws.secretKey", "secret-from-chain");
        try {
            AWSCredentials credentials = S3AUtils.createAWSCredentialProviderSet(URI.create("s3a://clicks"), hadoop).getCredentials();
            assertThat(credentials.getAWSAccessKeyId()).isEqualTo("from-chain");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretKey");
        }
    }

    /** Keys given as Hadoop settings (--conf spark.hadoop.fs.s3a.access.key=...) still work without AWS_ACCESS_KEY. */
    @Test
    void withoutKeysHadoopSettingsKeysComeFirst() throws Exception {
        Configuration hadoop = new Configuration();
        hadoop.set("fs.s3a.access.key", "from-hadoop");
        hadoop.set("fs.s3a.secret.key", "secret-from-hadoop");
        SparkSetup.configureS3(hadoop, s3(Map.of()));

        assertThat(S3AUtils.createAWSCredentialProviderSet(URI.create("s3a://clicks"), hadoop).getCredentials()
                .getAWSAccessKeyId()).isEqualTo("from-hadoop");
    }

    @Test
    void withoutKeysAProviderTheUserChoseIsKept() {
        Configuration hadoop = new Configuration(false);
        hadoop.set(SparkSetup.CREDENTIALS_PROVIDER, "com.amazonaws.auth.profile.ProfileCredentialsProvider");
        SparkSetup.configureS3(hadoop, s3(Map.of()));

        assertThat(hadoop.get(SparkSetup.CREDENTIALS_PROVIDER)).isEqualTo("com.amazonaws.auth.profile.ProfileCredentialsProvider");
    }

    private static SinkConfig.S3 s3(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("S3_BUCKET", "clicks");
        return SinkConfig.fromEnv(env).s3().orElseThrow();
    }
}

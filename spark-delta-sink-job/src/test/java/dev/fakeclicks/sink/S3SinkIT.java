package dev.fakeclicks.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakeclicks.sink.testing.SharedInfra;
import dev.fakeclicks.sink.testing.SinkRun;
import dev.fakeclicks.sink.testing.TestEvents;
import dev.fakeclicks.servers.RedisServerProcess;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.sql.Row;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.Test;

/** Tables and checkpoint on an S3-compatible server (s3proxy, in this JVM) through s3a, read back from there. */
class S3SinkIT {

    private static final String BUCKET = "fakeclicks-it";
    private static final String SECRET_KEY = "it-secret-key-Vb3-never-logged";

    @Test
    void writesTheTablesToS3AndReadsThemBack() throws Exception {
        // In-memory store: jclouds' filesystem store hides empty "directories" (markers), which Spark's checkpoint lists.
        BlobStoreContext context = ContextBuilder.newBuilder("transient").build(BlobStoreContext.class);
        BlobStore blobStore = context.getBlobStore();
        blobStore.createContainerInLocation(null, BUCKET);
        int port = RedisServerProcess.freePort();
        S3Proxy s3 = S3Proxy.builder().blobStore(blobStore).endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "it-access-key", SECRET_KEY).build();
        s3.start();
        LogCapture logs = LogCapture.attach();
        try (SinkRun run = new SinkRun("s3", 1).registerCatalogue()) {
            run.env.remove("OUTPUT_PATH");
            run.env.put("S3_BUCKET", BUCKET);
            run.env.put("S3_PREFIX", "lake/");
            run.env.put("S3_ENDPOINT", "http://127.0.0.1:" + port);
            run.env.put("S3_PATH_STYLE_ACCESS", "true");
            run.env.put("AWS_ACCESS_KEY", "it-access-key");
            run.env.put("AWS_SECRET_KEY", SECRET_KEY);
            assertThat(run.config().outputPath()).isEqualTo("s3a://" + BUCKET + "/lake");

            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int seq = 0; seq < 4; seq++) {
                records.add(TestEvents.record(run.topic, TestEvents.event("product_view", seq)));
                records.add(TestEvents.record(run.topic, TestEvents.event("cart_view", seq)));
            }
            records.add(TestEvents.record(run.topic, "k", "not json"));
            run.send(records);

            assertThat(run.runToEnd()).singleElement().satisfies(r -> {
                assertThat(r.writtenTotal()).isEqualTo(8);
                assertThat(r.quarantined()).isEqualTo(1);
            });

            List<Row> rows = run.spark().read().format("delta").load("s3a://" + BUCKET + "/lake/product_view")
                    .select("event_id", "product.price").collectAsList();
            assertThat(rows).hasSize(4);
            assertThat(rows).allSatisfy(r -> assertThat(r.getDecimal(1)).isNotNull());
            assertThat(run.spark().read().format("delta").load("s3a://" + BUCKET + "/lake/_quarantine").count()).isEqualTo(1);
            List<String> keys = new ArrayList<>();
            for (StorageMetadata blob : blobStore.list(BUCKET, ListContainerOptions.Builder.recursive())) {
                keys.add(blob.getName());
            }
            assertThat(keys).anyMatch(k -> k.startsWith("lake/cart_view/_delta_log/"))
                    .anyMatch(k -> k.startsWith("lake/product_view/event_date=2026-11-26/") && k.endsWith(".parquet"))
                    .anyMatch(k -> k.startsWith("lake/_checkpoints/delta-sink/offsets/"));
            // The batch's own INFO line shows the capture works; nothing the job, Spark or s3a logged has the secret.
            assertThat(logs.text()).contains("batch=0 read=9 ").doesNotContain(SECRET_KEY);
        } finally {
            // configureStorage set the S3 checkpoint writer on the session all integration tests share.
            SharedInfra.spark().conf().unset("spark.sql.streaming.checkpointFileManagerClass");
            logs.detach();
            s3.stop();
            context.close();
        }
    }

    /** Every log line of this JVM at WARN and above, and of the sink and Hadoop (s3a) at INFO, while attached. */
    private static final class LogCapture extends AbstractAppender {
        private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

        private LogCapture() {
            super("s3-it-capture", null, null, true, Property.EMPTY_ARRAY);
        }

        static LogCapture attach() {
            LogCapture capture = new LogCapture();
            capture.start();
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            context.getConfiguration().getRootLogger().addAppender(capture, Level.INFO, null);
            context.updateLoggers();
            Configurator.setLevel(Map.of("dev.fakeclicks", Level.INFO, "org.apache.hadoop", Level.INFO));
            return capture;
        }

        @Override
        public void append(LogEvent event) {
            lines.add(event.getMessage().getFormattedMessage()
                    + (event.getThrown() == null ? "" : " " + event.getThrown()));
        }

        String text() {
            return String.join("\n", lines);
        }

        void detach() {
            Configurator.setLevel(Map.of("dev.fakeclicks", Level.WARN, "org.apache.hadoop", Level.WARN));
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            context.getConfiguration().getRootLogger().removeAppender(getName());
            context.updateLoggers();
            stop();
        }
    }
}

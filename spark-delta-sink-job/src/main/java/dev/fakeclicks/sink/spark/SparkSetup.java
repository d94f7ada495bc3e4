package dev.fakeclicks.sink.spark;

import dev.fakeclicks.sink.SinkConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The Spark settings the sink needs: Delta, UTC dates, and s3a for S3 or S3-compatible stores. */
public final class SparkSetup {

    /**
     * Defaults for a sink that writes many small tables per batch: Delta rebuilds a table's state (checkpoints,
     * some reads) with 50 tasks by default, which costs seconds per table for tables of this size; the only
     * shuffle (duplicate detection) is small.
     */
    private static final String DICTIONARY = "spark.hadoop.parquet.enable.dictionary";
    /** Delta's per-commit operation metrics (rows written), which the sink's per-batch reconciliation reads. */
    public static final String HISTORY_METRICS = "spark.databricks.delta.history.metricsEnabled";
    private static final String[][] DEFAULTS = {
            {"spark.databricks.delta.snapshotPartitions", "8"},
            {"spark.sql.shuffle.partitions", "16"},
            // Each type's write is its own generated code; 30 types outgrow the default cache of 100 classes,
            // and recompiling them every batch was the biggest cost of a batch.
            {"spark.sql.codegen.cache.maxEntries", "2000"},
            // Data-skipping statistics for the envelope columns (event_id, event_type, schema_version, event_time,
            // sent_at, anonymous_id, user_id, session_id) rather than the first 32 nested leaves: collecting them
            // per row was the second biggest cost. Applies to tables the sink creates.
            {"spark.databricks.delta.properties.defaults.dataSkippingNumIndexedCols", "8"},
            // A checkpoint every 100 commits rather than Delta's 10, for the tables the sink creates: the sink commits
            // every table every batch, and Delta writes the checkpoint inside the commit (a state rebuild and a Parquet
            // write per table), so every tenth batch took 4-5 times as long. Readers replay at most 99 small commits.
            {"spark.databricks.delta.properties.defaults.checkpointInterval", "100"},
            // Parquet dictionary encoding (a hash lookup per value of every column) was a quarter of a batch's time;
            // a micro-batch's small files are rewritten by OPTIMIZE anyway, which turns it back on (see maintenanceBuilder).
            {DICTIONARY, "false"},
            // With it on, from_json checks a (here always empty) list of pushed-down filters after every field of
            // every record: 3 % of a batch. It only serves reading JSON files with filters, which the sink never does.
            {"spark.sql.json.filterPushdown.enabled", "false"},
            // Spark 3's default (EXCEPTION) fails the write of a timestamp before 1900 or a date before 1582-10-15 (an
            // event_time of 0001-01-01, a client's zero value): one such event failed its batch on every replay and
            // stopped the sink for good. CORRECTED writes them as they are (Spark 4's default); every Delta reader
            // since Spark 3.0 reads them right.
            {"spark.sql.parquet.int96RebaseModeInWrite", "CORRECTED"},
            {"spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED"},
            // Under Spark 3's default (EXCEPTION), from_json throws for a timestamp that is no date ("2026-02-30 10:00:00")
            // when Spark 2's lenient parser would have rolled it over, instead of calling the record corrupt: the batch
            // failed on every restart. CORRECTED makes it a schema_mismatch; valid timestamps parse as before.
            {"spark.sql.legacy.timeParserPolicy", "CORRECTED"},
    };

    private SparkSetup() {
    }

    /** Settings that must be in place before the session exists (Delta's SQL extension and catalog). */
    public static SparkSession.Builder builder(String appName) {
        return builder(appName, DEFAULTS);
    }

    /**
     * As {@link #builder} for the maintenance job: OPTIMIZE writes the files that stay, so they get Parquet's
     * dictionary encoding (smaller, faster to read) that the streaming writes skip.
     */
    public static SparkSession.Builder maintenanceBuilder(String appName) {
        String[][] defaults = Arrays.stream(DEFAULTS)
                .map(setting -> setting[0].equals(DICTIONARY) ? new String[] {DICTIONARY, "true"} : setting)
                .toArray(String[][]::new);
        return builder(appName, defaults);
    }

    private static SparkSession.Builder builder(String appName, String[][] defaults) {
        SparkConf submitted = new SparkConf(); // what spark-submit / --conf set: those win over our defaults
        SparkSession.Builder builder = SparkSession.builder();
        for (String[] setting : defaults) {
            if (!submitted.contains(setting[0])) {
                builder.config(setting[0], setting[1]);
            }
        }
        return builder
                .appName(appName)
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                // event_date is the UTC date of event_time, whatever the machine's zone
                .config("spark.sql.session.timeZone", "UTC");
    }

    /** The {@code FileContext} implementation of {@code file:} paths. */
    static final String LOCAL_FILE_CONTEXT = "fs.AbstractFileSystem.file.impl";
    /** s3a's credential providers; Hadoop 3.3's default list has no profile, web-identity (EKS) or SSO provider. */
    static final String CREDENTIALS_PROVIDER = "fs.s3a.aws.credentials.provider";
    /**
     * s3a's own providers of keys set in Hadoop settings (fs.s3a.access.key, session tokens, per-bucket keys, JCEKS),
     * then the AWS SDK's chain: environment, system properties, web identity, profile, container and instance role.
     */
    static final String DEFAULT_AWS_CHAIN = "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider,"
            + "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider,com.amazonaws.auth.DefaultAWSCredentialsProviderChain";

    /**
     * Applies the storage settings to the session's Hadoop configuration (not to the Spark conf, so that keys
     * never show in the Spark UI's environment page or in logs).
     */
    public static void configureStorage(SparkSession spark, SinkConfig config) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        if (spark.sparkContext().isLocal() && !setByUser(hadoop, LOCAL_FILE_CONTEXT)) {
            // Delta's commits and Spark's checkpoint on local disk without a chmod or readlink process per file: most
            // of the cost a batch pays per table there. Local mode only (see ForklessLocalFileSystem).
            hadoop.set(LOCAL_FILE_CONTEXT, ForklessLocalFileSystem.ForFileContext.class.getName());
        }
        config.s3().ifPresent(s3 -> {
            configureS3(hadoop, s3);
            // Spark's default checkpoint writer (FileContext) requires the parent "directory" to exist, which S3
            // stores only sometimes; the FileSystem-based one writes objects directly (S3 has no atomic rename anyway).
            spark.conf().set("spark.sql.streaming.checkpointFileManagerClass",
                    "org.apache.spark.sql.execution.streaming.FileSystemBasedCheckpointFileManager");
        });
    }

    static void configureS3(Configuration hadoop, SinkConfig.S3 s3) {
        s3.endpoint().ifPresent(e -> hadoop.set("fs.s3a.endpoint", e));
        hadoop.setBoolean("fs.s3a.path.style.access", s3.pathStyleAccess());
        hadoop.setBoolean("fs.s3a.connection.ssl.enabled", s3.sslEnabled());
        s3.region().ifPresent(r -> hadoop.set("fs.s3a.endpoint.region", r));
        // Deleting directory markers after every commit costs a round trip per file (and times out on some
        // S3-compatible stores); keeping them is safe for Hadoop 3.3+ readers.
        hadoop.set("fs.s3a.directory.marker.retention", "keep");
        if (s3.accessKey().isPresent()) {
            hadoop.set(CREDENTIALS_PROVIDER, "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
            hadoop.set("fs.s3a.access.key", s3.accessKey().get());
            hadoop.set("fs.s3a.secret.key", s3.secretKey().orElseThrow());
        } else if (!setByUser(hadoop, CREDENTIALS_PROVIDER)) {
            hadoop.set(CREDENTIALS_PROVIDER, DEFAULT_AWS_CHAIN);
        }
    }

    /** True when {@code key} comes from the user (--conf spark.hadoop.*, core-site.xml), not Hadoop's own defaults. */
    private static boolean setByUser(Configuration hadoop, String key) {
        String[] sources = hadoop.getPropertySources(key);
        return sources != null && !List.of(sources).equals(List.of("core-default.xml"));
    }

    /**
     * Creates {@code dir} if needed. Spark's checkpoint writer checks that the parent "directory" exists, which on
     * S3 is only true once a directory marker was written.
     */
    public static void ensureDirectory(SparkSession spark, String dir) {
        Path path = new Path(dir);
        try {
            path.getFileSystem(spark.sparkContext().hadoopConfiguration()).mkdirs(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }
}

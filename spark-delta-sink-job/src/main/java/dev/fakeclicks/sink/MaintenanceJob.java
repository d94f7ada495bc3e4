package dev.fakeclicks.sink;

import dev.fakeclicks.sink.spark.SparkSetup;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code OPTIMIZE} (compacts the many small files a streaming sink makes) then {@code VACUUM} (deletes files no
 * table version within VACUUM_RETENTION_HOURS needs) over every Delta table under the output root, the
 * quarantine included. Same jar and environment as the sink; safe while the sink runs with the default retention
 * (168 h) on HDFS and other stores with atomic commits (local disk too, but for a window of microseconds: the local
 * file system checks that a commit file does not exist, then renames, which two processes could interleave).
 * A table whose maintenance fails is logged and skipped; the others still get theirs, and the job exits 1. A shorter one (VACUUM_ALLOW_SHORT_RETENTION) is for
 * when no sink writes the tables: VACUUM deletes files no committed version references, which includes those of a
 * batch being committed. On S3 it needs the sink stopped, or a multi-driver log store ({@link SinkConfig#maintenanceProblem}).
 */
public final class MaintenanceJob {

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceJob.class);
    private static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
    static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

    /** One table's outcome; {@code failure} says why its maintenance failed (the other tables still get theirs). */
    public record TableResult(String path, long filesCompacted, long filesAdded, long filesDeleted, long millis,
                              Optional<String> failure) {
    }

    private MaintenanceJob() {
    }

    public static void main(String[] args) {
        SinkConfig config;
        try {
            config = SinkConfig.fromEnv();
        } catch (SinkConfigException e) {
            System.err.println("delta-sink maintenance: " + e.getMessage());
            System.exit(2);
            return;
        }
        Optional<String> problem = config.maintenanceProblem(multiDriverLogStore(new SparkConf()));
        if (problem.isPresent()) {
            System.err.println("delta-sink maintenance: " + problem.get());
            System.exit(2);
            return;
        }
        LOG.info("maintenance starting: {}", config.describe());
        List<TableResult> results;
        try {
            SparkSession spark = SparkSetup.maintenanceBuilder(config.queryName() + "-maintenance").getOrCreate();
            results = run(spark, config);
            spark.stop();
        } catch (RuntimeException e) { // e.g. the output root cannot be listed (credentials, a bucket that does not exist)
            LOG.error("maintenance failed", e); // the trace for the log; the message for the console
            System.err.println("delta-sink maintenance: failed before any table was maintained: " + DeltaSinkJob.rootMessage(e));
            System.exit(1);
            return;
        }
        List<String> failed = results.stream().filter(r -> r.failure().isPresent()).map(TableResult::path).toList();
        if (!failed.isEmpty()) {
            System.err.println("delta-sink maintenance: " + failed.size() + " of " + results.size()
                    + " tables failed (see the log): " + String.join(", ", failed));
            System.exit(1);
            return;
        }
        LOG.info("maintenance done: {} tables", results.size());
    }

    public static List<TableResult> run(SparkSession spark, SinkConfig config) {
        config.maintenanceProblem(multiDriverLogStore(spark.sparkContext().getConf())).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        SparkSetup.configureStorage(spark, config);
        boolean shortRetention = config.vacuumRetentionHours() < SinkConfig.SAFE_VACUUM_RETENTION_HOURS;
        String checkBefore = spark.conf().contains(RETENTION_CHECK) ? spark.conf().get(RETENTION_CHECK) : null;
        if (shortRetention) {
            // maintenanceProblem() only allows this with VACUUM_ALLOW_SHORT_RETENTION=true.
            LOG.warn("VACUUM_RETENTION_HOURS={} is below Delta's safe {} h: a sink writing these tables now could lose "
                    + "the files of the batch it is committing, and readers of older versions may fail",
                    config.vacuumRetentionHours(), SinkConfig.SAFE_VACUUM_RETENTION_HOURS);
            spark.conf().set(RETENTION_CHECK, "false");
        }
        try {
            return maintainAll(spark, config);
        } finally {
            if (shortRetention) {
                // Off for this run only: a later VACUUM in this session (an embedding application's, another run's with
                // the default retention) keeps Delta's check against each table's deletedFileRetentionDuration.
                if (checkBefore == null) {
                    spark.conf().unset(RETENTION_CHECK);
                } else {
                    spark.conf().set(RETENTION_CHECK, checkBefore);
                }
            }
        }
    }

    private static List<TableResult> maintainAll(SparkSession spark, SinkConfig config) {
        if (!spark.conf().contains(LISTING_PARALLELISM)) {
            // VACUUM lists a table's directories with this many tasks (default 10000: minutes of empty tasks on a
            // small cluster for a table with a handful of partitions).
            spark.conf().set(LISTING_PARALLELISM, Integer.toString(Math.max(8, 4 * spark.sparkContext().defaultParallelism())));
        }
        List<String> tables = tables(spark, config.outputPath());
        List<TableResult> results = new ArrayList<>();
        int n = 0;
        for (String path : tables) {
            n++;
            long start = System.nanoTime();
            try {
                TableResult result = maintain(spark, path, config.vacuumRetentionHours(), start);
                LOG.info("maintenance {}/{} table={} optimize_removed={} optimize_added={} vacuum_deleted={} ms={}",
                        n, tables.size(), path, result.filesCompacted(), result.filesAdded(), result.filesDeleted(), result.millis());
                results.add(result);
            } catch (Exception e) { // SparkException is checked, but Scala code throws it undeclared
                // One broken table (corrupt log, a conflict with a concurrent commit) must not cost the others their turn.
                String why = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                LOG.error("maintenance {}/{} table={} FAILED after {} ms: {}", n, tables.size(), path, millisSince(start), why, e);
                results.add(new TableResult(path, 0, 0, 0, millisSince(start), Optional.of(why)));
            }
        }
        return results;
    }

    private static TableResult maintain(SparkSession spark, String path, int retentionHours, long start) {
        DeltaTable table = DeltaTable.forPath(spark, path);
        Row optimize = table.optimize().executeCompaction().select("metrics.numFilesRemoved", "metrics.numFilesAdded").first();
        long before = countDataFiles(spark, path);
        table.vacuum(retentionHours);
        long after = countDataFiles(spark, path);
        return new TableResult(path, optimize.getLong(0), optimize.getLong(1), Math.max(0, before - after),
                millisSince(start), Optional.empty());
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * Whether the Spark configuration names a Delta log store for s3a other than the default single-driver one
     * (e.g. {@code spark.delta.logStore.s3a.impl=io.delta.storage.S3DynamoDBLogStore}), per scheme or for every scheme
     * ({@code spark.delta.logStore.class}). The sink's S3 tables are always {@code s3a://} paths (SinkConfig), so a store
     * set for another scheme ({@code spark.delta.logStore.s3.impl}) does not serialise their commits.
     */
    static boolean multiDriverLogStore(SparkConf conf) {
        for (String key : List.of("spark.delta.logStore.s3a.impl", "spark.delta.logStore.class")) {
            String store = conf.get(key, "").trim();
            if (!store.isEmpty() && !store.endsWith("S3SingleDriverLogStore")) {
                return true;
            }
        }
        return false;
    }

    /** Every Delta table directly under the root (a directory with a {@code _delta_log}). */
    static List<String> tables(SparkSession spark, String root) {
        Path rootPath = new Path(root);
        List<String> out = new ArrayList<>();
        try {
            FileSystem fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(rootPath)) {
                // Most likely a mistyped OUTPUT_PATH or S3 prefix: exiting 0 with "0 tables" would hide it from cron.
                throw new IllegalStateException("no tables to maintain: " + root + " does not exist (check OUTPUT_PATH,"
                        + " or S3_BUCKET and S3_PREFIX; the sink creates it with its first batch)");
            }
            for (FileStatus status : fs.listStatus(rootPath)) {
                if (status.isDirectory() && fs.exists(new Path(status.getPath(), "_delta_log"))) {
                    out.add(status.getPath().toString());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list tables under " + root + ": " + e.getMessage(), e);
        }
        out.sort(String::compareTo);
        return out;
    }

    private static long countDataFiles(SparkSession spark, String table) {
        Path path = new Path(table);
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            long count = 0;
            var files = fs.listFiles(path, true);
            while (files.hasNext()) {
                var file = files.next();
                if (file.getPath().getName().endsWith(".parquet") && !file.getPath().toString().contains("/_delta_log/")) {
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            throw new IllegalStateException("cannot list files of " + table + ": " + e.getMessage(), e);
        }
    }
}

package dev.fakeclicks.sink.testing;

import dev.fakeclicks.sink.spark.SparkSetup;
import dev.fakeclicks.servers.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One Kafka broker, one redis-server and one SparkSession for the whole integration-test JVM: started on first
 * use, stopped at JVM exit. Starting each costs seconds (a cold Delta write ~15 s), so test classes share them
 * and isolate themselves by topic, registry prefix and output directory instead.
 */
public final class SharedInfra {

    private static KafkaBroker broker;
    private static RedisServerProcess redis;
    private static SparkSession spark;
    private static Path workDir;

    private SharedInfra() {
    }

    public static synchronized KafkaBroker broker() {
        if (broker == null) {
            broker = KafkaBroker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> broker.close()));
        }
        return broker;
    }

    public static synchronized RedisServerProcess redis() {
        if (redis == null) {
            redis = RedisServerProcess.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> redis.close()));
        }
        return redis;
    }

    public static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSetup.builder("sink-tests")
                    .master("local[2]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.sql.streaming.stopTimeout", "30000")
                    .config("spark.databricks.delta.snapshotPartitions", "2")
                    .getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
        }
        return spark;
    }

    /** A fresh directory under this JVM's test work directory. */
    public static synchronized Path newDir(String name) {
        try {
            if (workDir == null) {
                workDir = Files.createTempDirectory("sink-it-");
            }
            return Files.createTempDirectory(workDir, name + "-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

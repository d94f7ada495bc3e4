package dev.fakeclicks.sink.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakeclicks.sink.testing.SharedInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * The "already committed?" check reads the transactions from the table version's checksum file; a table whose
 * latest version has none (another Delta writer made it, or checksums are turned off) must still be recognised.
 */
class IdempotentAppendIT {

    @TempDir
    Path root;

    @Test
    void aBatchIsRecognisedAfterAnotherWriterCommittedWithoutAChecksum() throws Exception {
        SparkSession spark = SharedInfra.spark();
        String path = root.resolve("page_view").toUri().toString();
        assertThat(IdempotentAppend.append(spark, path, rows(spark, 3), List.of(), context(0, false), "{\"b\":0}")).isPresent();
        assertThat(IdempotentAppend.append(spark, path, rows(spark, 3), List.of(), context(1, false), "{\"b\":1}")).isPresent();

        // Another writer (no txn of ours, no checksum file), then every checksum file gone.
        spark.conf().set("spark.databricks.delta.writeChecksumFile.enabled", "false");
        try {
            rows(spark, 2).write().format("delta").mode("append").save(path);
        } finally {
            spark.conf().unset("spark.databricks.delta.writeChecksumFile.enabled");
        }
        try (Stream<Path> files = Files.list(root.resolve("page_view/_delta_log"))) {
            for (Path crc : files.filter(f -> f.getFileName().toString().endsWith(".crc")).toList()) {
                Files.delete(crc);
            }
        }

        DeltaLog.clearCache(); // the snapshot cached at commit time may carry its checksum in memory
        assertThat(DeltaLog.forTable(spark, new org.apache.hadoop.fs.Path(path)).update(false, Option.empty(), Option.empty())
                .checksumOpt().isEmpty()).as("no checksum for the latest version").isTrue();
        assertThat(DeltaCommits.committedBatch(spark, path, "q")).isEqualTo(1);
        assertThat(IdempotentAppend.append(spark, path, rows(spark, 3), List.of(), context(1, true), "{\"b\":1}")).isEmpty();
        assertThatThrownBy(() -> IdempotentAppend.append(spark, path, rows(spark, 3), List.of(), context(0, true), "{\"b\":0}"))
                .hasMessageContaining("already holds batch 1");
        assertThat(IdempotentAppend.append(spark, path, rows(spark, 3), List.of(), context(2, false), "{\"b\":2}")).isPresent();
        assertThat(DeltaCommits.committedBatch(spark, path, "q")).isEqualTo(2);
        assertThat(spark.read().format("delta").load(path).count()).isEqualTo(11);
    }

    private static Dataset<Row> rows(SparkSession spark, int n) {
        return spark.range(n).toDF("id");
    }

    private BatchContext context(long batchId, boolean replay) {
        return new BatchContext("q", batchId, Instant.EPOCH, root.toUri().toString(), "schema:", 1024, replay);
    }
}

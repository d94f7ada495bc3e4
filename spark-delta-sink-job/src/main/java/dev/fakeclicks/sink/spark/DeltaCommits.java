package dev.fakeclicks.sink.spark;

import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import scala.Option;

/**
 * What a Delta table's log says about our writes. Every write carries {@code txnAppId} (the streaming query
 * id) and {@code txnVersion} (the batch id); Delta records the highest version per app id, so a batch
 * already committed to a table is recognised and never written twice.
 */
final class DeltaCommits {

    /** The commit a write just made: the table version and how many rows it added. */
    record Commit(long version, long rows, String userMetadata) {
    }

    private DeltaCommits() {
    }

    /** The highest batch id committed to the table at {@code path} by {@code appId}; -1 when none (or no table). */
    static long committedBatch(SparkSession spark, String path, String appId) {
        Snapshot snapshot = DeltaLog.forTable(spark, new Path(path)).update(false, Option.empty(), Option.empty());
        if (snapshot.version() < 0) {
            return -1;
        }
        Option<Object> version = snapshot.transactions().get(appId);
        return version.isDefined() ? ((Number) version.get()).longValue() : -1;
    }

    /**
     * The latest commit of the table. The sink is the only writer of its tables (see README), so right after
     * a write this is that write's commit; {@code expectedUserMetadata} proves it.
     */
    static Commit lastCommit(SparkSession spark, String path, String expectedUserMetadata) {
        List<Row> rows = DeltaTable.forPath(spark, path).history(1)
                .selectExpr("version", "operationMetrics['numOutputRows'] AS rows", "userMetadata")
                .collectAsList();
        if (rows.isEmpty()) {
            throw new IllegalStateException("no commit found in " + path + " right after writing to it");
        }
        Row last = rows.get(0);
        String metadata = last.getString(2);
        if (!expectedUserMetadata.equals(metadata)) {
            throw new IllegalStateException("the latest commit of " + path + " is not ours (userMetadata " + metadata
                    + ", expected " + expectedUserMetadata + "): is another job writing to this table?");
        }
        String count = last.getString(1);
        return new Commit(last.getLong(0), count == null ? 0 : Long.parseLong(count), metadata);
    }
}

package dev.fakeclicks.sink.spark;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.DeltaOptions;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.commands.DMLUtils;
import org.apache.spark.sql.delta.commands.WriteIntoDelta;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * An append of one batch to a Delta table, exactly once: the commit carries {@code txnAppId}/{@code txnVersion}
 * as Delta's own {@code df.write.option("txnAppId", ...)} does, but the "already committed?" check reads the
 * transactions from the table's checksum file. Delta's writer checks them through the snapshot's full state,
 * a Spark job per write (0.6-1 s per table and batch here, the biggest per-table cost of a batch); the
 * checksum has them at no cost. Same write path otherwise ({@link WriteIntoDelta}: schema evolution, partitions,
 * statistics, commit with conflict detection of the app id).
 */
final class IdempotentAppend {

    private IdempotentAppend() {
    }

    /**
     * Appends {@code rows} to the table at {@code path} (created if missing) unless this batch is already
     * committed there; the commit made, or empty when an earlier attempt committed the batch.
     */
    static Optional<DeltaCommits.Commit> append(SparkSession spark, String path, Dataset<Row> rows, List<String> partitionBy,
                                                BatchContext context, String userMetadata) {
        DeltaLog log = DeltaLog.forTable(spark, new Path(path));
        Map<String, String> options = Map.of(
                DeltaOptions.TXN_APP_ID(), context.appId(),
                DeltaOptions.TXN_VERSION(), Long.toString(context.batchId()),
                DeltaOptions.MERGE_SCHEMA_OPTION(), "true",
                DeltaOptions.USER_METADATA_OPTION(), userMetadata);
        Seq<String> partitionColumns = JavaConverters.asScalaBuffer(partitionBy).toList();
        Optional<Long> version = log.withNewTransaction(txn -> {
            // Registers the app id as read, so that a concurrent commit of the same batch is a conflict.
            txn.readTxn().$plus$eq(context.appId());
            if (DeltaCommits.alreadyHolds(DeltaCommits.committedBatch(txn.snapshot(), context.appId()), context, path)) {
                return Optional.empty();
            }
            WriteIntoDelta write = new WriteIntoDelta(log, SaveMode.Append,
                    new DeltaOptions(ScalaMaps.of(options), spark.sessionState().conf()),
                    partitionColumns, scala.collection.immutable.Map$.MODULE$.empty(), rows, Option.empty(), Option.empty());
            DMLUtils.TaggedCommitData<Action> data = write.writeAndReturnCommitData(txn, spark, Option.empty(), false);
            return Optional.of(txn.commit(data.actions(), new DeltaOperations.Write(SaveMode.Append,
                    Option.apply(partitionColumns), Option.empty(), Option.apply(userMetadata)), data.stringTags()));
        });
        return version.map(v -> DeltaCommits.commit(spark, log, v, userMetadata));
    }
}

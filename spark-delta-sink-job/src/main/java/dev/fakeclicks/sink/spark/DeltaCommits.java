package dev.fakeclicks.sink.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.VersionChecksum;
import org.apache.spark.sql.delta.actions.SetTransaction;
import scala.Option;
import scala.collection.Iterator;
import scala.collection.Seq;

/**
 * What a Delta table's log says about our writes. Every write carries {@code txnAppId} (the streaming query
 * id) and {@code txnVersion} (the batch id); Delta records the highest version per app id, so a batch
 * already committed to a table is recognised and never written twice.
 */
final class DeltaCommits {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The commit a write just made: the table version and how many rows it added. */
    record Commit(long version, long rows, String userMetadata) {
    }

    private DeltaCommits() {
    }

    /** The highest batch id committed to the table at {@code path} by {@code appId}; -1 when none (or no table). */
    static long committedBatch(SparkSession spark, String path, String appId) {
        return committedBatch(DeltaLog.forTable(spark, new Path(path)).update(false, Option.empty(), Option.empty()), appId);
    }

    /** The highest batch id committed by {@code appId} as of {@code snapshot}; -1 when none (or no table). */
    static long committedBatch(Snapshot snapshot, String appId) {
        if (snapshot.version() < 0) {
            return -1;
        }
        // The version's checksum file (.crc) carries the transactions unless there are too many; reconstructing the
        // table state (a Spark job, ~1 s) is the fallback. Snapshot.setTransactionsIfKnown() always reconstructs.
        Option<VersionChecksum> checksum = snapshot.checksumOpt();
        Seq<SetTransaction> transactions = checksum.isDefined() && checksum.get().setTransactions().isDefined()
                ? checksum.get().setTransactions().get()
                : snapshot.setTransactions();
        long version = -1;
        for (Iterator<SetTransaction> it = transactions.iterator(); it.hasNext(); ) {
            SetTransaction txn = it.next();
            if (txn.appId().equals(appId)) {
                version = Math.max(version, txn.version());
            }
        }
        return version;
    }

    /**
     * Whether the table already holds this batch, judged from the highest batch of this query it holds
     * ({@code committed}), so that the write is skipped. A table holding a later batch, or this batch when this is the
     * batch's first attempt (its manifest is written before any table, so no table can hold it yet), means the
     * checkpoint was restored from an older copy or partly reset: Spark then replays batch ids over other offsets,
     * and skipping would silently lose this batch's records. The sink stops instead.
     */
    static boolean alreadyHolds(long committed, BatchContext context, String path) {
        if (committed > context.batchId() || (committed == context.batchId() && !context.replay())) {
            throw new IllegalStateException("table " + path + " already holds batch " + committed + " of this streaming query"
                    + " (Delta txnAppId " + context.appId() + "), but the checkpoint is at batch " + context.batchId()
                    + (context.replay() ? "" : " (first attempt)") + ": the checkpoint was restored from an older copy or"
                    + " partly reset. Writing on would skip records, so the sink stops. Put back the checkpoint that goes"
                    + " with the tables, or start over with a new CHECKPOINT_LOCATION and new tables (OUTPUT_PATH).");
        }
        return committed == context.batchId();
    }

    /** Commit {@code version} of {@code log}'s table, which a write of ours just made, read from its commit file (no Spark job). */
    static Commit commit(SparkSession spark, DeltaLog log, long version, String expectedUserMetadata) {
        Path commitFile = new Path(log.logPath(), String.format("%020d.json", version));
        try {
            FileSystem fs = commitFile.getFileSystem(spark.sessionState().newHadoopConf());
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(fs.open(commitFile), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    JsonNode commitInfo = MAPPER.readTree(line).get("commitInfo");
                    if (commitInfo != null) {
                        String metadata = commitInfo.path("userMetadata").asText(null);
                        if (!expectedUserMetadata.equals(metadata)) {
                            throw new IllegalStateException("commit " + version + " of " + log.dataPath() + " is not ours (userMetadata "
                                    + metadata + ", expected " + expectedUserMetadata + ")");
                        }
                        JsonNode rows = commitInfo.path("operationMetrics").path("numOutputRows");
                        if (rows.isMissingNode() || rows.isNull()) {
                            // Read as 0, it would let a batch's reconciliation pass or fail on a wrong count.
                            throw new IllegalStateException("commit " + version + " of " + log.dataPath() + " has no numOutputRows:"
                                    + " the sink counts the rows it wrote from Delta's operation metrics, which "
                                    + SparkSetup.HISTORY_METRICS + "=false turns off; remove that setting");
                        }
                        return new Commit(version, rows.asLong(), metadata);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + commitFile + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException(commitFile + " has no commitInfo");
    }
}

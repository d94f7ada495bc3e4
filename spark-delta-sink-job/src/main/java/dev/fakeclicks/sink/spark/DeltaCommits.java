package dev.fakeclicks.sink.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    /** Commits looked at by {@link #earlierCommit}; a replay follows its failed attempt closely. */
    private static final int MAX_VERSIONS_BACK = 1000;

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
        JsonNode commitInfo = readCommit(spark, log, version, false).commitInfo();
        String metadata = commitInfo.path("userMetadata").asText(null);
        if (!expectedUserMetadata.equals(metadata)) {
            throw new IllegalStateException("commit " + version + " of " + log.dataPath() + " is not ours (userMetadata "
                    + metadata + ", expected " + expectedUserMetadata + ")");
        }
        return new Commit(version, outputRows(log, version, commitInfo), metadata);
    }

    /**
     * The commit by which an earlier attempt wrote this batch to the table at {@code path} (its {@code txn} action
     * carries the app id and batch id), found walking back from the latest version: a replay reports the rows that
     * commit really added, so that its reconciliation can still fail. Usually the last commit or close to it.
     */
    static Commit earlierCommit(SparkSession spark, String path, BatchContext context) {
        DeltaLog log = DeltaLog.forTable(spark, new Path(path));
        long latest = log.update(false, Option.empty(), Option.empty()).version();
        for (long version = latest; version >= 0 && version > latest - MAX_VERSIONS_BACK; version--) {
            CommitFile commit = readCommit(spark, log, version, true);
            if (commit.holds(context.appId(), context.batchId())) {
                // An attempt that wrote without Delta's operation metrics (the job refuses to start so, but a session
                // could turn them off mid-run) is counted from its files' statistics.
                Optional<Long> fromStatistics = hasOutputRows(commit.commitInfo()) ? Optional.empty() : commit.recordsAdded();
                long rows = fromStatistics.isPresent() ? fromStatistics.get() : outputRows(log, version, commit.commitInfo());
                return new Commit(version, rows, commit.commitInfo().path("userMetadata").asText(null));
            }
        }
        throw new IllegalStateException("table " + path + " holds batch " + context.batchId() + " of this query (txnAppId "
                + context.appId() + ") but none of its last " + MAX_VERSIONS_BACK + " commits is the one that wrote it,"
                + " so its rows cannot be counted");
    }

    /** The actions of one commit file that matter here. */
    private record CommitFile(JsonNode commitInfo, List<JsonNode> transactions, List<JsonNode> adds) {
        boolean holds(String appId, long batchId) {
            return transactions.stream().anyMatch(t -> appId.equals(t.path("appId").asText(null))
                    && t.path("version").asLong(-1) == batchId);
        }

        /** Rows of the files added, from their statistics; empty when a file has none. */
        Optional<Long> recordsAdded() {
            long total = 0;
            for (JsonNode add : adds) {
                String stats = add.path("stats").asText(null);
                if (stats == null) {
                    return Optional.empty();
                }
                try {
                    JsonNode records = MAPPER.readTree(stats).path("numRecords");
                    if (!records.canConvertToLong()) {
                        return Optional.empty();
                    }
                    total += records.asLong();
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
            return Optional.of(total);
        }
    }

    /** The commit file of {@code version}; without {@code whole}, only its commitInfo (Delta writes it first). */
    private static CommitFile readCommit(SparkSession spark, DeltaLog log, long version, boolean whole) {
        Path commitFile = new Path(log.logPath(), String.format("%020d.json", version));
        JsonNode commitInfo = null;
        List<JsonNode> transactions = new ArrayList<>();
        List<JsonNode> adds = new ArrayList<>();
        try {
            FileSystem fs = commitFile.getFileSystem(spark.sessionState().newHadoopConf());
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(fs.open(commitFile), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    JsonNode action = MAPPER.readTree(line);
                    if (action.has("commitInfo")) {
                        commitInfo = action.get("commitInfo");
                        if (!whole) {
                            break;
                        }
                    } else if (action.has("txn")) {
                        transactions.add(action.get("txn"));
                    } else if (action.has("add")) {
                        adds.add(action.get("add"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + commitFile + ": " + e.getMessage(), e);
        }
        if (commitInfo == null) {
            throw new IllegalStateException(commitFile + " has no commitInfo");
        }
        return new CommitFile(commitInfo, transactions, adds);
    }

    private static boolean hasOutputRows(JsonNode commitInfo) {
        JsonNode rows = commitInfo.path("operationMetrics").path("numOutputRows");
        return !rows.isMissingNode() && !rows.isNull();
    }

    private static long outputRows(DeltaLog log, long version, JsonNode commitInfo) {
        JsonNode rows = commitInfo.path("operationMetrics").path("numOutputRows");
        if (!hasOutputRows(commitInfo)) {
            // Read as 0, it would let a batch's reconciliation pass or fail on a wrong count.
            throw new IllegalStateException("commit " + version + " of " + log.dataPath() + " has no numOutputRows:"
                    + " the sink counts the rows it wrote from Delta's operation metrics, which "
                    + SparkSetup.HISTORY_METRICS + "=false turns off; remove that setting");
        }
        return rows.asLong();
    }
}

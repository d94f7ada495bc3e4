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
        Snapshot snapshot = DeltaLog.forTable(spark, new Path(path)).update(false, Option.empty(), Option.empty());
        if (snapshot.version() < 0) {
            return -1;
        }
        // The table's checksum file usually carries the transactions; reconstructing the state is the slow fallback.
        Option<Seq<SetTransaction>> known = snapshot.setTransactionsIfKnown();
        Seq<SetTransaction> transactions = known.isDefined() ? known.get() : snapshot.setTransactions();
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
     * The latest commit of the table, read from its commit file (no Spark job). The sink is the only writer of
     * its tables (see README), so right after a write this is that write's commit; {@code expectedUserMetadata}
     * proves it.
     */
    static Commit lastCommit(SparkSession spark, String path, String expectedUserMetadata) {
        DeltaLog log = DeltaLog.forTable(spark, new Path(path));
        long version = log.update(false, Option.empty(), Option.empty()).version();
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
                            throw new IllegalStateException("the latest commit of " + path + " is not ours (userMetadata "
                                    + metadata + ", expected " + expectedUserMetadata + "): is another job writing to this table?");
                        }
                        return new Commit(version, commitInfo.path("operationMetrics").path("numOutputRows").asLong(0), metadata);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + commitFile + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException(commitFile + " has no commitInfo");
    }
}

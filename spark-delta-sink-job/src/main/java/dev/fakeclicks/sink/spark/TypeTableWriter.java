package dev.fakeclicks.sink.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.to_date;

/**
 * Appends one type's records of a batch to {@code <root>/<type>}: parse with the type's schema, keep the
 * records that fit it, add Kafka coordinates and ingest time, partition by the UTC date of event_time.
 * The write is idempotent ({@code txnAppId}/{@code txnVersion}) and evolves the table when the registry
 * added nullable fields ({@code mergeSchema}).
 */
final class TypeTableWriter {

    static final String EVENT_DATE = "event_date";
    static final String INGESTED_AT = "_ingested_at";
    static final String BATCH_ID = "_batch_id";

    /** What happened to one type: rows routed to it, rows written now (or before, when already committed). */
    record Result(String type, long routed, long written, boolean alreadyCommitted) {
    }

    private TypeTableWriter() {
    }

    /** The records of {@code type} parsed, with the validity verdict still to apply. */
    static Dataset<Row> parsed(PreparedBatch batch, CompiledType type) {
        return batch.routedTo(type.type).select(
                type.parse(col(PreparedBatch.VALUE).cast("string")).as(CompiledType.PARSED),
                col(PreparedBatch.VALUE), col(PreparedBatch.KEY), col(PreparedBatch.TOPIC), col(PreparedBatch.PARTITION),
                col(PreparedBatch.OFFSET), col(PreparedBatch.TIMESTAMP), col(PreparedBatch.RAW_EVENT_TYPE),
                col(INGESTED_AT), col(BATCH_ID));
    }

    static Result write(SparkSession spark, PreparedBatch batch, CompiledType type, BatchContext context) {
        String path = context.tablePath(type.type);
        long routed = batch.plan().routed().getOrDefault(type.type, 0L);
        if (context.replay() && DeltaCommits.committedBatch(spark, path, context.appId()) >= context.batchId()) {
            return new Result(type.type, routed, -1, true);
        }
        List<Column> columns = new ArrayList<>(type.eventColumns());
        columns.add(to_date(col(CompiledType.PARSED + ".event_time")).as(EVENT_DATE));
        columns.add(col(PreparedBatch.TOPIC));
        columns.add(col(PreparedBatch.PARTITION));
        columns.add(col(PreparedBatch.OFFSET));
        columns.add(col(PreparedBatch.TIMESTAMP));
        columns.add(col(PreparedBatch.KEY));
        columns.add(col(INGESTED_AT));
        columns.add(col(BATCH_ID));

        String userMetadata = context.userMetadata(type.version);
        parsed(batch, type)
                .where(expr(type.validSql))
                .select(columns.toArray(new Column[0]))
                .write()
                .format("delta")
                .mode("append")
                .partitionBy(EVENT_DATE)
                .option("txnAppId", context.appId())
                .option("txnVersion", context.batchId())
                .option("mergeSchema", "true")
                .option("userMetadata", userMetadata)
                .save(path);
        DeltaCommits.Commit commit = DeltaCommits.lastCommit(spark, path, userMetadata);
        return new Result(type.type, routed, commit.rows(), false);
    }
}

package dev.fakeclicks.sink.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    /**
     * A type's records are written by one task per this many (at most one per Kafka partition): every task
     * pays a Parquet writer, statistics code and a file per date, which for the small per-type slices of a batch
     * cost more than the rows; parallelism then comes from writing several types at once.
     */
    static final long ROWS_PER_TASK = 50_000;
    /** The fewest records worth a task of their own when cores would otherwise sit idle (a cluster). */
    static final long MIN_ROWS_PER_TASK = 5_000;

    /** What happened to one type: rows routed to it, rows its commit added (now, or by an earlier attempt). */
    record Result(String type, long routed, long written, boolean alreadyCommitted) {
    }

    private TypeTableWriter() {
    }

    /** The records of {@code type} parsed, with the validity verdict still to apply. */
    static Dataset<Row> parsed(PreparedBatch batch, CompiledType type) {
        return batch.routedTo(type.type).select(
                type.parse(col(PreparedBatch.VALUE)).as(CompiledType.PARSED),
                col(PreparedBatch.VALUE), col(PreparedBatch.KEY), col(PreparedBatch.TOPIC), col(PreparedBatch.PARTITION),
                col(PreparedBatch.OFFSET), col(PreparedBatch.TIMESTAMP), col(PreparedBatch.RAW_EVENT_TYPE),
                col(INGESTED_AT), col(BATCH_ID));
    }

    /** @param coresPerType the cluster's cores over the types written at once: the tasks a type can have without waiting */
    static Result write(SparkSession spark, PreparedBatch batch, CompiledType type, BatchContext context, int coresPerType) {
        long routed = batch.plan().routed().getOrDefault(type.type, 0L);
        List<Column> columns = new ArrayList<>(type.eventColumns());
        columns.add(to_date(col(CompiledType.PARSED + ".event_time")).as(EVENT_DATE));
        columns.add(col(PreparedBatch.TOPIC));
        columns.add(col(PreparedBatch.PARTITION));
        columns.add(col(PreparedBatch.OFFSET));
        columns.add(col(PreparedBatch.TIMESTAMP));
        columns.add(PreparedBatch.keyAsString());
        columns.add(col(INGESTED_AT));
        columns.add(col(BATCH_ID));

        Dataset<Row> rows = parsed(batch, type)
                .where(expr(type.validSql))
                .select(columns.toArray(new Column[0]))
                .coalesce(tasks(routed, coresPerType));
        Optional<DeltaCommits.Commit> commit = IdempotentAppend.append(spark, context.tablePath(type.type), rows,
                List.of(EVENT_DATE), context, context.userMetadata(type.version));
        return commit.map(c -> new Result(type.type, routed, c.rows(), false))
                .orElseGet(() -> new Result(type.type, routed,
                        DeltaCommits.earlierCommit(spark, context.tablePath(type.type), context).rows(), true));
    }

    /**
     * One task per ROWS_PER_TASK records, or more, up to the type's share of the cores, with at least MIN_ROWS_PER_TASK
     * each (on 2 local cores writing several types the share is one: the first rule alone). Coalesce never adds
     * partitions, so the batch's own partitions cap it; and it shrinks the whole stage, parse included, so a cluster
     * needs the share or its cores would sit idle.
     */
    static int tasks(long routed, int coresPerType) {
        long byRows = (routed + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        long byCores = Math.min(coresPerType, routed / MIN_ROWS_PER_TASK);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, Math.max(byRows, byCores)));
    }
}

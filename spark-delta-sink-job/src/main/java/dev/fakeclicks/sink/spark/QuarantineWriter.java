package dev.fakeclicks.sink.spark;

import dev.fakeclicks.catalogue.EventTypeNames;
import dev.fakeclicks.sink.plan.QuarantineReason;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.decode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * Appends every record of a batch that cannot go to a type table to {@code <root>/_quarantine}, with the raw
 * value (UTF-8 text, or base64 when it is not valid UTF-8), the reason code, a human-readable detail, the
 * raw event_type and the Kafka coordinates, so nothing is lost and every record can be replayed once fixed.
 */
final class QuarantineWriter {

    /** Rows written and the count per reason code. */
    record Result(long written, SortedMap<String, Long> reasons) {
    }

    private QuarantineWriter() {
    }

    static boolean alreadyCommitted(SparkSession spark, BatchContext context) {
        return context.replay() && DeltaCommits.alreadyHolds(
                DeltaCommits.committedBatch(spark, context.quarantinePath(), context.appId()), context, context.quarantinePath());
    }

    /**
     * @param invalidOf    types whose records may not all have fit their schema (fewer written than routed, or
     *                     written by an earlier attempt): their records are parsed again to find the misfits
     * @param beforeCommit sees the counts about to be written (as if written) and may fail the batch: the quarantine is
     *                     the batch's last commit, so a check that fails here fails every replay of the batch too
     */
    static Result write(SparkSession spark, PreparedBatch batch, List<CompiledType> invalidOf, BatchContext context,
                        Map<String, String> rejected, Consumer<Result> beforeCommit) {
        if (invalidOf.isEmpty() && batch.plan().quarantinedUnparsedTotal() == 0) {
            // A clean batch (the usual case): the plan's counts already say so; no Spark job to count nothing.
            Result none = new Result(0, new TreeMap<>());
            beforeCommit.accept(none);
            return none;
        }
        Dataset<Row> quarantine = unparsed(batch, context, rejected);
        for (CompiledType type : invalidOf) {
            quarantine = quarantine.unionByName(misfits(batch, type, context));
        }
        quarantine = quarantine.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            SortedMap<String, Long> reasons = new TreeMap<>();
            for (Row r : quarantine.groupBy(col("reason")).count().collectAsList()) {
                reasons.put(r.getString(0), r.getLong(1));
            }
            long total = reasons.values().stream().mapToLong(Long::longValue).sum();
            beforeCommit.accept(new Result(total, reasons));
            if (total == 0) {
                return new Result(0, reasons);
            }
            long written = IdempotentAppend.append(spark, context.quarantinePath(), quarantine, List.of(), context,
                            context.userMetadata(0))
                    .orElseThrow(() -> new IllegalStateException("batch " + context.batchId()
                            + " was committed to the quarantine by another attempt while this one ran"))
                    .rows();
            return new Result(written, reasons);
        } finally {
            quarantine.unpersist(false);
        }
    }

    /** Records quarantined before parsing: oversized, not JSON, no/invalid/unknown/rejected type, duplicates. */
    private static Dataset<Row> unparsed(PreparedBatch batch, BatchContext context, Map<String, String> rejected) {
        Column reason = col(PreparedBatch.REASON);
        Column rejectedWhy = lit(null).cast("string");
        for (Map.Entry<String, String> entry : rejected.entrySet()) {
            rejectedWhy = when(col(PreparedBatch.RAW_EVENT_TYPE).equalTo(entry.getKey()), lit(entry.getValue())).otherwise(rejectedWhy);
        }
        Column detail = when(reason.equalTo(code(QuarantineReason.OVERSIZED)),
                concat(col(PreparedBatch.SIZE).cast("string"), lit(" bytes > MAX_RECORD_BYTES=" + context.maxRecordBytes())))
                .when(reason.equalTo(code(QuarantineReason.NOT_JSON)),
                        when(col(PreparedBatch.VALUE).isNull(), lit("null value (tombstone)"))
                                .when(col(PreparedBatch.SIZE).equalTo(0), lit("empty value"))
                                .when(isUtf8().unary_$bang(), lit("not valid UTF-8 (raw_value is base64)"))
                                .otherwise(lit("not a JSON object")))
                .when(reason.equalTo(code(QuarantineReason.MISSING_EVENT_TYPE)), lit("no event_type field, or it is null"))
                .when(reason.equalTo(code(QuarantineReason.INVALID_EVENT_TYPE)), lit("event type names are " + EventTypeNames.RULE))
                .when(reason.equalTo(code(QuarantineReason.REJECTED_SCHEMA)), rejectedWhy)
                .when(reason.equalTo(code(QuarantineReason.UNKNOWN_EVENT_TYPE)),
                        lit("not registered in the schema registry (prefix " + context.registryPrefix() + ")"))
                .when(reason.equalTo(code(QuarantineReason.DUPLICATE_EVENT_ID)),
                        concat(lit("first seen at "), col(PreparedBatch.DUPLICATE_OF)));
        return batch.quarantinedUnparsed().select(columns(reason, detail, lit(null).cast("int"), context));
    }

    /** Records of {@code type} that do not fit its schema: a mismatched value or a missing required field. */
    private static Dataset<Row> misfits(PreparedBatch batch, CompiledType type, BatchContext context) {
        Column raw = col(PreparedBatch.VALUE).cast("string");
        Column mismatch = col(CompiledType.PARSED).isNull().or(col(CompiledType.PARSED + "." + CompiledType.CORRUPT).isNotNull());
        Column reason = when(mismatch, lit(code(QuarantineReason.SCHEMA_MISMATCH)))
                .otherwise(lit(code(QuarantineReason.MISSING_REQUIRED_FIELD)));
        Column detail = when(mismatch, concat(lit("does not fit " + type.type + " v" + type.version + ": "), type.mismatchedFields(raw)))
                .otherwise(concat(lit("missing or null: "), expr(type.missingPathsSql)));
        return TypeTableWriter.parsed(batch, type)
                .where(expr("NOT (" + type.validSql + ")"))
                .select(columns(reason, detail, lit(type.version), context));
    }

    private static Column[] columns(Column reason, Column detail, Column schemaVersion, BatchContext context) {
        Column value = col(PreparedBatch.VALUE);
        List<Column> columns = new ArrayList<>();
        columns.add(when(value.isNull(), lit(null).cast("string"))
                .when(isUtf8(), decode(value, "UTF-8")).otherwise(BASE64.apply(value)).as("raw_value"));
        columns.add(when(value.isNull(), lit(null).cast("string"))
                .when(isUtf8(), lit("utf8")).otherwise(lit("base64")).as("raw_value_encoding"));
        columns.add(reason.as("reason"));
        columns.add(detail.as("reason_detail"));
        columns.add(col(PreparedBatch.RAW_EVENT_TYPE).as("raw_event_type"));
        columns.add(schemaVersion.as("schema_version"));
        columns.add(col(PreparedBatch.TOPIC));
        columns.add(col(PreparedBatch.PARTITION));
        columns.add(col(PreparedBatch.OFFSET));
        columns.add(col(PreparedBatch.TIMESTAMP));
        columns.add(PreparedBatch.keyAsString());
        columns.add(col(TypeTableWriter.INGESTED_AT));
        columns.add(col(TypeTableWriter.BATCH_ID));
        return columns.toArray(new Column[0]);
    }

    /**
     * Standard base64 on one line. Spark's {@code base64} function breaks its output into MIME lines of 76 characters
     * by default in 3.5 ({@code spark.sql.chunkBase64String.enabled}), which a plain decoder refuses.
     */
    private static final UserDefinedFunction BASE64 = udf(
            (UDF1<byte[], String>) bytes -> Base64.getEncoder().encodeToString(bytes), DataTypes.StringType);

    /** The routing's own rule ({@link Utf8}), so that a value is base64 here exactly when routing called it not UTF-8. */
    private static final UserDefinedFunction IS_UTF8 = udf((UDF1<byte[], Boolean>) Utf8::isValid, DataTypes.BooleanType);

    private static Column isUtf8() {
        return IS_UTF8.apply(col(PreparedBatch.VALUE));
    }

    private static String code(QuarantineReason reason) {
        return reason.code();
    }
}

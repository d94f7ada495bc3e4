package dev.fakeclicks.sink.spark;

import dev.fakeclicks.sink.plan.BatchPlan;
import dev.fakeclicks.sink.plan.EventRouting;
import dev.fakeclicks.sink.plan.QuarantineReason;
import dev.fakeclicks.sink.plan.RouteCount;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.decode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

/**
 * A micro-batch read from Kafka once and cached, with what every later step needs computed once per record:
 * Kafka coordinates, size, the raw {@code event_type} and {@code event_id} (one light parse that skips
 * everything else), and the route: a type table, or a quarantine reason. Type writers then each take their
 * slice of the cache; nothing reads Kafka twice or parses a record's routing fields twice.
 */
final class PreparedBatch {

    static final String VALUE = "value";
    static final String KEY = "_kafka_key";
    static final String TOPIC = "_kafka_topic";
    static final String PARTITION = "_kafka_partition";
    static final String OFFSET = "_kafka_offset";
    static final String TIMESTAMP = "_kafka_timestamp";
    static final String SIZE = "_value_bytes";
    static final String RAW_EVENT_TYPE = "_raw_event_type";
    static final String EVENT_ID = "_event_id";
    static final String REASON = "_reason";
    static final String ROUTE = "_route";
    static final String DUPLICATE_OF = "_duplicate_of";

    private final Dataset<Row> cached;
    private final Dataset<Row> rows;
    private final BatchPlan plan;

    private PreparedBatch(Dataset<Row> cached, Dataset<Row> rows, BatchPlan plan) {
        this.cached = cached;
        this.rows = rows;
        this.plan = plan;
    }

    /**
     * Caches the batch, finds duplicates and counts records per route (two small jobs over the cache, a few more
     * when an event_id repeats).
     *
     * @param compiled the compiled schema of a registered type (to judge the copies of a repeated event_id)
     */
    static PreparedBatch prepare(Dataset<Row> kafka, EventRouting routing, Function<String, CompiledType> compiled,
                                 BatchContext context) {
        int maxRecordBytes = context.maxRecordBytes();
        Column light = when(col(SIZE).leq(maxRecordBytes), RoutingFields.of(col(VALUE)));
        Dataset<Row> cached = kafka
                .select(col("value").as(VALUE), col("key").as(KEY), col("topic").as(TOPIC),
                        col("partition").as(PARTITION), col("offset").as(OFFSET), col("timestamp").as(TIMESTAMP),
                        coalesce(length(col("value")), lit(0)).as(SIZE))
                .select(col("*"), CompiledType.once(light).as("_light"))
                .withColumn(RAW_EVENT_TYPE, col("_light." + RoutingFields.EVENT_TYPE))
                // The cache keeps key and event_id as bytes: its string columns get dictionary statistics (a hash map
                // insert per value), a waste for values that are nearly all distinct.
                .withColumn(EVENT_ID, col("_light." + RoutingFields.EVENT_ID).cast("binary"))
                .withColumn(REASON, expr(routing.reasonSql(SIZE, maxRecordBytes, "_light", CompiledType.CORRUPT, RAW_EVENT_TYPE)))
                // Per-batch values are cached columns, not literals in each table's query: a literal is compiled
                // into the generated code, so it would make every table's code new (and compiled again) each batch.
                .withColumn(TypeTableWriter.INGESTED_AT, lit(Timestamp.from(context.ingestedAt())))
                .withColumn(TypeTableWriter.BATCH_ID, lit(context.batchId()))
                .drop("_light")
                // Grouped by type, the cache's column batches each hold few types, and their min/max statistics
                // let each type's write skip the batches of other types instead of reading the whole batch.
                .sortWithinPartitions(col(RAW_EVENT_TYPE))
                .persist(StorageLevel.MEMORY_AND_DISK());

        try {
            List<Row> duplicates = duplicatesOfRepeatedIds(cached.where(col(REASON).isNull().and(col(EVENT_ID).isNotNull())), compiled);
            Dataset<Row> rows = duplicates.isEmpty() ? cached.withColumn(DUPLICATE_OF, lit(null).cast("string"))
                    : markDuplicates(cached, duplicates);
            rows = rows.withColumn(REASON, coalesce(col(REASON),
                            when(col(DUPLICATE_OF).isNotNull(), lit(QuarantineReason.DUPLICATE_EVENT_ID.code()))))
                    .withColumn(ROUTE, when(col(REASON).isNull(), col(RAW_EVENT_TYPE)));

            List<RouteCount> counts = new ArrayList<>();
            for (Row r : rows.groupBy(col(ROUTE), col(REASON)).count().collectAsList()) {
                counts.add(new RouteCount(r.getString(0), r.getString(1), r.getLong(2)));
            }
            return new PreparedBatch(cached, rows, BatchPlan.of(counts));
        } catch (RuntimeException e) {
            cached.unpersist(false); // the caller releases a batch only once it has one
            throw e;
        }
    }

    /**
     * The duplicates of the batch: per (event_type, event_id), among the copies that fit their type's schema, every
     * copy but the first (by topic, partition, offset), as (topic, partition, offset, position of the first). A copy
     * that does not fit is never a duplicate: it stays routed to its type and goes to quarantine with its own reason,
     * and it never makes a valid later copy a duplicate. Copies are compared within one type only: the verdicts then
     * depend on one schema, which a replay keeps for a table that committed the batch, so a replay that takes a fresh
     * schema for another type cannot turn a row its table already holds into a duplicate, or the reverse. (The same
     * event_id under two types is a producer bug; both rows are kept, each in its table.) Counting every id is a
     * hash aggregation; parsing the copies and finding the first (a window over the fitting copies) is done for
     * repeated ids only, usually none.
     */
    private static List<Row> duplicatesOfRepeatedIds(Dataset<Row> routable, Function<String, CompiledType> compiled) {
        List<Row> repeated = routable.groupBy(col(RAW_EVENT_TYPE), col(EVENT_ID)).count().where(col("count").gt(1))
                .select(col(RAW_EVENT_TYPE), col(EVENT_ID))
                .collectAsList();
        if (repeated.isEmpty()) {
            return List.of();
        }
        Dataset<Row> ids = routable.sparkSession().createDataFrame(repeated, new StructType()
                .add("_repeated_type", DataTypes.StringType).add("_repeated_id", DataTypes.BinaryType));
        Dataset<Row> copies = routable
                .join(broadcast(ids), col(RAW_EVENT_TYPE).equalTo(col("_repeated_type"))
                        .and(col(EVENT_ID).equalTo(col("_repeated_id"))))
                .select(col(VALUE), col(RAW_EVENT_TYPE), col(EVENT_ID), struct(col(TOPIC), col(PARTITION), col(OFFSET)).as("_at"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> fitting = null;
            for (Row type : copies.select(col(RAW_EVENT_TYPE)).distinct().collectAsList()) {
                CompiledType schema = compiled.apply(type.getString(0));
                Dataset<Row> fits = copies.where(col(RAW_EVENT_TYPE).equalTo(schema.type))
                        .select(schema.parse(col(VALUE)).as(CompiledType.PARSED), col(RAW_EVENT_TYPE), col(EVENT_ID), col("_at"))
                        .where(expr(schema.validSql))
                        .select(col(RAW_EVENT_TYPE), col(EVENT_ID), col("_at"));
                fitting = fitting == null ? fits : fitting.unionAll(fits);
            }
            Column first = min(col("_at")).over(Window.partitionBy(col(RAW_EVENT_TYPE), col(EVENT_ID))).as("_first");
            return fitting.select(col("_at"), first)
                    .where(col("_at").notEqual(col("_first")))
                    .select(col("_at").getField(TOPIC).as("_dup_topic"), col("_at").getField(PARTITION).as("_dup_partition"),
                            col("_at").getField(OFFSET).as("_dup_offset"),
                            concat_ws("", col("_first").getField(TOPIC), lit("/"), col("_first").getField(PARTITION).cast("string"),
                                    lit("@"), col("_first").getField(OFFSET).cast("string")).as("_dup_of"))
                    .collectAsList();
        } finally {
            copies.unpersist(false);
        }
    }

    private static Dataset<Row> markDuplicates(Dataset<Row> cached, List<Row> duplicates) {
        SparkSession spark = cached.sparkSession();
        Dataset<Row> marks = spark.createDataFrame(duplicates, duplicates.get(0).schema());
        return cached
                .join(broadcast(marks), col(TOPIC).equalTo(col("_dup_topic"))
                        .and(col(PARTITION).equalTo(col("_dup_partition")))
                        .and(col(OFFSET).equalTo(col("_dup_offset"))), "left")
                .withColumn(DUPLICATE_OF, col("_dup_of"))
                .drop("_dup_topic", "_dup_partition", "_dup_offset", "_dup_of");
    }

    /**
     * The Kafka key as text, as the tables store it: UTF-8, with U+FFFD for bytes that are not. (A cast would keep
     * the bytes as they are, and a Parquet string column that is not UTF-8 is refused by readers that check it.)
     */
    static Column keyAsString() {
        return decode(col(KEY), "UTF-8").as(KEY);
    }

    BatchPlan plan() {
        return plan;
    }

    /** The records routed to {@code type}'s table. */
    Dataset<Row> routedTo(String type) {
        // The raw type test is implied by the route; stated on a cached column, it prunes the cache's batches.
        return rows.where(col(RAW_EVENT_TYPE).equalTo(type).and(col(ROUTE).equalTo(type)));
    }

    /** The records quarantined before parsing (reason column set). */
    Dataset<Row> quarantinedUnparsed() {
        return rows.where(col(REASON).isNotNull());
    }

    void release() {
        cached.unpersist(false);
    }
}

package dev.fakeclicks.sink.spark;

import dev.fakeclicks.sink.plan.BatchPlan;
import dev.fakeclicks.sink.plan.EventRouting;
import dev.fakeclicks.sink.plan.QuarantineReason;
import dev.fakeclicks.sink.plan.RouteCount;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
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

    /** Caches the batch, finds duplicates and counts records per route (two small jobs over the cache). */
    static PreparedBatch prepare(Dataset<Row> kafka, EventRouting routing, BatchContext context) {
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

        // Within a batch, the first record of an event_id (by partition, offset) wins; later ones are quarantined.
        List<Row> firsts = firstOfRepeatedIds(cached.where(col(REASON).isNull().and(col(EVENT_ID).isNotNull())));
        Dataset<Row> rows = firsts.isEmpty() ? cached.withColumn(DUPLICATE_OF, lit(null).cast("string"))
                : markDuplicates(cached, firsts);
        rows = rows.withColumn(REASON, coalesce(col(REASON),
                        when(col(DUPLICATE_OF).isNotNull(), lit(QuarantineReason.DUPLICATE_EVENT_ID.code()))))
                .withColumn(ROUTE, when(col(REASON).isNull(), col(RAW_EVENT_TYPE)));

        List<RouteCount> counts = new ArrayList<>();
        for (Row r : rows.groupBy(col(ROUTE), col(REASON)).count().collectAsList()) {
            counts.add(new RouteCount(r.getString(0), r.getString(1), r.getLong(2)));
        }
        return new PreparedBatch(cached, rows, BatchPlan.of(counts));
    }

    /**
     * Per event_id seen more than once: the id and its first position (topic, partition, offset).
     * Counting every id is a hash aggregation; the first position (a struct minimum, which Spark aggregates by
     * sorting every row) is computed for the repeated ids only, usually none.
     */
    private static List<Row> firstOfRepeatedIds(Dataset<Row> routable) {
        List<Row> repeated = routable.groupBy(col(EVENT_ID)).count().where(col("count").gt(1)).select(col(EVENT_ID))
                .collectAsList();
        if (repeated.isEmpty()) {
            return List.of();
        }
        Dataset<Row> ids = routable.sparkSession().createDataFrame(repeated,
                new StructType().add("_repeated_id", DataTypes.BinaryType));
        return routable
                .join(broadcast(ids), col(EVENT_ID).equalTo(col("_repeated_id")))
                .groupBy(col(EVENT_ID))
                .agg(min(struct(col(TOPIC), col(PARTITION), col(OFFSET))).as("first"))
                .select(col(EVENT_ID), col("first"))
                .collectAsList();
    }

    private static Dataset<Row> markDuplicates(Dataset<Row> cached, List<Row> firsts) {
        SparkSession spark = cached.sparkSession();
        StructType schema = new StructType()
                .add("_dup_event_id", DataTypes.BinaryType)
                .add("_dup_first", firsts.get(0).schema().apply("first").dataType());
        Dataset<Row> first = spark.createDataFrame(firsts, schema);
        Column isFirst = struct(col(TOPIC), col(PARTITION), col(OFFSET)).equalTo(col("_dup_first"));
        return cached
                .join(broadcast(first), col(EVENT_ID).equalTo(col("_dup_event_id"))
                        .and(col(REASON).isNull()), "left")
                .withColumn(DUPLICATE_OF, when(col("_dup_first").isNotNull().and(isFirst.unary_$bang()),
                        concat_ws("", col("_dup_first.`" + TOPIC + "`"), lit("/"), col("_dup_first.`" + PARTITION + "`").cast("string"),
                                lit("@"), col("_dup_first.`" + OFFSET + "`").cast("string"))))
                .drop("_dup_event_id", "_dup_first");
    }

    /** The Kafka key as text, as the tables store it. */
    static Column keyAsString() {
        return col(KEY).cast("string").as(KEY);
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

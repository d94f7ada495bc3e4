package dev.fakeclicks.schema;

/**
 * The subset of Spark SQL data types an event schema can use, modelled without Spark so that the
 * registry CLI and the connector can reason about schemas. {@link SchemaJson} reads and writes the
 * JSON that Spark's {@code DataType.json()} produces and {@code DataType.fromJson} accepts.
 */
public sealed interface DataType permits AtomicType, DecimalType, ArrayType, MapType, StructType {

    /** Spark's short form, e.g. {@code decimal(12,2)} or {@code array<string>}, used in messages. */
    String simpleString();
}

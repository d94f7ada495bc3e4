package dev.fakeclicks.sink.spark;

import dev.fakeclicks.registry.RegisteredSchema;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.sink.plan.RequiredFieldChecks;
import com.fasterxml.jackson.core.JsonFactory;
import dev.fakeclicks.sink.registry.UnusableSchemaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.JsonToStructs;
import org.apache.spark.sql.catalyst.json.JSONOptions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * One registered schema version turned into what a batch needs: the Spark schema for {@code from_json}
 * (plus a corrupt-record column, so type mismatches are caught instead of read as nulls) and the checks for
 * non-nullable fields, which {@code from_json} ignores. Compiled once per (type, version) by the schema cache, when
 * a batch reads the registry: a schema Spark cannot use becomes a rejection in the batch's manifest.
 */
final class CompiledType {

    /** Column holding the parsed record while a batch is validated. */
    static final String PARSED = "_e";
    /** Field Spark fills with the raw text when a record does not fit the schema (reserved prefix: no clash). */
    static final String CORRUPT = "_corrupt_record";
    static final Map<String, String> JSON_OPTIONS = Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT);

    /** Jackson configured as {@code from_json} configures it with {@link #JSON_OPTIONS} (comments, quotes, limits). */
    static JsonFactory jsonFactory() {
        return new JSONOptions(ScalaMaps.of(JSON_OPTIONS), "UTC", CORRUPT).buildJsonFactory();
    }

    /** Spark's own {@code from_json} of {@code jsonString} with {@code parseSchema} and {@link #JSON_OPTIONS}, as an expression. */
    static JsonToStructs fromJson(StructType parseSchema, Expression jsonString, String timeZoneId) {
        return new JsonToStructs(parseSchema, ScalaMaps.of(JSON_OPTIONS), jsonString, Option.apply(timeZoneId));
    }

    final String type;
    final int version;
    final StructType schema;
    final StructType parseSchema;
    final String validSql;
    final String missingPathsSql;
    /** The session time zone, in which from_json reads timestamps without an offset. */
    private final String timeZoneId;

    private CompiledType(String type, int version, StructType schema, RequiredFieldChecks checks, String timeZoneId) {
        this.type = type;
        this.version = version;
        this.schema = schema;
        this.parseSchema = schema.add(CORRUPT, DataTypes.StringType, true);
        this.validSql = PARSED + " IS NOT NULL AND " + PARSED + "." + CORRUPT + " IS NULL AND NOT (" + checks.anyMissingSql() + ")";
        this.missingPathsSql = checks.missingPathsSql();
        this.timeZoneId = timeZoneId;
    }

    /**
     * Compiles a schema and has Spark analyse (never run) the projections a batch makes with it, so that a schema
     * Spark cannot use fails here, named, instead of failing every batch with a message that does not say which type
     * (e.g. metadata {@code DataType.fromJson} cannot read, or a map key type {@code from_json} refuses).
     *
     * @param spark the session that analyses (the batch's)
     * @throws UnusableSchemaException "schema vN of TYPE is not usable by Spark: ..."
     */
    static CompiledType compile(RegisteredSchema registered, SparkSession spark) {
        CompiledType compiled;
        try {
            DataType parsed = DataType.fromJson(registered.schemaJson());
            if (!(parsed instanceof StructType struct)) {
                throw new IllegalArgumentException("not a struct: " + parsed.simpleString());
            }
            RequiredFieldChecks checks = RequiredFieldChecks.of(SchemaJson.parseStruct(registered.schemaJson()), PARSED);
            compiled = new CompiledType(registered.type(), registered.version(), struct, checks,
                    spark.sessionState().conf().sessionLocalTimeZone());
            compiled.analyse(spark);
        } catch (Exception e) { // Spark's analysis errors are checked exceptions thrown from Scala code
            throw new UnusableSchemaException("schema v" + registered.version() + " of " + registered.type()
                    + " is not usable by Spark: " + oneLine(e), e);
        }
        return compiled;
    }

    /** Spark builds a Dataset's plan eagerly: analysing the type writer's and the quarantine's projections over no rows. */
    private void analyse(SparkSession spark) {
        Column raw = col(PreparedBatch.VALUE);
        Dataset<Row> parsed = spark.createDataFrame(List.of(), new StructType().add(PreparedBatch.VALUE, DataTypes.BinaryType))
                .select(parse(raw).as(PARSED), raw);
        parsed.where(expr(validSql)).select(eventColumns().toArray(new Column[0]));
        parsed.where(expr("NOT (" + validSql + ")")).select(mismatchedFields(raw.cast("string")), expr(missingPathsSql));
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * The parsed record of {@code binaryJson} (the Kafka value), as {@code from_json(CAST(value AS STRING), parseSchema,
     * JSON_OPTIONS)} makes it ({@link FromJsonBytes}), parsed once per record (see {@link #once}).
     */
    Column parse(Column binaryJson) {
        return once(FromJsonBytes.parse(binaryJson, parseSchema, timeZoneId));
    }

    /**
     * {@code expensive} evaluated once per row however often later filters and projections refer to it. Spark's
     * optimizer pushes filters below the projection that computes a column by copying its expression into each
     * reference, and splits {@code from_json(...).field} into one pruned {@code from_json} per field: validating
     * 40 required fields meant parsing every record 40 times. A generator is a barrier to both rewrites, and
     * exploding a one-element array keeps exactly one row per record.
     */
    static Column once(Column expensive) {
        return explode(array(expensive));
    }

    /** The event's own columns, top level, with their catalogue comments. */
    List<Column> eventColumns() {
        List<Column> out = new ArrayList<>();
        for (StructField field : schema.fields()) {
            out.add(col(PARSED).getField(field.name()).as(field.name(), field.metadata()));
        }
        return out;
    }

    /**
     * For a record that does not fit the schema: the top-level fields whose value does not parse, by parsing
     * each field alone. Costly, so only evaluated for quarantined records.
     */
    Column mismatchedFields(Column rawJson) {
        List<Column> parts = new ArrayList<>();
        for (StructField field : schema.fields()) {
            StructType single = new StructType().add(field.name(), field.dataType(), true).add(CORRUPT, DataTypes.StringType, true);
            Column failed = from_json(rawJson, single, JSON_OPTIONS).getField(CORRUPT).isNotNull();
            parts.add(when(failed, lit(field.name() + " (expected " + field.dataType().simpleString() + ")")));
        }
        return concat_ws(", ", parts.toArray(new Column[0]));
    }
}

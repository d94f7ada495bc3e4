package dev.fakeclicks.sink.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.JsonToStructs;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.collection.IndexedSeq;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * {@code from_json(CAST(value AS STRING), schema, JSON_OPTIONS)} over a binary column, with the same result for
 * every record: {@link JsonRowReader} reads the records it can decide, Spark's own {@code from_json} the rest.
 * An expression (not a UDF) so that its rows go to Spark as they are, without a conversion from Java objects.
 * Public with a public constructor because Spark's tree copies rebuild nodes by reflection. (An {@code Expression}
 * with one child rather than a {@code UnaryExpression}, whose final Scala methods Java cannot implement around.)
 */
public final class FromJsonBytes extends Expression implements CodegenFallback, Serializable {

    private static final long serialVersionUID = 1L;

    private final Expression child;
    private final Seq<Expression> children;
    private final StructType schema;
    /** from_json's result type; asked for per row by the expressions above this one, so made once. */
    private final DataType nullableSchema;
    private final String timeZoneId;
    private final JsonRowReader reader;
    private transient JsonToStructs fromJson;

    /**
     * @param child      the binary JSON value
     * @param schema     the schema with its corrupt-record column, as given to {@code from_json}
     * @param timeZoneId the session time zone (for timestamps without an offset, which {@code from_json} reads)
     */
    public FromJsonBytes(Expression child, StructType schema, String timeZoneId) {
        this.child = child;
        this.children = JavaConverters.asScalaBuffer(List.of(child)).toList();
        this.schema = schema;
        this.nullableSchema = schema.asNullable();
        this.timeZoneId = timeZoneId;
        this.reader = JsonRowReader.of(schema, CompiledType.CORRUPT).orElse(null);
    }

    /** The column of {@code binaryJson} parsed with {@code schema}. */
    static Column parse(Column binaryJson, StructType schema, String timeZoneId) {
        return new Column(new FromJsonBytes(binaryJson.expr(), schema, timeZoneId));
    }

    /** Whether the fast reader covers this schema (else every record goes through {@code from_json}). */
    boolean readsFast() {
        return reader != null;
    }

    @Override
    public Object eval(InternalRow input) {
        byte[] json = (byte[]) child.eval(input);
        if (json == null) {
            return null;
        }
        if (reader != null) {
            InternalRow row = reader.read(json);
            if (row != null) {
                return row;
            }
        }
        return fromJson().nullSafeEval(UTF8String.fromBytes(json));
    }

    private JsonToStructs fromJson() {
        if (fromJson == null) {
            fromJson = CompiledType.fromJson(schema, child, timeZoneId);
        }
        return fromJson;
    }

    /** from_json's own checks of the schema (e.g. a map key type it cannot read), and a binary input. */
    @Override
    public TypeCheckResult checkInputDataTypes() {
        if (!(child.dataType() instanceof BinaryType)) {
            return new TypeCheckResult.TypeCheckFailure("from_json_bytes reads a binary column, not " + child.dataType().simpleString());
        }
        return CompiledType.fromJson(schema, Literal.create("", DataTypes.StringType), timeZoneId).checkInputDataTypes();
    }

    @Override
    public DataType dataType() {
        return nullableSchema;
    }

    @Override
    public boolean nullable() {
        return true;
    }

    @Override
    public Seq<Expression> children() {
        return children;
    }

    @Override
    public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
        return new FromJsonBytes(newChildren.apply(0), schema, timeZoneId);
    }

    @Override
    public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
        return CodegenFallback.super.doGenCode(ctx, ev);
    }

    @Override
    public String prettyName() {
        return "from_json_bytes";
    }

    @Override
    public int productArity() {
        return 3;
    }

    @Override
    public Object productElement(int n) {
        return switch (n) {
            case 0 -> child;
            case 1 -> schema;
            case 2 -> timeZoneId;
            default -> throw new IndexOutOfBoundsException(n);
        };
    }

    @Override
    public boolean canEqual(Object that) {
        return that instanceof FromJsonBytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FromJsonBytes that && child.equals(that.child) && schema.equals(that.schema)
                && timeZoneId.equals(that.timeZoneId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(child, schema, timeZoneId);
    }
}

package dev.fakeclicks.sink.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Reads a JSON object from its UTF-8 bytes into the row Spark's {@code from_json} makes of it with
 * {@link CompiledType#JSON_OPTIONS}, for the records it can decide, at a fraction of the cost (in the benchmark the
 * parse fell from ~33 % to ~9 % of the executors' time): {@code from_json} decodes every record to characters
 * through a new {@code InputStreamReader}, builds a {@code String} per value, parses each timestamp through the
 * general timestamp parser and copies the row once more. This reader parses
 * the bytes with the same Jackson settings and converts each value the way Spark's {@code JacksonParser} does.
 *
 * <p>It decides only what it can decide exactly like {@code from_json}: a well-formed object (in valid UTF-8,
 * starting with {@code '{'}) whose values all have the token the field's type expects (a string for a string,
 * an integer that fits for an int or a long, ...), with timestamps in the topic's form
 * {@code yyyy-MM-ddTHH:mm:ss[.f{1,6}]Z}. For anything else {@link #read} returns null and the caller asks
 * {@code from_json} ({@link FromJsonBytes}): a record that does not fit its schema, or fits in a way this reader
 * does not cover (a number written as a string, a timestamp with an offset, ...), gets Spark's own verdict.
 * A test compares the two on valid, unusual and broken records.
 */
final class JsonRowReader implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Thrown (without a stack trace) where this reader leaves the record to {@code from_json}. */
    private static final class Undecided extends Exception {
        private static final long serialVersionUID = 1L;
        private static final Undecided INSTANCE = new Undecided();

        private Undecided() {
            super("left to from_json", null, false, false);
        }
    }

    /** Converts the value at the parser's current token, as {@code JacksonParser.makeConverter} does. */
    private interface ValueReader extends Serializable {
        Object read(JsonParser parser, JsonToken token) throws IOException, Undecided;
    }

    private final StructReader root;
    private transient JsonFactory factory;

    private JsonRowReader(StructReader root) {
        this.root = root;
    }

    /**
     * The reader of {@code parseSchema} (the schema given to {@code from_json}, with its corrupt-record column),
     * or empty when the schema has a type or a default value this reader does not cover: its records then all
     * go through {@code from_json}.
     */
    static Optional<JsonRowReader> of(StructType parseSchema, String corruptColumn) {
        ValueReader root = readerOf(parseSchema, corruptColumn);
        return root == null ? Optional.empty() : Optional.of(new JsonRowReader((StructReader) root));
    }

    /**
     * The row of {@code json}, or null when this reader does not decide it (the caller then asks {@code from_json}).
     * The row is new on every call.
     */
    InternalRow read(byte[] json) {
        // Blank, not an object, bytes Jackson would take for UTF-16 or UTF-32 (a zero byte after the '{'), or bytes
        // Spark's decoder would read differently: from_json decides.
        if (json.length < 2 || json[0] != '{' || json[1] == 0 || !Utf8.isValid(json)) {
            return null;
        }
        if (factory == null) {
            factory = CompiledType.jsonFactory();
        }
        try (JsonParser parser = factory.createParser(json)) {
            // Trailing text after the object is ignored, as by from_json.
            return (InternalRow) root.read(parser, parser.nextToken());
        } catch (IOException | RuntimeException | Undecided e) {
            return null;
        }
    }

    /** A reader for {@code type}, or null when it is not covered. */
    private static ValueReader readerOf(DataType type, String skippedField) {
        if (type instanceof StringType) {
            return JsonRowReader::string;
        }
        if (type instanceof LongType) {
            return JsonRowReader::longValue;
        }
        if (type instanceof IntegerType) {
            return JsonRowReader::intValue;
        }
        if (type instanceof DoubleType) {
            return JsonRowReader::doubleValue;
        }
        if (type instanceof BooleanType) {
            return JsonRowReader::booleanValue;
        }
        if (type instanceof TimestampType) {
            return JsonRowReader::timestamp;
        }
        if (type instanceof DecimalType decimal) {
            int precision = decimal.precision();
            int scale = decimal.scale();
            return (parser, token) -> decimal(parser, token, precision, scale);
        }
        if (type instanceof ArrayType array) {
            ValueReader element = readerOf(array.elementType(), null);
            return element == null ? null : new ArrayReader(element);
        }
        if (type instanceof MapType map) {
            ValueReader value = map.keyType() instanceof StringType ? readerOf(map.valueType(), null) : null;
            return value == null ? null : new MapReader(value);
        }
        if (type instanceof StructType struct) {
            return StructReader.of(struct, skippedField);
        }
        return null;
    }

    private static Object string(JsonParser parser, JsonToken token) throws IOException, Undecided {
        if (token == JsonToken.VALUE_STRING) {
            return UTF8String.fromString(parser.getText());
        }
        return nullOrUndecided(token); // from_json keeps any other value's JSON text
    }

    private static Object longValue(JsonParser parser, JsonToken token) throws IOException, Undecided {
        if (token == JsonToken.VALUE_NUMBER_INT && fitsLong(parser.getNumberType())) {
            return parser.getLongValue();
        }
        return nullOrUndecided(token);
    }

    private static Object intValue(JsonParser parser, JsonToken token) throws IOException, Undecided {
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
            return parser.getIntValue();
        }
        return nullOrUndecided(token);
    }

    private static Object doubleValue(JsonParser parser, JsonToken token) throws IOException, Undecided {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDoubleValue();
        }
        return nullOrUndecided(token); // NaN and Infinity as strings: from_json's rules
    }

    private static Object booleanValue(JsonParser parser, JsonToken token) throws Undecided {
        if (token == JsonToken.VALUE_TRUE) {
            return Boolean.TRUE;
        }
        if (token == JsonToken.VALUE_FALSE) {
            return Boolean.FALSE;
        }
        return nullOrUndecided(token);
    }

    private static Object decimal(JsonParser parser, JsonToken token, int precision, int scale) throws IOException, Undecided {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            // Spark's own conversion (rounds half up to the scale; throws when the precision overflows).
            return Decimal.apply(parser.getDecimalValue(), precision, scale);
        }
        return nullOrUndecided(token);
    }

    private static Object timestamp(JsonParser parser, JsonToken token) throws IOException, Undecided {
        if (token == JsonToken.VALUE_STRING) {
            return Timestamps.isoUtcMicros(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        }
        return nullOrUndecided(token); // a number is seconds since the epoch for from_json
    }

    private static boolean fitsLong(JsonParser.NumberType type) {
        return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG;
    }

    /** JSON null is null for every type; any other unexpected token is from_json's to judge. */
    private static Object nullOrUndecided(JsonToken token) throws Undecided {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw Undecided.INSTANCE;
    }

    /** An object into a row: known fields by name (a repeated name keeps its last value), unknown ones skipped. */
    private static final class StructReader implements ValueReader {
        private static final long serialVersionUID = 1L;
        private final int width;
        private final Map<String, Integer> positions;
        private final ValueReader[] readers;

        private StructReader(int width, Map<String, Integer> positions, ValueReader[] readers) {
            this.width = width;
            this.positions = positions;
            this.readers = readers;
        }

        /** Null when a field's type is not covered or a field has a default value (from_json fills those in). */
        static StructReader of(StructType struct, String skippedField) {
            StructField[] fields = struct.fields();
            Map<String, Integer> positions = new HashMap<>();
            ValueReader[] readers = new ValueReader[fields.length];
            for (int i = 0; i < fields.length; i++) {
                StructField field = fields[i];
                if (field.name().equals(skippedField)) {
                    continue; // the corrupt-record column: from_json does not read it from the record
                }
                if (field.metadata().contains("EXISTS_DEFAULT") || field.metadata().contains("CURRENT_DEFAULT")) {
                    return null;
                }
                readers[i] = readerOf(field.dataType(), null);
                if (readers[i] == null) {
                    return null;
                }
                positions.put(field.name(), i); // as Spark's getFieldIndex: the last field of a repeated name
            }
            return new StructReader(fields.length, positions, readers);
        }

        @Override
        public Object read(JsonParser parser, JsonToken token) throws IOException, Undecided {
            if (token != JsonToken.START_OBJECT) {
                return nullOrUndecided(token);
            }
            GenericInternalRow row = new GenericInternalRow(width);
            JsonToken next;
            while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
                Integer position = positions.get(parser.currentName());
                JsonToken value = parser.nextToken();
                if (position == null) {
                    parser.skipChildren();
                } else {
                    row.update(position, readers[position].read(parser, value));
                }
            }
            if (next != JsonToken.END_OBJECT) {
                throw Undecided.INSTANCE;
            }
            return row;
        }
    }

    private static final class ArrayReader implements ValueReader {
        private static final long serialVersionUID = 1L;
        private final ValueReader element;

        ArrayReader(ValueReader element) {
            this.element = element;
        }

        @Override
        public Object read(JsonParser parser, JsonToken token) throws IOException, Undecided {
            if (token != JsonToken.START_ARRAY) {
                return nullOrUndecided(token);
            }
            List<Object> values = new ArrayList<>();
            JsonToken next;
            while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (next == null) {
                    throw Undecided.INSTANCE;
                }
                values.add(element.read(parser, next));
            }
            return new GenericArrayData(values.toArray());
        }
    }

    /** An object into a map with string keys, every entry kept in order (as from_json does, repeated keys too). */
    private static final class MapReader implements ValueReader {
        private static final long serialVersionUID = 1L;
        private final ValueReader value;

        MapReader(ValueReader value) {
            this.value = value;
        }

        @Override
        public Object read(JsonParser parser, JsonToken token) throws IOException, Undecided {
            if (token != JsonToken.START_OBJECT) {
                return nullOrUndecided(token);
            }
            List<Object> keys = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            JsonToken next;
            while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
                keys.add(UTF8String.fromString(parser.currentName()));
                values.add(value.read(parser, parser.nextToken()));
            }
            if (next != JsonToken.END_OBJECT) {
                throw Undecided.INSTANCE;
            }
            return new ArrayBasedMapData(new GenericArrayData(keys.toArray()), new GenericArrayData(values.toArray()));
        }
    }

    /** The topic's timestamp form, read without a formatter. */
    static final class Timestamps {
        private Timestamps() {
        }

        /**
         * Microseconds since the epoch of {@code yyyy-MM-ddTHH:mm:ss[.f{1,6}]Z} (what Spark's timestamp parsing
         * makes of it); anything else is undecided.
         */
        static long isoUtcMicros(char[] text, int offset, int length) throws Undecided {
            if (length < 20 || length > 27 || length == 21 || text[offset + length - 1] != 'Z'
                    || text[offset + 4] != '-' || text[offset + 7] != '-' || text[offset + 10] != 'T'
                    || text[offset + 13] != ':' || text[offset + 16] != ':') {
                throw Undecided.INSTANCE;
            }
            int year = digits(text, offset, 4);
            int month = digits(text, offset + 5, 2);
            int day = digits(text, offset + 8, 2);
            int hour = digits(text, offset + 11, 2);
            int minute = digits(text, offset + 14, 2);
            int second = digits(text, offset + 17, 2);
            long fraction = 0;
            int fractionDigits = length - 21; // after the '.', before the 'Z'
            if (fractionDigits > 0) {
                if (text[offset + 19] != '.') {
                    throw Undecided.INSTANCE;
                }
                fraction = digits(text, offset + 20, fractionDigits);
                for (int i = fractionDigits; i < 6; i++) {
                    fraction *= 10;
                }
            }
            if (hour > 23 || minute > 59 || second > 59) {
                throw Undecided.INSTANCE;
            }
            long epochDay;
            try {
                epochDay = LocalDate.of(year, month, day).toEpochDay();
            } catch (DateTimeException e) {
                throw Undecided.INSTANCE;
            }
            long seconds = epochDay * 86_400L + hour * 3_600L + minute * 60L + second;
            return seconds * 1_000_000L + fraction;
        }

        private static int digits(char[] text, int from, int count) throws Undecided {
            int value = 0;
            for (int i = from; i < from + count; i++) {
                char c = text[i];
                if (c < '0' || c > '9') {
                    throw Undecided.INSTANCE;
                }
                value = value * 10 + (c - '0');
            }
            return value;
        }
    }
}

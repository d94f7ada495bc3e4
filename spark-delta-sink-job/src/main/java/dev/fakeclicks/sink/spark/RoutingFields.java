package dev.fakeclicks.sink.spark;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.udf;

/**
 * The light parse of every record of a batch: its {@code event_type} and {@code event_id}, and whether it is a
 * JSON object at all, as {@code from_json(CAST(value AS STRING), <those two fields>)} with
 * {@link CompiledType#JSON_OPTIONS} finds them (a test compares the two on valid and broken input; for a value
 * that is not a JSON object, both fields are null here, where from_json may keep what it read before the error).
 * It costs a fraction: {@code from_json} decodes each record through a new {@code InputStreamReader}, while this
 * reads the bytes with the same Jackson settings and skips everything else.
 *
 * <p>One deliberate difference: a value that is not well-formed UTF-8 ({@link Utf8}) is not JSON here, wherever the
 * bad bytes are. JSON exchanged between systems must be UTF-8 (RFC 8259, 8.1), and {@code from_json} would read it
 * with the bad bytes replaced by U+FFFD, so a record with a broken string would reach its table silently changed;
 * as {@code not_json} it goes to quarantine with its bytes intact (base64). A value not starting with {@code '{'}
 * followed by a non-zero byte takes {@code from_json}'s own way (Jackson would detect a BOM, UTF-16 or UTF-32 from
 * the bytes, where Spark decodes UTF-8).
 */
final class RoutingFields implements UDF1<byte[], Row> {

    private static final long serialVersionUID = 1L;

    static final String EVENT_TYPE = "event_type";
    static final String EVENT_ID = "event_id";
    static final StructType SCHEMA = new StructType()
            .add(EVENT_TYPE, DataTypes.StringType, true)
            .add(EVENT_ID, DataTypes.StringType, true)
            .add(CompiledType.CORRUPT, DataTypes.StringType, true);
    private static final Row NOT_JSON = RowFactory.create(null, null, "not a JSON object");

    /** Jackson as {@code from_json} configures it (comments, quotes, number and nesting limits). */
    private transient JsonFactory factory;

    private RoutingFields() {
    }

    /** The struct (event_type, event_id, _corrupt_record) of a binary value column; null for a null or blank value. */
    static Column of(Column value) {
        return udf(new RoutingFields(), SCHEMA).apply(value);
    }

    @Override
    public Row call(byte[] value) {
        if (value == null) {
            return null;
        }
        if (factory == null) {
            factory = CompiledType.jsonFactory();
        }
        if (!Utf8.isValid(value)) {
            return NOT_JSON;
        }
        if (value.length > 1 && value[0] == '{' && value[1] != 0) {
            try (JsonParser parser = factory.createParser(value)) {
                return read(parser);
            } catch (IOException | RuntimeException e) {
                // fall through: read it as from_json does
            }
        }
        try (JsonParser parser = factory.createParser(new InputStreamReader(new ByteArrayInputStream(value), StandardCharsets.UTF_8))) {
            return read(parser);
        } catch (IOException | RuntimeException e) {
            return NOT_JSON;
        }
    }

    /** Reads one value; throws on anything that is not a well-formed JSON object (trailing text is ignored, as by Spark). */
    private Row read(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return null;
        }
        if (first != JsonToken.START_OBJECT) {
            return NOT_JSON;
        }
        String eventType = null;
        String eventId = null;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
            if (token == null) {
                return NOT_JSON;
            }
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case EVENT_TYPE -> eventType = text(parser);
                case EVENT_ID -> eventId = text(parser);
                default -> parser.skipChildren();
            }
        }
        return RowFactory.create(eventType, eventId, null);
    }

    /** A field read as a Spark string: the text of a string, null for null, the JSON text of anything else. */
    private String text(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator generator = factory.createGenerator(json, JsonEncoding.UTF8)) {
            generator.copyCurrentStructure(parser);
        }
        return json.toString(StandardCharsets.UTF_8);
    }
}

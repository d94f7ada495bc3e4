package dev.fakeclicks.sink.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.schema.ArrayType;
import dev.fakeclicks.schema.AtomicType;
import dev.fakeclicks.schema.DataType;
import dev.fakeclicks.schema.DecimalType;
import dev.fakeclicks.schema.MapType;
import dev.fakeclicks.schema.StructField;
import dev.fakeclicks.schema.StructType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Events that conform to a schema, built from the schema itself (so every catalogue type, and any test
 * type, is covered without a hand-written fixture), deterministic for a sequence number. Follows the topic
 * contract: ISO-8601 UTC timestamps with millis, money as numbers with 2 decimals, key = session_id.
 */
public final class TestEvents {

    public static final Instant BASE_TIME = Instant.parse("2026-11-26T10:00:00Z");
    public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TestEvents() {
    }

    public static StructType schemaOf(String type) {
        return Catalogue.builtIn().require(type).schema();
    }

    /** The event id of {@code type}'s event number {@code seq}: stable, so tests can look events up. */
    public static String eventId(String type, long seq) {
        return UUID.nameUUIDFromBytes((type + "#" + seq).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Event time of event number {@code seq}: a second apart from {@link #BASE_TIME}. */
    public static Instant eventTime(long seq) {
        return BASE_TIME.plusSeconds(seq).plusMillis(seq % 1000);
    }

    /** A conforming event of {@code type} with catalogue schema. */
    public static ObjectNode event(String type, long seq) {
        return event(type, schemaOf(type), seq);
    }

    public static ObjectNode event(String type, StructType schema, long seq) {
        ObjectNode node = struct(schema, "", seq);
        if (schema.field("event_id").isPresent()) {
            node.put("event_id", eventId(type, seq));
        }
        if (schema.field("event_type").isPresent()) {
            node.put("event_type", type);
        }
        if (schema.field("event_time").isPresent()) {
            node.put("event_time", TIMESTAMP.format(eventTime(seq)));
        }
        if (schema.field("session_id").isPresent()) {
            node.put("session_id", "session-" + (seq % 7));
        }
        return node;
    }

    public static ProducerRecord<byte[], byte[]> record(String topic, JsonNode event) {
        String key = event.path("session_id").asText("none");
        return record(topic, key, event.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    public static ProducerRecord<byte[], byte[]> record(String topic, String key, String value) {
        return record(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Removes the field at a dotted path ({@code page.url}); arrays by index ({@code items.0.price}). */
    public static ObjectNode without(ObjectNode event, String path) {
        ObjectNode copy = event.deepCopy();
        int dot = path.lastIndexOf('.');
        JsonNode parent = dot < 0 ? copy : at(copy, path.substring(0, dot));
        ((ObjectNode) parent).remove(path.substring(dot + 1));
        return copy;
    }

    /** Sets the field at a dotted path to {@code value}. */
    public static ObjectNode with(ObjectNode event, String path, JsonNode value) {
        ObjectNode copy = event.deepCopy();
        int dot = path.lastIndexOf('.');
        JsonNode parent = dot < 0 ? copy : at(copy, path.substring(0, dot));
        ((ObjectNode) parent).set(path.substring(dot + 1), value);
        return copy;
    }

    public static JsonNode text(String value) {
        return NODES.textNode(value);
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            node = node.isArray() ? node.get(Integer.parseInt(part)) : node.get(part);
        }
        return node;
    }

    private static ObjectNode struct(StructType schema, String path, long seq) {
        ObjectNode node = NODES.objectNode();
        for (StructField field : schema.fields()) {
            String fieldPath = path + field.name();
            // Every third event leaves its optional fields null, so nullable columns see both.
            if (field.nullable() && seq % 3 == 0) {
                node.putNull(field.name());
            } else {
                node.set(field.name(), value(field.type(), fieldPath, seq));
            }
        }
        return node;
    }

    private static JsonNode value(DataType type, String path, long seq) {
        if (type instanceof StructType struct) {
            return struct(struct, path + ".", seq);
        }
        if (type instanceof ArrayType array) {
            ArrayNode out = NODES.arrayNode();
            for (int i = 0; i < 2; i++) {
                out.add(value(array.elementType(), path + "[]", seq + i));
            }
            return out;
        }
        if (type instanceof MapType map) {
            ObjectNode out = NODES.objectNode();
            out.set("k" + (seq % 5), value(map.valueType(), path + "{}", seq));
            return out;
        }
        if (type instanceof DecimalType decimal) {
            return NODES.numberNode(BigDecimal.valueOf(100 + seq % 10_000, Math.min(2, decimal.scale())));
        }
        AtomicType atomic = (AtomicType) type;
        switch (atomic) {
            case STRING:
                return NODES.textNode(path + "-" + seq);
            case BOOLEAN:
                return NODES.booleanNode(seq % 2 == 0);
            case BYTE:
            case SHORT:
            case INTEGER:
            case LONG:
                return NODES.numberNode(1 + seq % 100);
            case FLOAT:
            case DOUBLE:
                return NODES.numberNode(seq * 0.5);
            case DATE:
                return NODES.textNode("2026-11-26");
            case TIMESTAMP:
            case TIMESTAMP_NTZ:
                return NODES.textNode(TIMESTAMP.format(eventTime(seq)));
            default:
                return NODES.textNode(Base64Holder.encode(path + seq));
        }
    }

    private static final class Base64Holder {
        static String encode(String text) {
            return java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}

package dev.fakeclicks.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.schema.StructType;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One registered version of a type's schema. {@code schemaJson} is the canonical Spark StructType JSON,
 * ready for Spark's {@code DataType.fromJson}.
 */
public record RegisteredSchema(String type, int version, Instant registeredAt, String schemaJson) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public StructType schema() {
        return SchemaJson.parseStruct(schemaJson);
    }

    /** The stored form: {@code {"version":N,"registered_at":"...","schema":{...}}}. */
    public String toEntryJson() {
        return "{\"version\":" + version + ",\"registered_at\":\"" + registeredAt + "\",\"schema\":" + schemaJson + "}";
    }

    /** Reads a stored entry; the message of the exception says what is wrong with it. */
    public static RegisteredSchema fromEntryJson(String type, String entryJson) {
        try {
            JsonNode node = MAPPER.readTree(entryJson);
            JsonNode version = node.path("version");
            JsonNode schema = node.path("schema");
            if (!version.canConvertToInt() || version.asInt() < 1 || !schema.isObject()) {
                throw new IllegalArgumentException("registry entry of " + type
                        + " must be {\"version\":N,\"registered_at\":...,\"schema\":{...}}");
            }
            JsonNode at = node.path("registered_at");
            Instant registeredAt = at.isTextual() ? Instant.parse(at.asText()) : Instant.EPOCH;
            return new RegisteredSchema(type, version.asInt(), registeredAt, schema.toString());
        } catch (IOException | DateTimeParseException e) {
            throw new IllegalArgumentException("registry entry of " + type + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}

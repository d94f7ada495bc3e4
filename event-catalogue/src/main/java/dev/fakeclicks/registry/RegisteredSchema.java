package dev.fakeclicks.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.schema.SchemaParseException;
import dev.fakeclicks.schema.StructType;
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

    /**
     * Reads a stored entry, schema included, so an entry that reads is usable.
     *
     * @throws RegistryDataException "registry entry of TYPE is unreadable: ..." saying what is wrong with it
     */
    public static RegisteredSchema fromEntryJson(String type, String entryJson) {
        JsonNode node;
        try {
            node = MAPPER.readTree(entryJson);
        } catch (JsonProcessingException e) {
            // The original message is one line; the full one adds the location on a second line.
            throw unreadable(type, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode version = node.path("version");
        JsonNode schema = node.path("schema");
        if (!version.isIntegralNumber() || !version.canConvertToInt() || version.asInt() < 1 || !schema.isObject()) {
            throw unreadable(type, "expected {\"version\":N,\"registered_at\":...,\"schema\":{...}}", null);
        }
        JsonNode at = node.path("registered_at");
        Instant registeredAt;
        try {
            registeredAt = at.isTextual() ? Instant.parse(at.asText()) : Instant.EPOCH;
        } catch (DateTimeParseException e) {
            throw unreadable(type, "registered_at is not an ISO-8601 instant: " + e.getMessage(), e);
        }
        try {
            SchemaJson.parseStruct(schema.toString());
        } catch (SchemaParseException e) {
            throw unreadable(type, "its schema is not a Spark StructType: " + e.getMessage(), e);
        }
        return new RegisteredSchema(type, version.asInt(), registeredAt, schema.toString());
    }

    private static RegistryDataException unreadable(String type, String why, Throwable cause) {
        return new RegistryDataException(type, "registry entry of " + type + " is unreadable: " + why, cause);
    }
}

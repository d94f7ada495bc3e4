package dev.fakeclicks.schema;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes Spark's StructType JSON, the format of {@code DataType.json()} / {@code DataType.fromJson}:
 * <pre>{"type":"struct","fields":[{"name":"a","type":"string","nullable":true,"metadata":{}}]}</pre>
 * {@link #toJson} is canonical (compact, Spark's key order), so two equal schemas serialize to equal strings.
 */
public final class SchemaJson {

    /**
     * A key given twice is refused rather than read as its last value: Spark refuses it in a field or a type object
     * (and keeps the last in metadata), and either way the file does not say what it means.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Pattern DECIMAL = Pattern.compile("decimal\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");
    /** The keys Spark writes (and accepts) in each kind of type object, and in a struct field. */
    private static final Map<String, List<String>> KEYS_BY_KIND = Map.of(
            "struct", List.of("type", "fields"),
            "array", List.of("type", "elementType", "containsNull"),
            "map", List.of("type", "keyType", "valueType", "valueContainsNull"));
    private static final List<String> FIELD_KEYS = List.of("name", "type", "nullable", "metadata");

    private SchemaJson() {
    }

    /** Parses a top-level struct schema. */
    public static StructType parseStruct(String json) {
        DataType type = parse(json);
        if (type instanceof StructType struct) {
            return struct;
        }
        throw new SchemaParseException("schema must be a struct at the top level, found " + type.simpleString());
    }

    public static DataType parse(String json) {
        JsonNode root;
        try (JsonParser parser = MAPPER.createParser(json)) {
            root = MAPPER.readTree(parser);
            JsonLocation end = parser.currentLocation();
            // Spark ignores whatever follows the schema; here it is refused, since it is most likely a second schema
            // pasted into the file or the rest of a botched edit, not something to drop silently.
            if (root != null && !atEnd(parser)) {
                throw new SchemaParseException("schema is not valid JSON: unexpected content after the schema, which ends"
                        + " at line " + end.getLineNr() + ", column " + end.getColumnNr());
            }
        } catch (JsonProcessingException e) {
            throw new SchemaParseException("schema is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: reading a string", e);
        }
        if (root == null || root.isMissingNode()) {
            throw new SchemaParseException("schema is empty");
        }
        return readType(root, "$");
    }

    /** Whether nothing but whitespace is left; anything else, even what is not JSON, is content left over. */
    private static boolean atEnd(JsonParser parser) throws IOException {
        try {
            return parser.nextToken() == null;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** Compact canonical JSON, byte-for-byte what Spark's {@code DataType.json()} writes for the same schema. */
    public static String toJson(DataType type) {
        return writeType(type).toString();
    }

    /** Indented JSON for files people read (the catalogue, {@code export}). */
    public static String toPrettyJson(DataType type) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(writeType(type)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: writing a tree", e);
        }
    }

    private static DataType readType(JsonNode node, String path) {
        if (node.isTextual()) {
            return readNamedType(node.asText(), path);
        }
        if (!node.isObject()) {
            throw new SchemaParseException(path + ": expected a type name or a type object, found " + node.getNodeType());
        }
        String kind = requiredText(node, "type", path);
        List<String> keys = KEYS_BY_KIND.get(kind);
        if (keys != null) {
            onlyKeys(node, keys, path, (kind.equals("array") ? "an " : "a ") + kind + " type");
        }
        return switch (kind) {
            case "struct" -> readStruct(node, path);
            case "array" -> new ArrayType(
                    readType(required(node, "elementType", path), path + "[]"),
                    requiredBoolean(node, "containsNull", path));
            case "map" -> new MapType(
                    readType(required(node, "keyType", path), path + "{key}"),
                    readType(required(node, "valueType", path), path + "{}"),
                    requiredBoolean(node, "valueContainsNull", path));
            default -> throw new SchemaParseException(path + ": unsupported complex type \"" + kind
                    + "\" (use struct, array or map)");
        };
    }

    private static StructType readStruct(JsonNode node, String path) {
        JsonNode fields = required(node, "fields", path);
        if (!fields.isArray()) {
            throw new SchemaParseException(path + ".fields: expected an array");
        }
        List<StructField> out = new ArrayList<>(fields.size());
        for (JsonNode field : fields) {
            String name = requiredText(field, "name", path + ".fields[" + out.size() + "]");
            String fieldPath = "$".equals(path) ? name : path + "." + name;
            onlyKeys(field, FIELD_KEYS, fieldPath, "a field");
            DataType type = readType(required(field, "type", fieldPath), fieldPath);
            boolean nullable = requiredBoolean(field, "nullable", fieldPath);
            out.add(new StructField(name, type, nullable, readMetadata(field.get("metadata"), fieldPath)));
        }
        return new StructType(out);
    }

    private static Map<String, Object> readMetadata(JsonNode metadata, String path) {
        if (metadata == null || metadata.isNull()) {
            return Map.of();
        }
        if (!metadata.isObject()) {
            throw new SchemaParseException(path + ".metadata: expected an object");
        }
        return MAPPER.convertValue(metadata, new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    private static DataType readNamedType(String name, String path) {
        var atomic = AtomicType.fromJsonName(name);
        if (atomic.isPresent()) {
            return atomic.get();
        }
        if ("decimal".equals(name)) {
            return new DecimalType(10, 0);
        }
        Matcher m = DECIMAL.matcher(name);
        if (m.matches()) {
            try {
                return new DecimalType(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            } catch (IllegalArgumentException e) {
                throw new SchemaParseException(path + ": " + e.getMessage(), e);
            }
        }
        throw new SchemaParseException(path + ": unknown type \"" + name + "\"");
    }

    /**
     * Refuses keys Spark's {@code DataType.fromJson} does not know (it fails on them), rather than dropping them
     * silently: what the registry stores must be what the sink can read.
     */
    private static void onlyKeys(JsonNode node, List<String> allowed, String path, String what) {
        for (var names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!allowed.contains(key)) {
                throw new SchemaParseException(path + ": unknown key \"" + key + "\" in " + what + " (allowed: "
                        + String.join(", ", allowed) + ")");
            }
        }
    }

    private static JsonNode required(JsonNode node, String key, String path) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw new SchemaParseException(path + ": missing \"" + key + "\"");
        }
        return value;
    }

    private static String requiredText(JsonNode node, String key, String path) {
        JsonNode value = required(node, key, path);
        if (!value.isTextual()) {
            throw new SchemaParseException(path + "." + key + ": expected a string");
        }
        return value.asText();
    }

    private static boolean requiredBoolean(JsonNode node, String key, String path) {
        JsonNode value = required(node, key, path);
        if (!value.isBoolean()) {
            throw new SchemaParseException(path + "." + key + ": expected true or false");
        }
        return value.asBoolean();
    }

    private static JsonNode writeType(DataType type) {
        if (type instanceof AtomicType atomic) {
            return MAPPER.getNodeFactory().textNode(atomic.jsonName());
        }
        if (type instanceof DecimalType decimal) {
            return MAPPER.getNodeFactory().textNode(decimal.simpleString());
        }
        ObjectNode node = MAPPER.createObjectNode();
        if (type instanceof ArrayType array) {
            node.put("type", "array");
            node.set("elementType", writeType(array.elementType()));
            node.put("containsNull", array.containsNull());
        } else if (type instanceof MapType map) {
            node.put("type", "map");
            node.set("keyType", writeType(map.keyType()));
            node.set("valueType", writeType(map.valueType()));
            node.put("valueContainsNull", map.valueContainsNull());
        } else {
            StructType struct = (StructType) type;
            node.put("type", "struct");
            ArrayNode fields = node.putArray("fields");
            for (StructField field : struct.fields()) {
                ObjectNode f = fields.addObject();
                f.put("name", field.name());
                f.set("type", writeType(field.type()));
                f.put("nullable", field.nullable());
                f.set("metadata", MAPPER.valueToTree(field.metadata()));
            }
        }
        return node;
    }
}

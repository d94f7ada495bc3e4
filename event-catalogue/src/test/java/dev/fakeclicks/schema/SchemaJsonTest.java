package dev.fakeclicks.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaJsonTest {

    private static final String SPARK_JSON = "{\"type\":\"struct\",\"fields\":["
            + "{\"name\":\"id\",\"type\":\"string\",\"nullable\":false,\"metadata\":{\"comment\":\"the id\"}},"
            + "{\"name\":\"price\",\"type\":\"decimal(12,2)\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"tags\",\"type\":{\"type\":\"array\",\"elementType\":\"string\",\"containsNull\":true},\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"attrs\",\"type\":{\"type\":\"map\",\"keyType\":\"string\",\"valueType\":\"long\",\"valueContainsNull\":false},\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"page\",\"type\":{\"type\":\"struct\",\"fields\":[{\"name\":\"url\",\"type\":\"string\",\"nullable\":false,\"metadata\":{}}]},\"nullable\":false,\"metadata\":{}},"
            + "{\"name\":\"at\",\"type\":\"timestamp\",\"nullable\":false,\"metadata\":{}}]}";

    @Test
    void readsSparkStructJson() {
        StructType schema = SchemaJson.parseStruct(SPARK_JSON);

        assertThat(schema.fields()).extracting(StructField::name).containsExactly("id", "price", "tags", "attrs", "page", "at");
        assertThat(schema.field("id").orElseThrow()).isEqualTo(
                new StructField("id", AtomicType.STRING, false, Map.of("comment", "the id")));
        assertThat(schema.field("price").orElseThrow().type()).isEqualTo(new DecimalType(12, 2));
        assertThat(schema.field("tags").orElseThrow().type()).isEqualTo(new ArrayType(AtomicType.STRING, true));
        assertThat(schema.field("attrs").orElseThrow().type()).isEqualTo(new MapType(AtomicType.STRING, AtomicType.LONG, false));
        assertThat(schema.field("page").orElseThrow().type())
                .isEqualTo(StructType.of(new StructField("url", AtomicType.STRING, false)));
        assertThat(schema.field("at").orElseThrow().type()).isEqualTo(AtomicType.TIMESTAMP);
    }

    @Test
    void writesTheSameCanonicalJsonSparkWrites() {
        assertThat(SchemaJson.toJson(SchemaJson.parseStruct(SPARK_JSON))).isEqualTo(SPARK_JSON);
    }

    @Test
    void prettyJsonReadsBackToTheSameSchema() {
        StructType schema = SchemaJson.parseStruct(SPARK_JSON);
        assertThat(SchemaJson.parseStruct(SchemaJson.toPrettyJson(schema))).isEqualTo(schema);
    }

    @Test
    void errorsNameThePath() {
        assertThatThrownBy(() -> SchemaJson.parseStruct("{\"type\":\"struct\",\"fields\":[{\"name\":\"page\",\"type\":"
                + "{\"type\":\"struct\",\"fields\":[{\"name\":\"url\",\"type\":\"varchar\",\"nullable\":true}]},\"nullable\":true}]}"))
                .isInstanceOf(SchemaParseException.class)
                .hasMessage("page.url: unknown type \"varchar\"");
        assertThatThrownBy(() -> SchemaJson.parseStruct("{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}"))
                .hasMessage("a: missing \"nullable\"");
        assertThatThrownBy(() -> SchemaJson.parseStruct("{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":\"decimal(50,2)\",\"nullable\":true}]}"))
                .hasMessageContaining("a: decimal(50,2) is not valid");
        assertThatThrownBy(() -> SchemaJson.parseStruct("\"string\""))
                .hasMessage("schema must be a struct at the top level, found string");
        assertThatThrownBy(() -> SchemaJson.parseStruct("{\"type\":"))
                .hasMessageStartingWith("schema is not valid JSON");
    }

    /**
     * Spark's DataType.fromJson refuses a key given twice in a field or type object, and keeps the last in metadata;
     * either way the file is ambiguous, so it is refused everywhere rather than read as its last value.
     */
    @Test
    void aKeyGivenTwiceIsRefusedNotReadAsItsLastValue() {
        assertThatThrownBy(() -> SchemaJson.parseStruct("{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":\"string\","
                + "\"nullable\":false,\"nullable\":true}]}"))
                .isInstanceOf(SchemaParseException.class)
                .hasMessage("schema is not valid JSON: Duplicate field 'nullable' (line 1, column 83)");
        assertThatThrownBy(() -> SchemaJson.parseStruct("{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":\"string\","
                + "\"nullable\":true,\"metadata\":{\"comment\":\"x\",\"comment\":\"y\"}}]}"))
                .hasMessageStartingWith("schema is not valid JSON: Duplicate field 'comment'");
        assertThatThrownBy(() -> SchemaJson.parseStruct("{\"type\":\"struct\",\"fields\":[],\"fields\":[]}"))
                .hasMessageStartingWith("schema is not valid JSON: Duplicate field 'fields'");
    }

    /** Spark reads the first value and ignores the rest; a file holding more than one schema is refused here. */
    @Test
    void anythingAfterTheSchemaIsRefused() {
        String ends = "schema is not valid JSON: unexpected content after the schema, which ends at line 1, column "
                + (SPARK_JSON.length() + 1);
        assertThatThrownBy(() -> SchemaJson.parseStruct(SPARK_JSON + " {\"type\":\"struct\",\"fields\":[]}"))
                .isInstanceOf(SchemaParseException.class).hasMessage(ends);
        assertThatThrownBy(() -> SchemaJson.parseStruct(SPARK_JSON + "}")).hasMessage(ends);
        assertThatThrownBy(() -> SchemaJson.parseStruct(SPARK_JSON + "\n# a comment")).hasMessage(ends);
        assertThat(SchemaJson.parseStruct(SPARK_JSON + "\n  \n")).as("whitespace is not content")
                .isEqualTo(SchemaJson.parseStruct(SPARK_JSON));
    }

    /** Spark's DataType.fromJson fails on keys it does not know: the registry must not store what the sink cannot read. */
    @Test
    void keysSparkDoesNotKnowAreRefusedNotDropped() {
        assertThatThrownBy(() -> SchemaJson.parseStruct("{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":\"string\","
                + "\"nullable\":true,\"comment\":\"why\"}]}"))
                .hasMessage("a: unknown key \"comment\" in a field (allowed: name, type, nullable, metadata)");
        assertThatThrownBy(() -> SchemaJson.parseStruct("{\"type\":\"struct\",\"fields\":[{\"name\":\"tags\",\"type\":{\"type\":"
                + "\"array\",\"elementType\":\"string\",\"containsNull\":true,\"maxItems\":3},\"nullable\":true}]}"))
                .hasMessage("tags: unknown key \"maxItems\" in an array type (allowed: type, elementType, containsNull)");
        assertThatThrownBy(() -> SchemaJson.parseStruct("{\"type\":\"struct\",\"fields\":[],\"title\":\"x\"}"))
                .hasMessage("$: unknown key \"title\" in a struct type (allowed: type, fields)");
    }
}

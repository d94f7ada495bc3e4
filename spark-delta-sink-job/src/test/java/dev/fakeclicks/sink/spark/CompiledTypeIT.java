package dev.fakeclicks.sink.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.catalogue.CatalogueEntry;
import dev.fakeclicks.registry.RegisteredSchema;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.sink.registry.UnusableSchemaException;
import dev.fakeclicks.sink.testing.SharedInfra;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Compiling a schema asks Spark everything a batch will: schemas that only another tool could store (our rules refuse
 * them) fail here, naming the type and version, instead of in every batch.
 */
class CompiledTypeIT {

    private static final String ENVELOPE = "{\"name\":\"event_id\",\"type\":\"string\",\"nullable\":false,\"metadata\":{}},"
            + "{\"name\":\"event_type\",\"type\":\"string\",\"nullable\":false,\"metadata\":{}},"
            + "{\"name\":\"event_time\",\"type\":\"timestamp\",\"nullable\":false,\"metadata\":{}}";

    private static RegisteredSchema schema(String type, int version, String extraField) {
        return new RegisteredSchema(type, version, Instant.EPOCH, "{\"type\":\"struct\",\"fields\":[" + ENVELOPE + "," + extraField + "]}");
    }

    @Test
    void everyCatalogueSchemaCompiles() {
        SparkSession spark = SharedInfra.spark();
        for (CatalogueEntry entry : Catalogue.builtIn().entries()) {
            CompiledType compiled = CompiledType.compile(
                    new RegisteredSchema(entry.type(), 1, Instant.EPOCH, SchemaJson.toJson(entry.schema())), spark);
            assertThat(compiled.schema.fieldNames()).as(entry.type()).hasSize(entry.schema().fields().size());
        }
    }

    @Test
    void aMapKeyFromJsonRefusesFailsAtCompileNamingTheType() {
        // Nested in an array of structs: from_json's analysis checks every depth.
        RegisteredSchema longKeys = schema("counts_click", 3, "{\"name\":\"items\",\"type\":{\"type\":\"array\",\"elementType\":"
                + "{\"type\":\"struct\",\"fields\":[{\"name\":\"by_day\",\"type\":{\"type\":\"map\",\"keyType\":\"long\","
                + "\"valueType\":\"integer\",\"valueContainsNull\":true},\"nullable\":true,\"metadata\":{}}]},"
                + "\"containsNull\":true},\"nullable\":true,\"metadata\":{}}");
        assertThatThrownBy(() -> CompiledType.compile(longKeys, SharedInfra.spark()))
                .isInstanceOf(UnusableSchemaException.class)
                .hasMessageStartingWith("schema v3 of counts_click is not usable by Spark: ")
                .hasMessageContaining("INVALID_JSON_MAP_KEY_TYPE")
                .hasMessageContaining("can only contain STRING as a key type for a MAP")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void metadataSparkCannotReadFailsAtCompileNamingTheType() {
        for (String metadata : new String[] {"{\"tags\":[[\"a\"]]}", "{\"tags\":[null]}", "{\"tags\":[1,\"a\"]}"}) {
            RegisteredSchema tagged = schema("tagged_click", 1,
                    "{\"name\":\"page\",\"type\":\"string\",\"nullable\":true,\"metadata\":" + metadata + "}");
            assertThatThrownBy(() -> CompiledType.compile(tagged, SharedInfra.spark())).as(metadata)
                    .isInstanceOf(UnusableSchemaException.class)
                    .hasMessageStartingWith("schema v1 of tagged_click is not usable by Spark: ")
                    .hasMessageContaining("org.json4s");
        }
    }
}

package dev.fakeclicks.sink.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.catalogue.CatalogueEntry;
import dev.fakeclicks.schema.ArrayType;
import dev.fakeclicks.schema.AtomicType;
import dev.fakeclicks.schema.EventSchemaRules;
import dev.fakeclicks.schema.MapType;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.schema.StructField;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.ExprUtils;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Our schema model and Spark agree on every catalogue schema, byte for byte (asked for by the registry issue). */
class SparkSchemaJsonTest {

    private static final dev.fakeclicks.schema.StructType ENVELOPE = dev.fakeclicks.schema.StructType.of(
            new StructField("event_id", AtomicType.STRING, false),
            new StructField("event_type", AtomicType.STRING, false),
            new StructField("event_time", AtomicType.TIMESTAMP, false));

    @Test
    void everyCatalogueSchemaParsesWithSparkAndSparkWritesOurCanonicalJsonBack() {
        for (CatalogueEntry entry : Catalogue.builtIn().entries()) {
            String canonical = SchemaJson.toJson(entry.schema());
            DataType spark = DataType.fromJson(canonical);

            assertThat(spark).as(entry.type()).isInstanceOf(StructType.class);
            assertThat(spark.json()).as(entry.type()).isEqualTo(canonical);
            assertThat(((StructType) spark).fieldNames()).as(entry.type())
                    .containsExactlyElementsOf(entry.schema().fields().stream().map(f -> f.name()).toList());
            // The resource file as written (pretty-printed, the catalogue's own key order) reads the same in Spark.
            assertThat(DataType.fromJson(resource("schemas/" + entry.type() + ".json"))).as(entry.type() + " file").isEqualTo(spark);
        }
    }

    private static String resource(String name) {
        try (var in = SparkSchemaJsonTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The event schema rules accept exactly the field metadata Spark's DataType.fromJson reads, and keep it as is. */
    @Test
    void theRulesAcceptExactlyTheFieldMetadataSparkReads() {
        List<String> samples = List.of("{}", "{\"a\":null}", "{\"a\":true}", "{\"a\":-3}", "{\"a\":1e3}", "{\"a\":\"x\"}",
                "{\"a\":[]}", "{\"a\":[1,2]}", "{\"a\":[1.5,2.0]}", "{\"a\":[true,false]}", "{\"a\":[\"x\",\"y\"]}",
                "{\"a\":[{\"b\":1},{\"c\":[1]}]}", "{\"a\":{\"b\":{\"c\":[\"x\"]}}}",
                "{\"a\":[null]}", "{\"tags\":[[\"a\"]]}", "{\"a\":[1,\"a\"]}", "{\"a\":[1,2.5]}", "{\"a\":[2.5,1]}",
                "{\"a\":[1,null]}", "{\"a\":[true,1]}", "{\"a\":[{\"b\":1},2]}", "{\"a\":[{\"b\":[null]}]}",
                "{\"a\":{\"b\":{\"c\":[null]}}}", "{\"a\":[[]]}");
        int accepted = 0;
        for (String metadata : samples) {
            String json = SchemaJson.toJson(ENVELOPE).replace("\"metadata\":{}}]}", "\"metadata\":" + metadata + "}]}");
            boolean rulesAccept = EventSchemaRules.problems(SchemaJson.parseStruct(json)).isEmpty();
            String sparkSays;
            try {
                sparkSays = DataType.fromJson(json).json();
            } catch (RuntimeException e) {
                sparkSays = null;
            }
            assertThat(rulesAccept).as(metadata + " (Spark: " + sparkSays + ")").isEqualTo(sparkSays != null);
            if (rulesAccept) {
                accepted++;
                assertThat(sparkSays).as(metadata).isEqualTo(SchemaJson.toJson(SchemaJson.parseStruct(json)));
            }
        }
        assertThat(accepted).isEqualTo(13);
    }

    /** The rules accept exactly the map key types from_json accepts (its analysis check), at any depth. */
    @Test
    void theRulesAcceptExactlyTheMapKeysFromJsonReads() {
        List<dev.fakeclicks.schema.DataType> types = List.of(
                new MapType(AtomicType.STRING, AtomicType.INTEGER, true),
                new MapType(AtomicType.STRING, new ArrayType(new MapType(AtomicType.STRING, AtomicType.LONG, true), true), true),
                new MapType(AtomicType.LONG, AtomicType.INTEGER, true),
                new MapType(AtomicType.INTEGER, AtomicType.STRING, true),
                new ArrayType(new MapType(AtomicType.DATE, AtomicType.STRING, true), true),
                new MapType(AtomicType.STRING, new MapType(AtomicType.LONG, AtomicType.INTEGER, true), true),
                dev.fakeclicks.schema.StructType.of(new StructField("m", new MapType(AtomicType.BOOLEAN, AtomicType.STRING, true), true)),
                new MapType(dev.fakeclicks.schema.StructType.of(new StructField("k", AtomicType.STRING, true)), AtomicType.STRING, true));
        for (dev.fakeclicks.schema.DataType type : types) {
            dev.fakeclicks.schema.StructType schema = ENVELOPE.with(new StructField("x", type, true));
            boolean rulesAccept = EventSchemaRules.problems(schema).isEmpty();
            boolean fromJsonAccepts = ExprUtils.checkJsonSchema(DataType.fromJson(SchemaJson.toJson(schema))).isSuccess();
            assertThat(rulesAccept).as(type.simpleString()).isEqualTo(fromJsonAccepts);
            assertThat(rulesAccept).as(type.simpleString()).isEqualTo(types.indexOf(type) < 2);
        }
    }
}

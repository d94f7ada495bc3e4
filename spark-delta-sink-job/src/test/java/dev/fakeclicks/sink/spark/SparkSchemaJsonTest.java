package dev.fakeclicks.sink.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.catalogue.CatalogueEntry;
import dev.fakeclicks.schema.SchemaJson;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Our schema model and Spark agree on every catalogue schema, byte for byte (asked for by the registry issue). */
class SparkSchemaJsonTest {

    @Test
    void everyCatalogueSchemaParsesWithSparkAndSparkWritesOurCanonicalJsonBack() {
        for (CatalogueEntry entry : Catalogue.builtIn().entries()) {
            String canonical = SchemaJson.toJson(entry.schema());
            DataType spark = DataType.fromJson(canonical);

            assertThat(spark).as(entry.type()).isInstanceOf(StructType.class);
            assertThat(spark.json()).as(entry.type()).isEqualTo(canonical);
            assertThat(((StructType) spark).fieldNames()).as(entry.type())
                    .containsExactlyElementsOf(entry.schema().fields().stream().map(f -> f.name()).toList());
        }
    }
}

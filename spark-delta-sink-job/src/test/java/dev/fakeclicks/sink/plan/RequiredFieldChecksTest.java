package dev.fakeclicks.sink.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.schema.ArrayType;
import dev.fakeclicks.schema.AtomicType;
import dev.fakeclicks.schema.MapType;
import dev.fakeclicks.schema.StructField;
import dev.fakeclicks.schema.StructType;
import org.junit.jupiter.api.Test;

class RequiredFieldChecksTest {

    @Test
    void checksEveryNonNullableFieldAtAnyDepthAndOnlyWithinPresentStructs() {
        StructType schema = StructType.of(
                new StructField("id", AtomicType.STRING, false),
                new StructField("note", AtomicType.STRING, true),
                new StructField("utm", StructType.of(new StructField("source", AtomicType.STRING, false)), true),
                new StructField("items", new ArrayType(StructType.of(
                        new StructField("sku", AtomicType.STRING, false),
                        new StructField("tags", new ArrayType(AtomicType.STRING, false), true)), false), false),
                new StructField("attrs", new MapType(AtomicType.STRING, AtomicType.LONG, false), true));

        RequiredFieldChecks checks = RequiredFieldChecks.of(schema, "_e");

        assertThat(checks.checks()).extracting(RequiredFieldChecks.Check::path)
                .containsExactly("id", "utm.source", "items", "items[]", "items[].sku", "items[].tags[]", "attrs{}");
        assertThat(checks.checks()).extracting(RequiredFieldChecks.Check::condition).containsExactly(
                "_e.`id` IS NULL",
                "_e.`utm` IS NOT NULL AND _e.`utm`.`source` IS NULL",
                "_e.`items` IS NULL",
                "_e.`items` IS NOT NULL AND exists(_e.`items`, _x1 -> _x1 IS NULL)",
                "_e.`items` IS NOT NULL AND exists(_e.`items`, _x1 -> _x1 IS NOT NULL AND _x1.`sku` IS NULL)",
                "_e.`items` IS NOT NULL AND exists(_e.`items`, _x1 -> _x1 IS NOT NULL AND _x1.`tags` IS NOT NULL AND "
                        + "exists(_x1.`tags`, _x2 -> _x2 IS NULL))",
                "_e.`attrs` IS NOT NULL AND exists(map_values(_e.`attrs`), _x1 -> _x1 IS NULL)");
        assertThat(checks.anyMissingSql()).startsWith("(_e.`id` IS NULL) OR (");
        assertThat(checks.missingPathsSql()).startsWith("concat_ws(', ', CASE WHEN _e.`id` IS NULL THEN 'id' END, ");
    }

    @Test
    void namesAreQuotedForSql() {
        RequiredFieldChecks checks = RequiredFieldChecks.of(StructType.of(new StructField("we`ird's", AtomicType.INTEGER, false)), "_e");

        assertThat(checks.checks().get(0).condition()).isEqualTo("_e.`we``ird's` IS NULL");
        assertThat(checks.missingPathsSql()).contains("THEN 'we`ird\\'s' END");
    }

    @Test
    void aSchemaWithoutRequiredFieldsNeverFlagsAnything() {
        RequiredFieldChecks checks = RequiredFieldChecks.of(StructType.of(new StructField("a", AtomicType.STRING, true)), "_e");

        assertThat(checks.anyMissingSql()).isEqualTo("false");
        assertThat(checks.missingPathsSql()).isEqualTo("''");
    }

    @Test
    void everyCatalogueTypeRequiresItsEnvelopeAndNestedFields() {
        for (var entry : Catalogue.builtIn().entries()) {
            assertThat(RequiredFieldChecks.of(entry.schema(), "_e").checks()).extracting(RequiredFieldChecks.Check::path)
                    .as(entry.type()).contains("event_id", "event_type", "event_time", "page.url", "geo.country")
                    .doesNotContain("user_id", "utm", "utm.source", "page.title");
        }
        assertThat(RequiredFieldChecks.of(Catalogue.builtIn().require("purchase").schema(), "_e").checks())
                .extracting(RequiredFieldChecks.Check::path).contains("items[].price", "items[]");
    }
}

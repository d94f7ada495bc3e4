package dev.fakeclicks.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.schema.AtomicType;
import dev.fakeclicks.schema.CompatibilityMode;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.schema.StructField;
import dev.fakeclicks.schema.StructType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistrationPlanTest {

    private static final StructType V1 = Catalogue.builtIn().require("search").schema();
    private static final RegisteredSchema LATEST = new RegisteredSchema("search", 3, Instant.EPOCH, SchemaJson.toJson(V1));

    @Test
    void newTypeBecomesVersionOne() {
        assertThat(RegistrationPlan.decide("search", Optional.empty(), V1, CompatibilityMode.BACKWARD))
                .isEqualTo(new RegistrationResult("search", RegistrationResult.Status.COMPATIBLE, 1, java.util.List.of()));
    }

    @Test
    void identicalSchemaIsUnchanged() {
        var result = RegistrationPlan.decide("search", Optional.of(LATEST), V1, CompatibilityMode.BACKWARD);
        assertThat(result.status()).isEqualTo(RegistrationResult.Status.UNCHANGED);
        assertThat(result.version()).isEqualTo(3);
    }

    @Test
    void theSameSchemaStoredWithAnotherKeyOrderAndSpacingIsUnchanged() throws Exception {
        StructType withMetadata = V1.with(new StructField("referrer_query", AtomicType.STRING, true,
                java.util.Map.of("comment", "the query of the referring search", "pii", false, "max_length", 200)));
        ObjectMapper json = new ObjectMapper();
        String storedByAnotherTool = json.writerWithDefaultPrettyPrinter()
                .writeValueAsString(reversedKeys(json.readTree(SchemaJson.toJson(withMetadata))));
        assertThat(storedByAnotherTool).as("the test needs a different text").isNotEqualTo(SchemaJson.toJson(withMetadata))
                .startsWith("{\n  \"fields\" : [ {\n    \"metadata\" : {");
        RegisteredSchema latest = RegisteredSchema.fromEntryJson("search",
                "{\"version\":3,\"registered_at\":\"2026-11-26T10:00:00Z\",\"schema\":" + storedByAnotherTool + "}");

        var result = RegistrationPlan.decide("search", Optional.of(latest), withMetadata, CompatibilityMode.BACKWARD);

        assertThat(result).isEqualTo(new RegistrationResult("search", RegistrationResult.Status.UNCHANGED, 3, List.of()));
    }

    /** The same JSON with every object's keys in reverse order. */
    private static JsonNode reversedKeys(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.reverse(names);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                out.set(name, reversedKeys(node.get(name)));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> out.add(reversedKeys(element)));
            return out;
        }
        return node;
    }

    @Test
    void compatibleChangeBecomesTheNextVersion() {
        var result = RegistrationPlan.decide("search", Optional.of(LATEST),
                V1.with(new StructField("spelling_suggestion", AtomicType.STRING, true)), CompatibilityMode.BACKWARD);
        assertThat(result.status()).isEqualTo(RegistrationResult.Status.COMPATIBLE);
        assertThat(result.version()).isEqualTo(4);
    }

    @Test
    void aCompatibleWideningWarnsNamingTheFieldAndWhatTheSinkCannotDo() {
        StructType widened = new StructType(V1.fields().stream().map(f -> f.name().equals("results_count")
                ? new StructField("results_count", AtomicType.LONG, f.nullable(), f.metadata()) : f).toList());
        var result = RegistrationPlan.decide("search", Optional.of(LATEST), widened, CompatibilityMode.BACKWARD);
        assertThat(result.status()).isEqualTo(RegistrationResult.Status.COMPATIBLE);
        assertThat(result.problems()).isEmpty();
        assertThat(result.warnings()).containsExactly("results_count: widened from int to bigint: the sink's Delta tables "
                + "cannot widen an existing column (Delta 3.3); writes of this type fail until the table is migrated, "
                + "see spark-delta-sink-job/README.md#schema-changes");
    }

    @Test
    void changesWithoutWideningCarryNoWarnings() {
        assertThat(RegistrationPlan.decide("search", Optional.of(LATEST),
                V1.with(new StructField("spelling_suggestion", AtomicType.STRING, true)), CompatibilityMode.BACKWARD)
                .warnings()).isEmpty();
        assertThat(RegistrationPlan.decide("search", Optional.empty(), V1, CompatibilityMode.BACKWARD).warnings()).isEmpty();
    }

    @Test
    void incompatibleChangeIsRefusedUnlessModeIsNone() {
        StructType dropped = V1.without("query");
        var refused = RegistrationPlan.decide("search", Optional.of(LATEST), dropped, CompatibilityMode.BACKWARD);
        assertThat(refused.status()).isEqualTo(RegistrationResult.Status.REFUSED);
        assertThat(refused.problems()).singleElement().asString().startsWith("query: removed or renamed");

        var forced = RegistrationPlan.decide("search", Optional.of(LATEST), dropped, CompatibilityMode.NONE);
        assertThat(forced.status()).isEqualTo(RegistrationResult.Status.COMPATIBLE);
    }

    @Test
    void schemasBreakingTheEnvelopeAreRefusedEvenWithNone() {
        var result = RegistrationPlan.decide("search", Optional.of(LATEST), V1.without("event_time"), CompatibilityMode.NONE);
        assertThat(result.status()).isEqualTo(RegistrationResult.Status.REFUSED);
        assertThat(result.problems()).containsExactly("event_time: required envelope field is missing (type timestamp)");
    }

    @Test
    void schemasSparkCannotUseAreRefusedEvenWithNone() {
        StructType longKeys = V1.with(new StructField("counts",
                new dev.fakeclicks.schema.MapType(AtomicType.LONG, AtomicType.INTEGER, true), true));
        var result = RegistrationPlan.decide("search", Optional.of(LATEST), longKeys, CompatibilityMode.NONE);
        assertThat(result.status()).isEqualTo(RegistrationResult.Status.REFUSED);
        assertThat(result.problems()).containsExactly(
                "counts: map keys must be string (JSON object keys are strings), found map<bigint,int>");

        StructType nestedArrays = V1.with(new StructField("tags", AtomicType.STRING, true,
                java.util.Map.of("tags", java.util.List.of(java.util.List.of("a")))));
        assertThat(RegistrationPlan.decide("search", Optional.empty(), nestedArrays, CompatibilityMode.BACKWARD).problems())
                .singleElement().asString().startsWith("tags: metadata \"tags\" is an array of arrays; ");
    }

    @Test
    void entryJsonRoundTrips() {
        RegisteredSchema entry = new RegisteredSchema("search", 2, Instant.parse("2026-11-26T10:00:00Z"), SchemaJson.toJson(V1));
        assertThat(RegisteredSchema.fromEntryJson("search", entry.toEntryJson())).isEqualTo(entry);
        assertThat(entry.schema()).isEqualTo(V1);
    }

    @Test
    void snapshotKeepsBadEntriesApart() {
        RegisteredSchema good = new RegisteredSchema("search", 1, Instant.EPOCH, SchemaJson.toJson(V1));
        StructType noEventTime = new StructType(V1.fields().stream().filter(f -> !f.name().equals("event_time")).toList());
        RegistrySnapshot snapshot = RegistrySnapshot.fromLatestHash(java.util.Map.of(
                "search", good.toEntryJson(),
                "../etc", good.toEntryJson(),
                "broken", "{not json",
                "promo_view", new RegisteredSchema("promo_view", 4, Instant.EPOCH, SchemaJson.toJson(noEventTime)).toEntryJson()));
        assertThat(snapshot.schemas()).containsOnlyKeys("search");
        assertThat(snapshot.rejected()).containsOnlyKeys("../etc", "broken", "promo_view");
        assertThat(snapshot.rejected().get("../etc")).contains("invalid event type name");
        assertThat(snapshot.rejected().get("promo_view")).isEqualTo("registered schema v4 of promo_view breaks the event "
                + "schema rules: event_time: required envelope field is missing (type timestamp)");
    }

    @Test
    void snapshotRejectsEntriesWrittenPastTheRulesThatSparkCannotUse() {
        String entry = "{\"version\":3,\"registered_at\":\"2026-11-26T10:00:00Z\",\"schema\":"
                + SchemaJson.toJson(V1).replace("\"fields\":[", "\"fields\":[{\"name\":\"counts\",\"type\":{\"type\":\"map\","
                        + "\"keyType\":\"long\",\"valueType\":\"integer\",\"valueContainsNull\":true},\"nullable\":true,"
                        + "\"metadata\":{\"tags\":[[\"a\"]]}},") + "}";
        RegistrySnapshot snapshot = RegistrySnapshot.fromLatestHash(java.util.Map.of("search", entry));
        assertThat(snapshot.schemas()).isEmpty();
        assertThat(snapshot.rejected().get("search")).startsWith("registered schema v3 of search breaks the event schema rules: "
                + "counts: metadata \"tags\" is an array of arrays; ")
                .contains("; counts: map keys must be string (JSON object keys are strings), found map<bigint,int>");
    }

    @Test
    void settingsNeverPrintThePassword() {
        RedisSettings settings = new RedisSettings("redis.internal", 6380, "s3cr3t-pw", true, "p:", 500);
        assertThat(settings.toString()).doesNotContain("s3cr3t-pw").contains("password=****");
    }
}

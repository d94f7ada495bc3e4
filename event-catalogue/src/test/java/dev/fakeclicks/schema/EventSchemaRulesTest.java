package dev.fakeclicks.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventSchemaRulesTest {

    private static final StructType MINIMAL = StructType.of(
            new StructField("event_id", AtomicType.STRING, false),
            new StructField("event_type", AtomicType.STRING, false),
            new StructField("event_time", AtomicType.TIMESTAMP, false));

    @Test
    void envelopeFieldsAreEnough() {
        assertThat(EventSchemaRules.problems(MINIMAL)).isEmpty();
    }

    @Test
    void missingOrMistypedEnvelopeFieldsAreNamed() {
        StructType schema = StructType.of(
                new StructField("event_id", AtomicType.LONG, false),
                new StructField("event_type", AtomicType.STRING, false));
        assertThat(EventSchemaRules.problems(schema)).containsExactly(
                "event_id: must be string, found bigint",
                "event_time: required envelope field is missing (type timestamp)");
    }

    private static final String NON_NULLABLE = "must be non-nullable (the sink routes, deduplicates and partitions on"
            + " the envelope fields, and quarantines a record without one only while its schema requires it)";

    /**
     * Nullable envelope fields would pass records without them into the type table (the sink quarantines only what a
     * non-nullable field lacks), and BACKWARD allows relaxing a field to nullable: the rule must refuse it.
     */
    @Test
    void nullableEnvelopeFieldsAreRefusedEvenAsACompatibleChange() {
        StructType relaxed = new StructType(List.of(
                new StructField("event_id", AtomicType.STRING, true),
                new StructField("event_type", AtomicType.STRING, false),
                new StructField("event_time", AtomicType.TIMESTAMP, true)));
        assertThat(CompatibilityMode.BACKWARD.check(MINIMAL, relaxed)).as("relaxing is BACKWARD-compatible").isEmpty();
        assertThat(EventSchemaRules.problems(relaxed)).containsExactly(
                "event_id: " + NON_NULLABLE, "event_time: " + NON_NULLABLE);
    }

    @Test
    void reservedAndDuplicateNamesAreRefused() {
        StructType schema = MINIMAL
                .with(new StructField("_kafka_offset", AtomicType.LONG, true))
                .with(new StructField("event_date", AtomicType.DATE, true))
                .with(new StructField("page", StructType.of(
                        new StructField("url", AtomicType.STRING, true),
                        new StructField("URL", AtomicType.STRING, true)), true))
                .with(new StructField("bad name", AtomicType.STRING, true));
        assertThat(EventSchemaRules.problems(schema)).containsExactly(
                "_kafka_offset: reserved for columns the sink adds (names starting with '_' and event_date)",
                "event_date: reserved for columns the sink adds (names starting with '_' and event_date)",
                "page.URL: duplicate field name (Spark and Delta compare names case-insensitively)",
                "bad name: Delta does not accept any of ' ,;{}()\\n\\t=' in column names");
    }

    @Test
    void mapKeysMustBeStringsAtEveryDepth() {
        MapType longKeys = new MapType(AtomicType.LONG, AtomicType.INTEGER, true);
        StructType schema = MINIMAL
                .with(new StructField("attrs", new MapType(AtomicType.STRING, AtomicType.LONG, true), true))
                .with(new StructField("counts", longKeys, true))
                .with(new StructField("items", new ArrayType(StructType.of(new StructField("by_day", longKeys, true)), true), true))
                .with(new StructField("nested", new MapType(AtomicType.STRING, longKeys, true), true))
                .with(new StructField("struct_keys", new MapType(StructType.of(new StructField("k", AtomicType.STRING, true)),
                        AtomicType.STRING, true), true));
        assertThat(EventSchemaRules.problems(schema)).containsExactly(
                "counts: map keys must be string (JSON object keys are strings), found map<bigint,int>",
                "items[].by_day: map keys must be string (JSON object keys are strings), found map<bigint,int>",
                "nested{}: map keys must be string (JSON object keys are strings), found map<bigint,int>",
                "struct_keys: map keys must be string (JSON object keys are strings), found map<struct<k:string>,string>");
    }

    @Test
    void metadataSparkCanHoldIsAccepted() {
        Map<String, Object> metadata = new java.util.LinkedHashMap<>();
        metadata.put("comment", "the id");
        metadata.put("none", null);
        metadata.put("flag", true);
        metadata.put("count", 3);
        metadata.put("big", Long.MAX_VALUE);
        metadata.put("ratio", 0.5);
        metadata.put("empty", List.of());
        metadata.put("longs", List.of(1, 2L));
        metadata.put("doubles", List.of(1.5, 2.0));
        metadata.put("flags", List.of(true, false));
        metadata.put("strings", List.of("a", "b"));
        metadata.put("objects", List.of(Map.of("a", List.of("x")), Map.of("b", Map.of("c", 1))));
        metadata.put("object", Map.of("inner", Map.of("tags", List.of("x"))));
        assertThat(EventSchemaRules.problems(MINIMAL.with(new StructField("x", AtomicType.STRING, true, metadata)))).isEmpty();
    }

    @Test
    void metadataSparkCannotHoldIsNamedWithItsFieldAndKey() {
        String allowed = "; " + FieldMetadataRules.ALLOWED;
        StructType schema = SchemaJson.parseStruct("{\"type\":\"struct\",\"fields\":["
                + "{\"name\":\"event_id\",\"type\":\"string\",\"nullable\":false,\"metadata\":{\"tags\":[[\"a\"]]}},"
                + "{\"name\":\"event_type\",\"type\":\"string\",\"nullable\":false,\"metadata\":{\"tags\":[null]}},"
                + "{\"name\":\"event_time\",\"type\":\"timestamp\",\"nullable\":false,\"metadata\":{\"tags\":[1,\"a\"]}},"
                + "{\"name\":\"a\",\"type\":\"string\",\"nullable\":true,\"metadata\":{\"n\":[1,2.5]}},"
                + "{\"name\":\"b\",\"type\":\"string\",\"nullable\":true,\"metadata\":{\"n\":[1,null]}},"
                + "{\"name\":\"c\",\"type\":\"string\",\"nullable\":true,\"metadata\":{\"n\":12345678901234567890}},"
                + "{\"name\":\"d\",\"type\":\"string\",\"nullable\":true,\"metadata\":{\"n\":1e999}},"
                + "{\"name\":\"page\",\"type\":{\"type\":\"array\",\"containsNull\":true,\"elementType\":"
                + "{\"type\":\"struct\",\"fields\":[{\"name\":\"url\",\"type\":\"string\",\"nullable\":true,"
                + "\"metadata\":{\"ok\":\"yes\",\"spec\":{\"rows\":[{\"k\":1},{\"k\":[[1]]}]}}}]}},\"nullable\":true,\"metadata\":{}}]}");
        assertThat(EventSchemaRules.problems(schema)).containsExactly(
                "event_id: metadata \"tags\" is an array of arrays" + allowed,
                "event_type: metadata \"tags\" is an array of null" + allowed,
                "event_time: metadata \"tags\" mixes integer and string elements" + allowed,
                "a: metadata \"n\" mixes integer and number elements" + allowed,
                "b: metadata \"n\" mixes integer and null elements" + allowed,
                "c: metadata \"n\" is an integer beyond 64 bits (12345678901234567890)" + allowed,
                "d: metadata \"n\" is not a finite number" + allowed,
                "page[].url: metadata \"spec.rows[1].k\" is an array of arrays" + allowed);
    }
}

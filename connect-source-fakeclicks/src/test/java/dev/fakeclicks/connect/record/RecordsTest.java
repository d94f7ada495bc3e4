package dev.fakeclicks.connect.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fakeclicks.catalogue.EventTypeNames;
import dev.fakeclicks.connect.generator.BadRecordKind;
import dev.fakeclicks.connect.generator.ClickStream;
import dev.fakeclicks.connect.generator.StreamItem;
import dev.fakeclicks.connect.generator.TestStreams;
import dev.fakeclicks.schema.AtomicType;
import dev.fakeclicks.schema.DecimalType;
import dev.fakeclicks.schema.StructField;
import dev.fakeclicks.schema.StructType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RecordsTest {

    /** Reads decimals exactly as written (Jackson's default node factory would turn 0.00 into 0). */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
    private static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    private static List<StreamItem> items;
    private static EventRecords records;
    private static RawPassthroughJsonConverter converter;

    @BeforeAll
    static void setUp() {
        items = TestStreams.take(TestStreams.stream(TestStreams.settings(42).withInjection(0.02, 0.02, 0.1), 0, 1,
                ClickStream.Resume.START), 30_000);
        records = new EventRecords(TestStreams.CATALOGUE, "raw_events", Map.of("task", 0, "tasks", 1));
        converter = new RawPassthroughJsonConverter();
        converter.configure(Map.of("schemas.enable", "false", "decimal.format", "NUMERIC"), false);
    }

    @Test
    void catalogueTypesBecomeConnectSchemas() {
        Schema purchase = ConnectSchemas.forEntry(TestStreams.CATALOGUE.require("purchase"));
        assertThat(purchase.name()).isEqualTo("dev.fakeclicks.events.purchase");
        assertThat(purchase.version()).isEqualTo(1);
        assertThat(purchase.field("event_time").schema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(purchase.field("event_time").schema().name()).isEqualTo(ConnectSchemas.ISO_TIMESTAMP);
        assertThat(purchase.field("value").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(purchase.field("value").schema().parameters()).containsEntry("scale", "2");
        assertThat(purchase.field("coupon").schema().isOptional()).isTrue();
        assertThat(purchase.field("order_id").schema().isOptional()).isFalse();
        assertThat(purchase.field("items").schema().type()).isEqualTo(Schema.Type.ARRAY);
        assertThat(purchase.field("items").schema().valueSchema().field("quantity").schema().type()).isEqualTo(Schema.Type.INT32);
        assertThat(purchase.field("schema_version").schema().type()).isEqualTo(Schema.Type.INT32);
        Schema pageView = ConnectSchemas.forEntry(TestStreams.CATALOGUE.require("page_view"));
        assertThat(pageView.field("previous_page_duration_ms").schema().type()).isEqualTo(Schema.Type.INT64);
        assertThat(ConnectSchemas.forCatalogue(TestStreams.CATALOGUE)).hasSize(15);
    }

    @Test
    void eventsSerializeToTheTopicContract() throws Exception {
        Set<String> types = new HashSet<>();
        int checked = 0;
        for (int i = 0; i < items.size(); i++) {
            StreamItem item = items.get(i);
            if (item.variant() != StreamItem.Variant.EVENT) {
                continue;
            }
            SourceRecord record = records.toRecord(item, Map.of("position", (long) i + 1));
            assertThat(plainCopy((Struct) record.value())).as("Connect's own validation").isNotNull();
            assertThat(record.key()).isEqualTo(item.event().sessionId());
            assertThat(record.timestamp()).isEqualTo(item.event().fields().get("event_time"));
            assertThat(record.headers().lastWithName("event_type").value()).isEqualTo(item.event().type());
            assertThat(record.headers().lastWithName("schema_version").value()).isEqualTo(1);
            byte[] bytes = converter.fromConnectData("raw_events", record.valueSchema(), record.value());
            JsonNode json = JSON.readTree(bytes);
            assertThat(json.isObject()).isTrue();
            assertThat(json.get("event_type").asText()).isEqualTo(item.event().type());
            assertThat(json.get("event_time").asText()).matches(ISO_MILLIS);
            assertThat(json.get("sent_at").asText()).matches(ISO_MILLIS);
            assertThat(json.has("schema")).as("no Connect envelope").isFalse();
            assertJsonMatches(TestStreams.CATALOGUE.require(item.event().type()).schema(), json, item.event().type());
            types.add(item.event().type());
            checked++;
        }
        assertThat(types).containsExactlyInAnyOrderElementsOf(TestStreams.TYPES);
        assertThat(checked).isGreaterThan(20_000);
        String sample = new String(converter.fromConnectData("raw_events", Schema.STRING_SCHEMA, "x"), StandardCharsets.UTF_8);
        assertThat(sample).isEqualTo("\"x\"");
    }

    @Test
    void streamingWriterProducesExactlyJsonConvertersBytes() {
        JsonConverter plain = new JsonConverter();
        plain.configure(Map.of("schemas.enable", "false", "decimal.format", "NUMERIC"), false);
        Set<String> types = new HashSet<>();
        for (StreamItem item : items) {
            if (item.variant() == StreamItem.Variant.BAD) {
                continue;
            }
            SourceRecord r = records.toRecord(item, Map.of("position", 1L));
            assertThat(StructJsonWriter.supports(r.valueSchema())).isTrue();
            byte[] expected = plain.fromConnectData("raw_events", r.valueSchema(), r.value());
            assertThat(converter.fromConnectData("raw_events", r.valueSchema(), r.value())).isEqualTo(expected);
            types.add(item.event().type());
        }
        assertThat(types).hasSize(15);
        // Escaping as Jackson does it: quotes, backslashes, control characters, non-ASCII, surrogate pairs.
        Schema text = org.apache.kafka.connect.data.SchemaBuilder.struct().field("s", Schema.STRING_SCHEMA)
                .field("n", Schema.OPTIONAL_INT64_SCHEMA).field("b", Schema.BOOLEAN_SCHEMA).build();
        Struct tricky = new Struct(text).put("s", "q\"b\\s/\n\t\r\b\f\u0001\u001f\u007f é ł 日本 😀 \u2028").put("b", true);
        assertThat(converter.fromConnectData("t", text, tricky)).isEqualTo(plain.fromConnectData("t", text, tricky));
        // Other settings, and shapes it does not know, go to JsonConverter itself.
        RawPassthroughJsonConverter withSchemas = new RawPassthroughJsonConverter();
        withSchemas.configure(Map.of("schemas.enable", "true"), false);
        SourceRecord r = records.toRecord(items.get(0), Map.of("position", 1L));
        assertThat(new String(withSchemas.fromConnectData("t", r.valueSchema(), r.value()), StandardCharsets.UTF_8))
                .startsWith("{\"schema\":");
        Schema withTimestamp = org.apache.kafka.connect.data.SchemaBuilder.struct()
                .field("at", org.apache.kafka.connect.data.Timestamp.SCHEMA).build();
        assertThat(StructJsonWriter.supports(withTimestamp)).isFalse();
        Struct s = new Struct(withTimestamp).put("at", new java.util.Date(1_000));
        assertThat(new String(converter.fromConnectData("t", withTimestamp, s), StandardCharsets.UTF_8)).isEqualTo("{\"at\":1000}");
    }

    @Test
    void aSharedStructIsWrittenAfreshAfterAPut() {
        JsonConverter plain = new JsonConverter();
        plain.configure(Map.of("schemas.enable", "false", "decimal.format", "NUMERIC"), false);
        EventRecords fresh = new EventRecords(TestStreams.CATALOGUE, "raw_events", Map.of("task", 0, "tasks", 1));
        List<StreamItem> events = items.stream().filter(i -> i.variant() == StreamItem.Variant.EVENT).toList();
        StreamItem next = events.stream().skip(1).filter(i -> i.event().user() == events.get(0).event().user()).findFirst().orElseThrow();
        SourceRecord first = fresh.toRecord(events.get(0), Map.of("position", 1L));
        SourceRecord second = fresh.toRecord(next, Map.of("position", 2L));
        Struct device = ((Struct) first.value()).getStruct("device");
        assertThat(((Struct) second.value()).getStruct("device")).as("shared between the session's events").isSameAs(device);
        converter.fromConnectData("raw_events", first.valueSchema(), first.value()); // the device's JSON is remembered
        device.put("locale", "x-\"changed\"");
        byte[] expected = plain.fromConnectData("raw_events", second.valueSchema(), second.value());
        assertThat(new String(expected, StandardCharsets.UTF_8)).contains("x-\\\"changed\\\"");
        assertThat(converter.fromConnectData("raw_events", second.valueSchema(), second.value())).isEqualTo(expected);
    }

    @Test
    void eventsAreWrittenAsTheyAreBuiltOnlyOnceTheConverterAskedForIt() {
        JsonConverter plain = schemaless(new JsonConverter());
        RawPassthroughJsonConverter streaming = schemaless(new RawPassthroughJsonConverter());
        EventRecords fresh = new EventRecords(TestStreams.CATALOGUE, "raw_events", Map.of("task", 0, "tasks", 1));
        List<StreamItem> events = items.stream().filter(i -> i.variant() == StreamItem.Variant.EVENT).limit(2_000).toList();
        for (StreamItem item : events.subList(0, 100)) {
            SourceRecord r = fresh.toRecord(item, Map.of("position", 1L));
            plain.fromConnectData("raw_events", r.valueSchema(), r.value());
            assertThat(((EventStruct) r.value()).json()).as("nobody asked for it").isNull();
        }
        SourceRecord asking = fresh.toRecord(events.get(100), Map.of("position", 1L));
        assertThat(streaming.fromConnectData("raw_events", asking.valueSchema(), asking.value()))
                .isEqualTo(plain.fromConnectData("raw_events", asking.valueSchema(), asking.value()));
        Set<String> types = new HashSet<>();
        for (StreamItem item : events.subList(101, events.size())) {
            SourceRecord r = fresh.toRecord(item, Map.of("position", 1L));
            byte[] written = ((EventStruct) r.value()).json();
            assertThat(written).as("written as it was built").isNotNull();
            byte[] expected = plain.fromConnectData("raw_events", r.valueSchema(), r.value());
            assertThat(written).isEqualTo(expected);
            assertThat(streaming.fromConnectData("raw_events", r.valueSchema(), r.value())).isSameAs(written);
            types.add(item.event().type());
        }
        assertThat(types).hasSizeGreaterThan(5);
    }

    @Test
    void anEventWrittenAsItWasBuiltIsWrittenAfreshAfterAPutOnANestedStruct() {
        JsonConverter plain = schemaless(new JsonConverter());
        RawPassthroughJsonConverter streaming = schemaless(new RawPassthroughJsonConverter());
        EventRecords fresh = new EventRecords(TestStreams.CATALOGUE, "raw_events", Map.of("task", 0, "tasks", 1));
        List<StreamItem> events = items.stream().filter(i -> i.variant() == StreamItem.Variant.EVENT).toList();
        SourceRecord first = fresh.toRecord(events.get(0), Map.of("position", 1L));
        streaming.fromConnectData("raw_events", first.valueSchema(), first.value()); // asks for the JSON
        SourceRecord second = fresh.toRecord(events.get(1), Map.of("position", 2L));
        assertThat(((EventStruct) second.value()).json()).isNotNull();
        ((Struct) second.value()).getStruct("device").put("locale", "x-\"changed\"");
        byte[] expected = plain.fromConnectData("raw_events", second.valueSchema(), second.value());
        assertThat(new String(expected, StandardCharsets.UTF_8)).contains("x-\\\"changed\\\"");
        assertThat(streaming.fromConnectData("raw_events", second.valueSchema(), second.value())).isEqualTo(expected);
    }

    private static <C extends JsonConverter> C schemaless(C converter) {
        converter.configure(Map.of("schemas.enable", "false", "decimal.format", "NUMERIC"), false);
        return converter;
    }

    @Test
    void moneyIsAJsonNumberWithTwoDecimals() throws Exception {
        StreamItem purchase = items.stream().filter(i -> i.event().type().equals("purchase")).findFirst().orElseThrow();
        SourceRecord record = records.toRecord(purchase, Map.of("position", 1L));
        String text = new String(converter.fromConnectData("raw_events", record.valueSchema(), record.value()), StandardCharsets.UTF_8);
        assertThat(text).containsPattern("\"value\":\\d+\\.\\d{2}[,}]");
        assertThat(text).containsPattern("\"discount\":\\d+\\.\\d{2}[,}]");
    }

    @Test
    void aMapThatDriftedFromTheCatalogueFailsLoudly() {
        Schema schema = records.schema("login");
        Map<String, Object> fields = new HashMap<>(items.stream().filter(i -> i.event().type().equals("login")).findFirst()
                .orElseThrow().event().fields());
        fields.remove("method");
        assertThatThrownBy(() -> EventStructs.toStruct(schema, fields)).isInstanceOf(DataException.class)
                .hasMessageContaining("dev.fakeclicks.events.login.method: required field is missing");
        fields.put("method", "password");
        fields.put("colour", "red");
        assertThatThrownBy(() -> EventStructs.toStruct(schema, fields)).hasMessageContaining("[colour]");
    }

    @Test
    void aValueOfTheWrongJavaTypeFailsLoudlyWithItsPath() {
        Schema schema = records.schema("search");
        Map<String, Object> fields = new HashMap<>(items.stream().filter(i -> i.event().type().equals("search")).findFirst()
                .orElseThrow().event().fields());
        fields.put("query", 42);
        assertThatThrownBy(() -> EventStructs.toStruct(schema, fields)).isInstanceOf(DataException.class)
                .hasMessageContaining("dev.fakeclicks.events.search.query: Integer where the schema has STRING");
        fields.put("query", "shoes");
        fields.put("results_count", "many");
        assertThatThrownBy(() -> EventStructs.toStruct(schema, fields)).isInstanceOf(DataException.class)
                .hasMessageContaining("search.results_count: String where the schema has");
        fields.put("results_count", 2.5);
        assertThatThrownBy(() -> EventStructs.toStruct(schema, fields)).isInstanceOf(DataException.class)
                .hasMessageContaining("search.results_count: Double where the schema has INT32");
        fields.put("results_count", 1L << 40);
        assertThatThrownBy(() -> EventStructs.toStruct(schema, fields)).isInstanceOf(DataException.class)
                .hasMessageContaining("search.results_count: 1099511627776 does not fit an int");
        fields.put("results_count", 3);
        fields.put("event_time", true);
        assertThatThrownBy(() -> EventStructs.toStruct(schema, fields)).isInstanceOf(DataException.class)
                .hasMessageContaining("search.event_time: Boolean where the schema has " + ConnectSchemas.ISO_TIMESTAMP);
    }

    @Test
    void structsAreBuiltWithoutValidatingEachValueAgain() {
        assertThat(EventStruct.setsWithoutValidation())
                .as("Struct's value array was not found: building falls back to put, a third slower").isTrue();
    }

    /**
     * The struct copied into plain Structs with {@link Struct#put}, which validates every value against its schema
     * (EventStructs sets values without that; this checks it made them right).
     */
    private static Struct plainCopy(Struct struct) {
        Struct copy = new Struct(struct.schema());
        for (org.apache.kafka.connect.data.Field field : struct.schema().fields()) {
            copy.put(field, plainValue(struct.get(field)));
        }
        copy.validate();
        return copy;
    }

    private static Object plainValue(Object value) {
        if (value instanceof Struct nested) {
            return plainCopy(nested);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(RecordsTest::plainValue).toList();
        }
        return value;
    }

    @Test
    void badRecordsAreWhatTheirKindSays() throws Exception {
        Map<BadRecordKind, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            StreamItem item = items.get(i);
            if (item.variant() != StreamItem.Variant.BAD) {
                continue;
            }
            SourceRecord record = records.toRecord(item, Map.of("position", (long) i + 1));
            assertThat(record.valueSchema().name()).isEqualTo(RawRecords.RAW_SCHEMA_NAME);
            assertThat(record.headers().lastWithName("fakeclicks_bad_kind").value()).isEqualTo(item.badKind().configName());
            byte[] bytes = converter.fromConnectData("raw_events", record.valueSchema(), record.value());
            assertThat(bytes).as("written verbatim").isEqualTo((byte[]) record.value());
            seen.merge(item.badKind(), 1, Integer::sum);
            String type = item.event().type();
            StructType schema = TestStreams.CATALOGUE.require(type).schema();
            switch (item.badKind()) {
                case MALFORMED_JSON -> assertThatThrownBy(() -> JSON.readTree(bytes)).isInstanceOf(Exception.class);
                case MISSING_EVENT_TYPE -> assertThat(JSON.readTree(bytes).has("event_type")).isFalse();
                case UNKNOWN_TYPE -> {
                    String claimed = JSON.readTree(bytes).get("event_type").asText();
                    assertThat(EventTypeNames.isValid(claimed)).isTrue();
                    assertThat(TestStreams.TYPES).doesNotContain(claimed);
                    assertThat(record.headers().lastWithName("event_type").value()).isEqualTo(claimed);
                }
                case INVALID_TYPE_NAME -> assertThat(EventTypeNames.isValid(JSON.readTree(bytes).get("event_type").asText())).isFalse();
                case WRONG_FIELD_TYPE -> {
                    JsonNode json = JSON.readTree(bytes);
                    assertThat(json.get("event_type").asText()).isEqualTo(type);
                    long wrong = schema.fields().stream().filter(f -> !f.nullable())
                            .filter(f -> f.type() != AtomicType.STRING && f.type() != AtomicType.TIMESTAMP
                                    && (f.type() instanceof AtomicType || f.type() instanceof DecimalType))
                            .filter(f -> json.get(f.name()).isTextual()).count();
                    assertThat(wrong).isEqualTo(1);
                }
                case MISSING_REQUIRED_FIELD -> {
                    JsonNode json = JSON.readTree(bytes);
                    List<String> missing = schema.fields().stream().filter(f -> !f.nullable()).map(StructField::name)
                            .filter(n -> !json.has(n)).toList();
                    assertThat(missing).hasSize(1).doesNotContain("event_type");
                }
                default -> throw new AssertionError(item.badKind());
            }
        }
        assertThat(seen.keySet()).containsExactlyInAnyOrder(BadRecordKind.values());
    }

    @Test
    void duplicatesAndLateEventsAreMarked() {
        boolean dup = false;
        boolean late = false;
        for (StreamItem item : items) {
            if (item.variant() == StreamItem.Variant.BAD) {
                continue;
            }
            SourceRecord r = records.toRecord(item, Map.of("position", 1L));
            if (item.variant() == StreamItem.Variant.DUPLICATE) {
                dup = true;
                assertThat(r.headers().lastWithName("fakeclicks_duplicate").value()).isEqualTo("true");
            }
            if (item.event().late()) {
                late = true;
                assertThat(r.headers().lastWithName("fakeclicks_late").value()).isEqualTo("true");
            }
        }
        assertThat(dup).isTrue();
        assertThat(late).isTrue();
    }

    /** The JSON a sink reads must parse with the catalogue schema: check JSON node types recursively. */
    private static void assertJsonMatches(StructType schema, JsonNode json, String path) {
        for (StructField f : schema.fields()) {
            JsonNode node = json.get(f.name());
            String p = path + "." + f.name();
            assertThat(node).as(p + " present").isNotNull();
            if (node.isNull()) {
                assertThat(f.nullable()).as(p + " nullable").isTrue();
                continue;
            }
            if (f.type() instanceof StructType s) {
                assertJsonMatches(s, node, p);
            } else if (f.type() instanceof dev.fakeclicks.schema.ArrayType a) {
                assertThat(node.isArray()).as(p).isTrue();
                for (JsonNode element : node) {
                    assertJsonMatches((StructType) a.elementType(), element, p + "[]");
                }
            } else if (f.type() instanceof DecimalType d) {
                assertThat(node.isNumber()).as(p + " number").isTrue();
                assertThat(new BigDecimal(node.asText()).scale()).as(p + " scale").isEqualTo(d.scale());
            } else {
                switch ((AtomicType) f.type()) {
                    case STRING, TIMESTAMP -> assertThat(node.isTextual()).as(p).isTrue();
                    case INTEGER -> assertThat(node.isInt()).as(p).isTrue();
                    case LONG -> assertThat(node.isIntegralNumber()).as(p).isTrue();
                    case BOOLEAN -> assertThat(node.isBoolean()).as(p).isTrue();
                    default -> throw new AssertionError(p + ": unexpected " + f.type());
                }
            }
        }
    }
}

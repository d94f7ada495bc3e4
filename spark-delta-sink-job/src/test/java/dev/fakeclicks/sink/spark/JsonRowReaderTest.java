package dev.fakeclicks.sink.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.sink.testing.TestEvents;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.JsonToStructs;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * The fast reader makes exactly the row Spark's from_json makes, wherever it decides a record: catalogue events,
 * every field of them set to values of every JSON kind, timestamps over the whole calendar, and broken or unusual
 * records. And it does decide the records the topic carries (else the fast path would never run).
 */
class JsonRowReaderTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Every reader kind, including those the catalogue does not use (long, double, boolean, map). */
    private static final StructType ALL_KINDS = (StructType) DataType.fromJson("""
            {"type":"struct","fields":[
              {"name":"s","type":"string","nullable":true,"metadata":{}},
              {"name":"i","type":"integer","nullable":true,"metadata":{}},
              {"name":"l","type":"long","nullable":false,"metadata":{}},
              {"name":"d","type":"double","nullable":true,"metadata":{}},
              {"name":"b","type":"boolean","nullable":true,"metadata":{}},
              {"name":"m","type":"decimal(12,2)","nullable":true,"metadata":{}},
              {"name":"t","type":"timestamp","nullable":true,"metadata":{}},
              {"name":"tags","type":{"type":"map","keyType":"string","valueType":"long","valueContainsNull":true},"nullable":true,"metadata":{}},
              {"name":"xs","type":{"type":"array","elementType":"double","containsNull":true},"nullable":true,"metadata":{}},
              {"name":"o","type":{"type":"struct","fields":[{"name":"a","type":"string","nullable":true,"metadata":{}}]},"nullable":true,"metadata":{}}
            ]}""");

    private static final List<JsonNode> ODD_VALUES = List.of(
            NODES.nullNode(), NODES.textNode(""), NODES.textNode("x"), NODES.textNode("12"), NODES.textNode("NaN"),
            NODES.textNode("Infinity"), NODES.textNode("\u00e9\n\"q\" \ud83d\ude00"), NODES.numberNode(12), NODES.numberNode(-7L),
            NODES.numberNode(3_000_000_000L), NODES.numberNode(new BigInteger("99999999999999999999")), NODES.numberNode(12.5),
            NODES.numberNode(1e300), NODES.numberNode(new BigDecimal("1234567890.125")), NODES.numberNode(new BigDecimal("-0.005")),
            NODES.numberNode(new BigDecimal("12345678901234.5")), NODES.booleanNode(true), NODES.arrayNode(),
            NODES.arrayNode().add(1).add("a"), NODES.objectNode(), NODES.objectNode().put("a", "b"),
            NODES.textNode("2026-11-26T10:00:00Z"), NODES.textNode("2026-11-26T10:00:00.123456Z"),
            NODES.textNode("2026-11-26T10:00:00.1234567Z"), NODES.textNode("2026-11-26T10:00:00+01:00"),
            NODES.textNode("2026-11-26 10:00:00"), NODES.textNode("2026-02-30T10:00:00Z"), NODES.textNode("2026-11-26T24:00:00Z"),
            NODES.textNode("2026-11-26T10:00:00.Z"), NODES.textNode("2026-11-26"));

    @Test
    void decidesEveryCatalogueEventAsFromJsonDoes() {
        for (String type : Catalogue.builtIn().types()) {
            Pair pair = pair(CompiledTypes.parseSchema(type));
            for (long seq = 0; seq < 60; seq++) {
                byte[] json = JsonBytes.utf8(TestEvents.event(type, seq).toString());
                assertThat(pair.reader.read(json)).as(type + " #" + seq + " is decided").isNotNull();
                pair.assertSame(json, type + " #" + seq);
            }
        }
    }

    @Test
    void everyFieldSetToEveryKindOfValue() {
        int decided = 0;
        int total = 0;
        for (String type : Catalogue.builtIn().types()) {
            Pair pair = pair(CompiledTypes.parseSchema(type));
            ObjectNode event = TestEvents.event(type, 4);
            for (String path : paths(event, "")) {
                for (JsonNode value : ODD_VALUES) {
                    byte[] json = JsonBytes.utf8(TestEvents.with(event, path, value).toString());
                    decided += pair.assertSame(json, type + "." + path + " = " + value) ? 1 : 0;
                    total++;
                }
                decided += pair.assertSame(JsonBytes.utf8(TestEvents.without(event, path).toString()), type + " without " + path) ? 1 : 0;
                total++;
            }
        }
        // The fast path is taken wherever the value has the expected token (or is null); from_json judges the rest.
        assertThat(decided).as("records decided by the fast reader").isBetween(total / 10, total * 9 / 10);
    }

    @Test
    void allReaderKinds() {
        Pair pair = pair(ALL_KINDS.add(CompiledType.CORRUPT, DataTypes.StringType, true));
        ObjectNode base = NODES.objectNode().put("s", "text").put("i", 5).put("l", 5_000_000_000L).put("d", 0.25)
                .put("b", true).put("m", new BigDecimal("10.50")).put("t", "1999-12-31T23:59:59.5Z");
        base.set("tags", NODES.objectNode().put("a", 1).put("b", 2));
        base.set("xs", NODES.arrayNode().add(1).add(2.5).addNull());
        base.set("o", NODES.objectNode().put("a", "inner"));
        byte[] whole = JsonBytes.utf8(base.toString());
        assertThat(pair.reader.read(whole)).isNotNull();
        pair.assertSame(whole, "all kinds");
        int decided = 0;
        for (String path : paths(base, "")) {
            for (JsonNode value : ODD_VALUES) {
                decided += pair.assertSame(JsonBytes.utf8(TestEvents.with(base, path, value).toString()), path + " = " + value) ? 1 : 0;
            }
        }
        assertThat(decided).isPositive();
        // A repeated map key is kept twice by from_json, a repeated field keeps its last value.
        assertThat(pair.assertSame(JsonBytes.utf8("{\"tags\":{\"a\":1,\"a\":2},\"s\":\"x\",\"s\":\"y\",\"i\":1}"), "repeats")).isTrue();
    }

    @Test
    void timestampsOverTheWholeCalendar() {
        Pair pair = pair(new StructType().add("t", DataTypes.TimestampType).add(CompiledType.CORRUPT, DataTypes.StringType));
        Random random = new Random(42);
        long min = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 5_000; i++) {
            Instant instant = Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min)), random.nextInt(1_000_000) * 1_000L);
            String text = instant.toString(); // ISO, 'Z', 0, 3 or 6 fraction digits
            int digits = random.nextInt(7);
            String cut = text.substring(0, 19) + (digits == 0 ? "" : "." + String.format("%06d", instant.getNano() / 1_000).substring(0, digits)) + "Z";
            byte[] json = JsonBytes.utf8("{\"t\":\"" + cut + "\"}");
            assertThat(pair.reader.read(json)).as(cut).isNotNull();
            pair.assertSame(json, cut);
        }
        for (String odd : List.of("0000-01-01T00:00:00Z", "2024-02-29T12:00:00Z", "2023-02-29T12:00:00Z", "2026-13-01T00:00:00Z",
                "2026-11-26T10:60:00Z", "2026-11-26T10:00:60Z", "2026-11-26t10:00:00Z", "2026-11-26T10:00:00z", "+2026-11-26T10:00:00Z",
                "2026-1-26T10:00:00.000Z", "２０２６-11-26T10:00:00Z")) {
            pair.assertSame(JsonBytes.utf8("{\"t\":\"" + odd + "\"}"), odd);
        }
    }

    @Test
    void brokenAndUnusualRecords() {
        Pair pair = pair(CompiledTypes.parseSchema("purchase"));
        String good = TestEvents.event("purchase", 7).toString();
        List<byte[]> inputs = new ArrayList<>(List.of(
                new byte[0], JsonBytes.utf8(" "), JsonBytes.utf8("{}"), JsonBytes.utf8("[]"), JsonBytes.utf8("null"), JsonBytes.utf8("5"), JsonBytes.utf8(" " + good), JsonBytes.utf8(good + " trailing"),
                JsonBytes.utf8(good.substring(0, good.length() - 1)), JsonBytes.utf8(good.replace("\"order_id\"", "order_id")),
                JsonBytes.utf8(good.replace(",\"", ",/* c */\"")), JsonBytes.utf8(good.replace("\"", "'")),
                JsonBytes.utf8("{\"_corrupt_record\":\"x\"," + good.substring(1)), JsonBytes.utf8(good.replace("\"value\":", "\"value\":0")),
                JsonBytes.utf8(good.replace("{\"product_id\"", "{\"product_id\":null,\"product_id\"")),
                "{\"event_type\":\"purchase\"}".getBytes(StandardCharsets.UTF_16LE)));
        // Invalid or unusual UTF-8 in a kept string and in a skipped one: overlong, surrogate, past U+10FFFF, truncated.
        for (byte[] odd : List.of(new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {(byte) 0xFF}, "é€😀".getBytes(StandardCharsets.UTF_8))) {
            inputs.add(JsonBytes.of("{\"order_id\":\"a", odd, "b\",\"x\":\"c", odd, "\"," + good.substring(1)));
            inputs.add(JsonBytes.of("{\"unknown\":\"a", odd, "\"," + good.substring(1)));
        }
        for (byte[] json : inputs) {
            pair.assertSame(json, new String(json, StandardCharsets.UTF_8));
        }
        assertThat(pair.reader.read(JsonBytes.utf8(good))).isNotNull();
    }

    @Test
    void utf8Validation() {
        assertThat(Utf8.isValid(JsonBytes.utf8("plain ascii é € 😀 \u07ff \uffff \ud7ff"))).isTrue();
        assertThat(Utf8.isValid(new byte[] {(byte) 0xC1, (byte) 0xBF})).as("overlong 2-byte").isFalse();
        assertThat(Utf8.isValid(new byte[] {(byte) 0xE0, (byte) 0x9F, (byte) 0xBF})).as("overlong 3-byte").isFalse();
        assertThat(Utf8.isValid(new byte[] {(byte) 0xED, (byte) 0xBF, (byte) 0xBF})).as("surrogate").isFalse();
        assertThat(Utf8.isValid(new byte[] {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF})).as("overlong 4-byte").isFalse();
        assertThat(Utf8.isValid(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})).as("past U+10FFFF").isFalse();
        assertThat(Utf8.isValid(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98})).as("truncated").isFalse();
        assertThat(Utf8.isValid(new byte[] {(byte) 0x80})).as("lone continuation").isFalse();
    }

    @Test
    void schemasWithTypesItDoesNotCoverGoToFromJson() {
        StructType withDate = new StructType().add("d", DataTypes.DateType).add(CompiledType.CORRUPT, DataTypes.StringType);
        assertThat(JsonRowReader.of(withDate, CompiledType.CORRUPT)).isEmpty();
        StructType intKeys = new StructType().add("m", DataTypes.createMapType(DataTypes.IntegerType, DataTypes.StringType));
        assertThat(JsonRowReader.of(intKeys, CompiledType.CORRUPT)).isEmpty();
        // Analysis refuses what from_json refuses, as before the fast reader (CompiledType.compile relies on it).
        assertThat(new FromJsonBytes(Literal.create(new byte[0], DataTypes.BinaryType), intKeys, "UTC").checkInputDataTypes().isFailure())
                .as("map with integer keys").isTrue();
        assertThat(new FromJsonBytes(Literal.create("{}", DataTypes.StringType), withDate, "UTC").checkInputDataTypes().isFailure())
                .as("string input").isTrue();
        assertThat(new FromJsonBytes(Literal.create(new byte[0], DataTypes.BinaryType), withDate, "UTC").checkInputDataTypes().isSuccess())
                .isTrue();
        FromJsonBytes expression = new FromJsonBytes(Literal.create(JsonBytes.utf8("{\"d\":\"2026-11-26\"}"), DataTypes.BinaryType), withDate, "UTC");
        assertThat(expression.readsFast()).isFalse();
        assertThat(((InternalRow) expression.eval(null)).getInt(0)).isEqualTo((int) java.time.LocalDate.of(2026, 11, 26).toEpochDay());
    }

    /** The paths of every value in an event, nested ones too ({@code page.url}, {@code items.0.price}). */
    private static List<String> paths(JsonNode node, String prefix) {
        List<String> out = new ArrayList<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                out.add(prefix + field.getKey());
                out.addAll(paths(field.getValue(), prefix + field.getKey() + "."));
            }
        } else if (node.isArray() && !node.isEmpty()) {
            out.addAll(paths(node.get(0), prefix + "0."));
        }
        return out;
    }

    private static Pair pair(StructType parseSchema) {
        return new Pair(parseSchema);
    }

    /** The fast reader and Spark's from_json for one schema. */
    private static final class Pair {
        final StructType parseSchema;
        final JsonRowReader reader;
        final JsonToStructs fromJson;
        final UnsafeProjection toBytes;

        Pair(StructType parseSchema) {
            this.parseSchema = parseSchema;
            this.reader = JsonRowReader.of(parseSchema, CompiledType.CORRUPT).orElseThrow();
            this.fromJson = CompiledType.fromJson(parseSchema, Literal.create("", DataTypes.StringType), "UTC");
            this.toBytes = UnsafeProjection.create(parseSchema.asNullable());
        }

        /** Asserts the reader (when it decides) and the expression make from_json's row; true when the reader decided. */
        boolean assertSame(byte[] json, String what) {
            Object expected = fromJson.nullSafeEval(UTF8String.fromBytes(json));
            InternalRow fast = reader.read(json);
            if (fast != null) {
                assertThat(comparable(fast)).as("fast reader on " + what).isEqualTo(comparable((InternalRow) expected));
            }
            Object viaExpression = new FromJsonBytes(Literal.create(json, DataTypes.BinaryType), parseSchema, "UTC").eval(null);
            assertThat(comparable((InternalRow) viaExpression)).as("expression on " + what).isEqualTo(comparable((InternalRow) expected));
            return fast != null;
        }

        private Object comparable(InternalRow row) {
            return row == null ? null : toBytes.apply(row).copy();
        }
    }

    /** Parse schemas of catalogue types as the sink compiles them. */
    private static final class CompiledTypes {
        static StructType parseSchema(String type) {
            StructType schema = (StructType) DataType.fromJson(SchemaJson.toJson(Catalogue.builtIn().require(type).schema()));
            return schema.add(CompiledType.CORRUPT, DataTypes.StringType, true);
        }
    }
}

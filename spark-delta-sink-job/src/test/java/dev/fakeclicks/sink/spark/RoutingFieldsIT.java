package dev.fakeclicks.sink.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fakeclicks.sink.testing.SharedInfra;
import dev.fakeclicks.sink.testing.TestEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The byte-level light parse finds what from_json finds, on well-formed and on broken input, except that a value
 * that is not well-formed UTF-8 is never JSON to it (from_json reads one with U+FFFD in place of the bad bytes).
 */
class RoutingFieldsIT {

    @Test
    void sameRoutingFieldsAndVerdictsAsFromJson() {
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        inputs.put("catalogue event", JsonBytes.utf8(TestEvents.event("purchase", 3).toString()));
        inputs.put("nested fields skipped", JsonBytes.utf8("{\"event_type\":\"search\",\"x\":{\"y\":[1,2.5e3,{\"z\":null}]},\"event_id\":\"e-1\"}"));
        inputs.put("leading whitespace", JsonBytes.utf8("  \n{\"event_type\":\"search\"}"));
        inputs.put("empty", new byte[0]);
        inputs.put("blank", JsonBytes.utf8("   "));
        inputs.put("array", JsonBytes.utf8("[{\"event_type\":\"search\"}]"));
        inputs.put("number", JsonBytes.utf8("5"));
        inputs.put("string", JsonBytes.utf8("\"search\""));
        inputs.put("null", JsonBytes.utf8("null"));
        inputs.put("truncated", JsonBytes.utf8("{\"event_type\":\"search\""));
        inputs.put("trailing text", JsonBytes.utf8("{\"event_type\":\"search\"} trailing"));
        inputs.put("syntax error in a skipped field", JsonBytes.utf8("{\"event_type\":\"search\",\"a\":tru}"));
        inputs.put("syntax error in event_id", JsonBytes.utf8("{\"event_type\":\"search\",\"event_id\":[1,}"));
        inputs.put("invalid UTF-8 in a skipped field", JsonBytes.of("{\"event_type\":\"search\",\"t\":\"", new byte[] {(byte) 0xC3, 0x28}, "\"}"));
        inputs.put("invalid UTF-8 in event_type", JsonBytes.of("{\"event_type\":\"se", new byte[] {(byte) 0xFF}, "arch\"}"));
        inputs.put("overlong UTF-8 in event_id", JsonBytes.of("{\"event_type\":\"search\",\"event_id\":\"e", new byte[] {(byte) 0xC0, (byte) 0xAF}, "\"}"));
        inputs.put("UTF-8 surrogate in event_id", JsonBytes.of("{\"event_type\":\"search\",\"event_id\":\"e", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}"));
        inputs.put("UTF-8 byte order mark", JsonBytes.of("", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "{\"event_type\":\"search\"}"));
        inputs.put("UTF-16LE", "{\"event_type\":\"search\"}".getBytes(StandardCharsets.UTF_16LE));
        inputs.put("event_type a number", JsonBytes.utf8("{\"event_type\":5,\"event_id\":1.50}"));
        inputs.put("event_type a boolean", JsonBytes.utf8("{\"event_type\":true}"));
        inputs.put("event_type an object", JsonBytes.utf8("{\"event_type\":{\"a\": [1, \"b\"]}}"));
        inputs.put("event_type null", JsonBytes.utf8("{\"event_type\":null,\"event_id\":\"e\"}"));
        inputs.put("duplicate key, last wins", JsonBytes.utf8("{\"event_type\":\"a\",\"event_type\":\"b\"}"));
        inputs.put("duplicate key, last null", JsonBytes.utf8("{\"event_type\":\"a\",\"event_type\":null}"));
        inputs.put("a field named like the corrupt column", JsonBytes.utf8("{\"_corrupt_record\":\"x\",\"event_type\":\"search\"}"));
        inputs.put("single quotes", JsonBytes.utf8("{'event_type':'search'}"));
        inputs.put("unquoted field names", JsonBytes.utf8("{event_type:\"search\"}"));
        inputs.put("comment", JsonBytes.utf8("{/* c */\"event_type\":\"search\"}"));
        inputs.put("NaN", JsonBytes.utf8("{\"event_type\":\"search\",\"v\":NaN}"));
        inputs.put("leading zero", JsonBytes.utf8("{\"event_type\":\"search\",\"v\":01}"));
        inputs.put("escapes", JsonBytes.utf8("{\"event_type\":\"sea\\u0072ch\",\"event_id\":\"\\\"q\\\"\"}"));
        inputs.put("raw control character", JsonBytes.utf8("{\"event_type\":\"a\tb\"}"));
        inputs.put("non-ASCII", JsonBytes.utf8("{\"event_type\":\"produkt_ansicht\",\"event_id\":\"ü€😀\"}"));
        inputs.put("nesting beyond the limit", JsonBytes.utf8("{\"a\":" + "[".repeat(1100) + "]".repeat(1100) + ",\"event_type\":\"x\"}"));
        inputs.put("number beyond the length limit", JsonBytes.utf8("{\"v\":" + "1".repeat(2000) + ",\"event_type\":\"x\"}"));

        SparkSession spark = SharedInfra.spark();
        List<Row> rows = new ArrayList<>();
        inputs.forEach((name, value) -> rows.add(RowFactory.create(name, value)));
        StructType schema = new StructType().add("name", DataTypes.StringType).add("value", DataTypes.BinaryType);
        List<Row> results = spark.createDataFrame(rows, schema)
                .select(col("name"),
                        from_json(col("value").cast("string"), RoutingFields.SCHEMA, CompiledType.JSON_OPTIONS).as("expected"),
                        RoutingFields.of(col("value")).as("actual"))
                .collectAsList();

        assertThat(results).hasSize(inputs.size());
        int notJson = 0;
        int notUtf8 = 0;
        for (Row r : results) {
            String name = r.getString(0);
            Row expected = r.getStruct(1);
            Row actual = r.getStruct(2);
            if (!Utf8.isValid(inputs.get(name))) {
                assertThat(actual).as(name).isNotNull();
                assertThat(actual.isNullAt(2)).as(name + ": not JSON (not UTF-8)").isFalse();
                assertThat(actual.isNullAt(0) && actual.isNullAt(1)).as(name + ": no routing fields").isTrue();
                notUtf8++;
                continue;
            }
            if (expected == null) {
                assertThat(actual).as(name).isNull();
                continue;
            }
            assertThat(actual).as(name).isNotNull();
            boolean expectedCorrupt = !expected.isNullAt(2);
            assertThat(!actual.isNullAt(2)).as(name + ": not JSON").isEqualTo(expectedCorrupt);
            if (expectedCorrupt) {
                notJson++;
            } else {
                assertThat(actual.getString(0)).as(name + ": event_type").isEqualTo(expected.getString(0));
                assertThat(actual.getString(1)).as(name + ": event_id").isEqualTo(expected.getString(1));
            }
        }
        // The corpus exercises both verdicts, and malformed UTF-8 that from_json would have read.
        assertThat(notJson).isBetween(5, inputs.size() - 10);
        assertThat(notUtf8).isEqualTo(4);
    }
}

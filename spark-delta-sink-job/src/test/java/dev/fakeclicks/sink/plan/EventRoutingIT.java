package dev.fakeclicks.sink.plan;

import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.registry.RegisteredSchema;
import dev.fakeclicks.registry.RegistrySnapshot;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.sink.testing.SharedInfra;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The routing rule as the sink runs it: {@link EventRouting#reasonSql} evaluated by Spark, one case per reason. */
class EventRoutingIT {

    private static final String SCHEMA = SchemaJson.toJson(Catalogue.builtIn().require("page_view").schema());

    @Test
    void registeredTypesGoToTheirTableEverythingElseToQuarantineWithTheFirstReasonThatApplies() {
        EventRouting routing = new EventRouting(RegistrySnapshot.fromLatestHash(Map.of(
                "page_view", new RegisteredSchema("page_view", 2, Instant.EPOCH, SCHEMA).toEntryJson(),
                "broken", "{not json",
                "Bad Name", new RegisteredSchema("x", 1, Instant.EPOCH, SCHEMA).toEntryJson())));
        // name -> (size, JSON object?, event_type), expected reason (null: its table)
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("registered", new Object[] {10, true, "page_view", null});
        cases.put("oversized, even if registered", new Object[] {1001, true, "page_view", "oversized"});
        cases.put("not JSON", new Object[] {10, false, null, "not_json"});
        cases.put("empty value", new Object[] {0, null, null, "not_json"});
        cases.put("no event_type", new Object[] {10, true, null, "missing_event_type"});
        cases.put("invalid name", new Object[] {10, true, "Page-View", "invalid_event_type"});
        cases.put("invalid name registered by another tool", new Object[] {10, true, "Bad Name", "invalid_event_type"});
        cases.put("trailing newline", new Object[] {10, true, "page_view\n", "invalid_event_type"});
        cases.put("65 characters", new Object[] {10, true, "x".repeat(65), "invalid_event_type"});
        cases.put("64 characters", new Object[] {10, true, "x".repeat(64), "unknown_event_type"});
        cases.put("rejected entry", new Object[] {10, true, "broken", "rejected_schema"});
        cases.put("unknown", new Object[] {10, true, "checkout", "unknown_event_type"});

        StructType light = new StructType().add("_corrupt_record", DataTypes.StringType);
        StructType schema = new StructType().add("name", DataTypes.StringType).add("_size", DataTypes.IntegerType)
                .add("_light", light).add("_type", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        cases.forEach((name, c) -> rows.add(RowFactory.create(name, c[0],
                c[1] == null ? null : RowFactory.create(Boolean.TRUE.equals(c[1]) ? null : "not a JSON object"), c[2])));

        Map<String, String> actual = new LinkedHashMap<>();
        SharedInfra.spark().createDataFrame(rows, schema)
                .select(expr("name"), expr(routing.reasonSql("_size", 1000, "_light", "_corrupt_record", "_type")))
                .collectAsList().forEach(r -> actual.put(r.getString(0), r.getString(1)));

        Map<String, String> expected = new LinkedHashMap<>();
        cases.forEach((name, c) -> expected.put(name, (String) c[3]));
        assertThat(actual).isEqualTo(expected);
    }
}

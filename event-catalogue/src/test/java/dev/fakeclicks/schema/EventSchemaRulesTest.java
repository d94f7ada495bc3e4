package dev.fakeclicks.schema;

import static org.assertj.core.api.Assertions.assertThat;

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
}

package dev.fakeclicks.connect.record;

import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.connect.generator.GeneratedEvent;
import dev.fakeclicks.connect.generator.StreamItem;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns stream items into Connect records: key = session_id, value = the event as a Struct of its
 * catalogue schema (or raw bytes for a bad record), timestamp = event_time, headers {@code event_type},
 * {@code schema_version}, plus {@code fakeclicks_duplicate}, {@code fakeclicks_late} and
 * {@code fakeclicks_bad_kind} on injected items so downstream tests can reconcile.
 */
public final class EventRecords {

    public static final String HEADER_EVENT_TYPE = "event_type";
    public static final String HEADER_SCHEMA_VERSION = "schema_version";
    public static final String HEADER_DUPLICATE = "fakeclicks_duplicate";
    public static final String HEADER_LATE = "fakeclicks_late";
    public static final String HEADER_BAD_KIND = "fakeclicks_bad_kind";

    private final Map<String, Schema> schemas;
    private final String topic;
    private final Map<String, ?> partition;
    private final RawRecords rawRecords;
    private final EventStructs structs = new EventStructs();
    private GeneratedEvent lastEvent;
    private Struct lastStruct;

    public EventRecords(Catalogue catalogue, String topic, Map<String, ?> partition) {
        this.schemas = ConnectSchemas.forCatalogue(catalogue);
        this.topic = topic;
        this.partition = partition;
        this.rawRecords = new RawRecords(schemas.keySet());
    }

    public Schema schema(String type) {
        return schemas.get(type);
    }

    public SourceRecord toRecord(StreamItem item, Map<String, ?> offset) {
        GeneratedEvent event = item.event();
        Struct struct = struct(event);
        long timestamp = ((Number) event.fields().get("event_time")).longValue();
        ConnectHeaders headers = new ConnectHeaders();
        if (item.variant() == StreamItem.Variant.BAD) {
            RawRecords.BadRecord bad = rawRecords.make(item.badKind(), struct, item.badSeed());
            if (bad.claimedType() != null) {
                headers.addString(HEADER_EVENT_TYPE, bad.claimedType());
            }
            headers.addString(HEADER_BAD_KIND, item.badKind().configName());
            return new SourceRecord(partition, offset, topic, null, Schema.STRING_SCHEMA, event.sessionId(),
                    RawRecords.RAW_SCHEMA, bad.value(), timestamp, headers);
        }
        headers.addString(HEADER_EVENT_TYPE, event.type());
        headers.addInt(HEADER_SCHEMA_VERSION, (Integer) event.fields().get("schema_version"));
        if (item.variant() == StreamItem.Variant.DUPLICATE) {
            headers.addString(HEADER_DUPLICATE, "true");
        }
        if (event.late()) {
            headers.addString(HEADER_LATE, "true");
        }
        return new SourceRecord(partition, offset, topic, null, Schema.STRING_SCHEMA, event.sessionId(),
                struct.schema(), struct, timestamp, headers);
    }

    /** Duplicates and bad records follow their event directly: build its struct once. */
    private Struct struct(GeneratedEvent event) {
        if (event != lastEvent) {
            lastStruct = structs.build(schemas.get(event.type()), event.fields());
            lastEvent = event;
        }
        return lastStruct;
    }
}

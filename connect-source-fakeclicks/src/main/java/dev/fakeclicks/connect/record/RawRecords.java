package dev.fakeclicks.connect.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fakeclicks.catalogue.EventTypeNames;
import dev.fakeclicks.connect.generator.BadRecordKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Bad records for the downstream quarantine, made from a good event so they look like real traffic gone
 * wrong. Their value is raw bytes under the {@link #RAW_SCHEMA} (which {@link RawPassthroughJsonConverter}
 * writes verbatim); every choice comes from the item's seed, so they are as deterministic as the events.
 */
public final class RawRecords {

    /** A value schema meaning "these bytes are the record value, write them as they are". */
    public static final String RAW_SCHEMA_NAME = "dev.fakeclicks.RawRecord";
    public static final Schema RAW_SCHEMA = SchemaBuilder.bytes().name(RAW_SCHEMA_NAME).build();

    /** Valid type names that are not events of the catalogue. */
    static final List<String> UNKNOWN_TYPES = List.of("wishlist_add", "video_play", "store_locator_view",
            "newsletter_open", "chat_started", "coupon_applied");
    /** Type names that break the naming rule (path tricks, spaces, case, punctuation). */
    static final List<String> INVALID_TYPE_NAMES = List.of("../x", "Page View", "page-view", "PURCHASE",
            "checkout/../../etc", "", "add to cart", "9lives");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A bad record: the bytes, and the event_type it claims (null when it claims none). */
    public record BadRecord(byte[] value, String claimedType) {
    }

    private final Set<String> catalogueTypes;

    public RawRecords(Set<String> catalogueTypes) {
        this.catalogueTypes = Set.copyOf(catalogueTypes);
        for (String name : INVALID_TYPE_NAMES) {
            if (EventTypeNames.isValid(name)) {
                throw new IllegalStateException(name + " is a valid type name");
            }
        }
    }

    public BadRecord make(BadRecordKind kind, Struct event, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Object> json = EventStructs.toPlainMap(event);
        String type = (String) json.get("event_type");
        switch (kind) {
            case MALFORMED_JSON: {
                byte[] good = write(json);
                // Cut inside the object: never valid JSON.
                int cut = 1 + rnd.nextInt(good.length - 2);
                return new BadRecord(Arrays.copyOf(good, cut), null);
            }
            case MISSING_EVENT_TYPE:
                json.remove("event_type");
                return new BadRecord(write(json), null);
            case UNKNOWN_TYPE: {
                List<String> candidates = UNKNOWN_TYPES.stream().filter(t -> !catalogueTypes.contains(t)).toList();
                String unknown = candidates.get(rnd.nextInt(candidates.size()));
                json.put("event_type", unknown);
                return new BadRecord(write(json), unknown);
            }
            case INVALID_TYPE_NAME: {
                String invalid = INVALID_TYPE_NAMES.get(rnd.nextInt(INVALID_TYPE_NAMES.size()));
                json.put("event_type", invalid);
                return new BadRecord(write(json), invalid);
            }
            case WRONG_FIELD_TYPE: {
                List<Field> candidates = new ArrayList<>();
                for (Field f : event.schema().fields()) {
                    Schema.Type t = f.schema().type();
                    if (!f.schema().isOptional() && (t == Schema.Type.INT32 || t == Schema.Type.INT64
                            || t == Schema.Type.BOOLEAN || t == Schema.Type.BYTES)) {
                        candidates.add(f);
                    }
                }
                Field f = candidates.get(rnd.nextInt(candidates.size()));
                json.put(f.name(), "not-a-" + (f.schema().type() == Schema.Type.BOOLEAN ? "boolean" : "number"));
                return new BadRecord(write(json), type);
            }
            case MISSING_REQUIRED_FIELD: {
                List<String> required = new ArrayList<>();
                for (Field f : event.schema().fields()) {
                    if (!f.schema().isOptional() && !f.name().equals("event_type")) {
                        required.add(f.name());
                    }
                }
                json.remove(required.get(rnd.nextInt(required.size())));
                return new BadRecord(write(json), type);
            }
            default:
                throw new IllegalArgumentException("unknown bad record kind " + kind);
        }
    }

    static byte[] write(Map<String, Object> json) {
        try {
            return MAPPER.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}

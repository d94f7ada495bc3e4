package dev.fakeclicks.connect.record;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * The Struct the connector builds its values from: an ordinary Connect Struct that spares two costs of a
 * struct shared by many events (page, utm, device, geo, product).
 *
 * <ul>
 *   <li>{@link Struct#put} validates the value, and for a struct value that means validating all of its
 *   fields again, for every event it is put into. A Struct that validated once stays valid ({@code put}
 *   refuses invalid values, including null for a required field), so this one validates once.</li>
 *   <li>A struct keeps the JSON that {@link StructJsonWriter} made of it: a struct that {@link EventStructs}
 *   shares between events is written once, not once per event, and an event's struct is written by the
 *   thread that built it when a converter asked for that ({@link JsonMemo}). Any {@code put} forgets it, and
 *   a {@code put} on a finished struct makes its {@link JsonMemo} distrust all remembered JSON (a struct
 *   does not know the structs that hold it).</li>
 * </ul>
 *
 * <p>The remembered JSON is volatile: the builder's thread and the task's thread both write and read it.
 * Like any subclass, it is never {@code equals} to a plain Struct ({@link Struct#equals} compares classes).
 */
final class EventStruct extends Struct {

    private final boolean shared;
    private final JsonMemo memo;
    private boolean valid;
    private volatile byte[] json;

    EventStruct(Schema schema, boolean shared, JsonMemo memo) {
        super(schema);
        this.shared = shared;
        this.memo = memo;
    }

    @Override
    public Struct put(Field field, Object value) {
        super.put(field, value);
        if (valid) {
            memo.edited(); // a finished struct changed: the structs holding it do not know
        }
        if (json != null) { // most puts happen while building, before any JSON: no volatile write for them
            json = null;
        }
        return this;
    }

    /**
     * Records that the struct is valid without checking again: for a builder that has put every required
     * field, since put validated each value, validate() would find nothing.
     */
    void markValid() {
        valid = true;
    }

    @Override
    public void validate() {
        if (!valid) {
            super.validate();
            valid = true;
        }
    }

    /** Whether this struct is shared between events, so that its JSON is worth remembering. */
    boolean shared() {
        return shared;
    }

    /** The JSON remembered by {@link #rememberJson}, or null (also when it may be stale). */
    byte[] json() {
        byte[] remembered = json;
        return remembered != null && memo.trusted() ? remembered : null;
    }

    /** Asks the builder of this struct's family to write each event's JSON as it builds it. */
    void wantJson() {
        memo.want();
    }

    void rememberJson(byte[] bytes) {
        json = bytes;
    }
}

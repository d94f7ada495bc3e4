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
 *   <li>A struct that {@link EventStructs} shares between events keeps the JSON that {@link StructJsonWriter}
 *   made of it, so it is written once, not once per event. Any {@code put} forgets it.</li>
 * </ul>
 *
 * <p>The remembered JSON belongs to the thread that converts the task's records (one per task in Connect).
 * Like any subclass, it is never {@code equals} to a plain Struct ({@link Struct#equals} compares classes).
 */
final class EventStruct extends Struct {

    private final boolean shared;
    private boolean valid;
    private byte[] json;

    EventStruct(Schema schema, boolean shared) {
        super(schema);
        this.shared = shared;
    }

    @Override
    public Struct put(Field field, Object value) {
        super.put(field, value);
        json = null;
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

    /** The JSON remembered by {@link #rememberJson}, or null. */
    byte[] json() {
        return json;
    }

    void rememberJson(byte[] bytes) {
        json = bytes;
    }
}

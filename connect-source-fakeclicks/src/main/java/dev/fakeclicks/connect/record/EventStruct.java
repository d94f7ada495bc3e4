package dev.fakeclicks.connect.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.LoggerFactory;

/**
 * The Struct the connector builds its values from: an ordinary Connect Struct that spares the costs of
 * validating what its builder already made right, and of writing a struct shared by many events (page, utm,
 * device, geo, product) once per event.
 *
 * <ul>
 *   <li>{@link Struct#put} validates the value, and for a struct value that means validating all of its
 *   fields again, for every event it is put into. {@link EventStructs} converts every value to its field's
 *   schema type itself (failing with the field's path when it cannot), so it {@link #set}s them without that,
 *   and a struct it finished is valid. {@code put} still validates, so a struct stays valid after one.</li>
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

    /** Struct's private {@code Object[] values}, or null when this Connect version has no such field. */
    private static final VarHandle VALUES = structValues();

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
     * Sets a value that {@link EventStructs} already made to the field's schema type, while building, without the
     * validation of {@link Struct#put}: that costs a string concatenation (the error location, made up front) and
     * type lookups per field, a third of building an event. Writes Struct's own value array when this Connect
     * version has the one we know; otherwise puts.
     */
    void set(Field field, Object value) {
        if (VALUES == null) {
            super.put(field, value);
            return;
        }
        ((Object[]) VALUES.get(this))[field.index()] = value;
    }

    /**
     * Records that the struct is valid without checking again: for a builder that has set every required
     * field to a value of its schema's type, so validate() would find nothing.
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

    /** Whether {@link #set} skips validation with this Connect version (a test keeps an eye on it). */
    static boolean setsWithoutValidation() {
        return VALUES != null;
    }

    private static VarHandle structValues() {
        try {
            return MethodHandles.privateLookupIn(Struct.class, MethodHandles.lookup())
                    .findVarHandle(Struct.class, "values", Object[].class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LoggerFactory.getLogger(EventStruct.class).warn("Connect's Struct has no value array this connector knows ({}):"
                    + " event structs are built with Struct.put, which validates every value again (slower)", e.toString());
            return null;
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

package dev.fakeclicks.sink.plan;

import java.util.Locale;

/**
 * Why a record went to {@code <root>/_quarantine} instead of a type table. The {@link #code()} is what the
 * {@code reason} column holds; the README lists them. Checks run in this order; a record gets the first that applies.
 */
public enum QuarantineReason {
    /** Larger than MAX_RECORD_BYTES; not parsed. */
    OVERSIZED,
    /** Not a JSON object: not JSON, an array or a scalar, an empty value, a tombstone, bytes that are not UTF-8. */
    NOT_JSON,
    /** A JSON object without an event_type (or a null one). */
    MISSING_EVENT_TYPE,
    /** event_type breaks the type-name rule [a-z][a-z0-9_]{0,63}, so it cannot name a table. */
    INVALID_EVENT_TYPE,
    /** The registry entry of this type is unreadable or unusable (the job log and reason_detail say why). */
    REJECTED_SCHEMA,
    /** event_type is not registered in the schema registry. */
    UNKNOWN_EVENT_TYPE,
    /** A field's JSON value does not fit its schema type (e.g. a string where a number is required). */
    SCHEMA_MISMATCH,
    /** A non-nullable field is missing or null (reason_detail lists the paths). */
    MISSING_REQUIRED_FIELD,
    /** Fits its schema, and an earlier record of the same batch, type and event_id fits it too. */
    DUPLICATE_EVENT_ID;

    /** The value of the quarantine table's {@code reason} column, e.g. {@code unknown_event_type}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}

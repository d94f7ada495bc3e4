package dev.fakeclicks.sink.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a record went to {@code <root>/_quarantine} instead of a type table. The {@link #code()} is what the
 * {@code reason} column holds; the README lists them. Checks run in this order; a record gets the first that applies.
 */
public enum QuarantineReason {
    OVERSIZED("larger than MAX_RECORD_BYTES; not parsed"),
    NOT_JSON("not a JSON object (also: empty value, invalid UTF-8)"),
    MISSING_EVENT_TYPE("JSON object without an event_type"),
    INVALID_EVENT_TYPE("event_type breaks the type-name rule [a-z][a-z0-9_]{0,63}, so it cannot name a table"),
    REJECTED_SCHEMA("the registry entry of this type is unreadable (see the job log)"),
    UNKNOWN_EVENT_TYPE("event_type is not registered in the schema registry"),
    SCHEMA_MISMATCH("a field's JSON value does not fit its schema type (e.g. a string where a number is required)"),
    MISSING_REQUIRED_FIELD("a non-nullable field is missing or null (reason_detail lists the paths)"),
    DUPLICATE_EVENT_ID("fits its schema, and an earlier record of the same batch, type and event_id fits it too");

    private final String description;

    QuarantineReason(String description) {
        this.description = description;
    }

    /** The value of the quarantine table's {@code reason} column, e.g. {@code unknown_event_type}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }

    public static Optional<QuarantineReason> fromCode(String code) {
        return Arrays.stream(values()).filter(r -> r.code().equals(code)).findFirst();
    }
}

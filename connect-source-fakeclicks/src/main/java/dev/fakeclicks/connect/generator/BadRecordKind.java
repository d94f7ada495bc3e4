package dev.fakeclicks.connect.generator;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of bad records the stream can inject for the downstream quarantine to catch. */
public enum BadRecordKind {
    /** Not JSON at all: a truncated event. */
    MALFORMED_JSON,
    /** A JSON object without event_type. */
    MISSING_EVENT_TYPE,
    /** A JSON object whose event_type is a valid name that is not in the catalogue. */
    UNKNOWN_TYPE,
    /** A JSON object whose event_type breaks the type-name rule (e.g. "../x", "Page View"). */
    INVALID_TYPE_NAME,
    /** A catalogue event with a string where a number or boolean is required. */
    WRONG_FIELD_TYPE,
    /** A catalogue event without one of its non-nullable fields. */
    MISSING_REQUIRED_FIELD;

    /** The name used in configs and in the {@code fakeclicks_bad_kind} header, e.g. {@code malformed_json}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<BadRecordKind> fromConfigName(String name) {
        return Arrays.stream(values()).filter(k -> k.configName().equals(name)).findFirst();
    }
}

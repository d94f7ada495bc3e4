package dev.fakeclicks.catalogue;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for event type names. Type names become Delta table paths and Redis keys, so every
 * entry point (catalogue files, CLI arguments, registry contents, connector config, Kafka records)
 * checks them here before using them.
 */
public final class EventTypeNames {

    public static final Pattern PATTERN = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** What is allowed, in words, for error messages. */
    public static final String RULE =
            "1 to 64 characters: a lowercase letter first, then lowercase letters, digits or '_'";

    private EventTypeNames() {
    }

    public static boolean isValid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }

    /** Why {@code name} is not a valid type name, or empty when it is. */
    public static Optional<String> problem(String name) {
        if (isValid(name)) {
            return Optional.empty();
        }
        String shown = name == null ? "(none)" : '"' + printable(name) + '"';
        return Optional.of("invalid event type name " + shown + ": use " + RULE + " (pattern " + PATTERN + ")");
    }

    /** Returns {@code name} when valid; throws {@link InvalidEventTypeException} naming the rule otherwise. */
    public static String requireValid(String name) {
        problem(name).ifPresent(message -> {
            throw new InvalidEventTypeException(message);
        });
        return name;
    }

    /** Keeps error messages on one line and short, whatever arrived. */
    private static String printable(String name) {
        String clipped = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        StringBuilder out = new StringBuilder(clipped.length());
        clipped.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}

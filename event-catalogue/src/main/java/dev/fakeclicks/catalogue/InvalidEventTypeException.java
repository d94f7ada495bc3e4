package dev.fakeclicks.catalogue;

/** An event type name that does not match {@link EventTypeNames#PATTERN}; the message says what is allowed. */
public class InvalidEventTypeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidEventTypeException(String message) {
        super(message);
    }
}

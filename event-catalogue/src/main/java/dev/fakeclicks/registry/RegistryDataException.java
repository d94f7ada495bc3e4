package dev.fakeclicks.registry;

/**
 * An entry in the registry cannot be read (not the stored form, or its schema is not a Spark StructType),
 * e.g. because another tool wrote it. The message names the type: "registry entry of search is unreadable: ...".
 * Not the caller's mistake, so not an {@link IllegalArgumentException}.
 */
public class RegistryDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String type;

    public RegistryDataException(String type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
    }

    /** The type whose entry is unreadable, so callers can say how to get rid of it. */
    public String type() {
        return type;
    }
}

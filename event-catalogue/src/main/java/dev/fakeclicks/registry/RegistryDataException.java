package dev.fakeclicks.registry;

/**
 * An entry in the registry cannot be read (not the stored form, or its schema is not a Spark StructType),
 * e.g. because another tool wrote it. The message names the type: "registry entry of search is unreadable: ...".
 * Not the caller's mistake, so not an {@link IllegalArgumentException}.
 */
public class RegistryDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RegistryDataException(String message) {
        super(message);
    }

    public RegistryDataException(String message, Throwable cause) {
        super(message, cause);
    }
}

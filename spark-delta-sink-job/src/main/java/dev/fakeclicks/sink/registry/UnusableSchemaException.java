package dev.fakeclicks.sink.registry;

/**
 * A registered schema the sink cannot use, although the registry accepted it (an entry written past the rules, or
 * something the rules miss). Its message names the type and version and says why; {@link SchemaCache#usable}
 * turns it into a rejection, so the type's records are quarantined instead of failing the batch.
 */
public final class UnusableSchemaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnusableSchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}

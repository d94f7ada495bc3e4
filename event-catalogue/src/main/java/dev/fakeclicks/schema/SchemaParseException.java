package dev.fakeclicks.schema;

/** A schema document that is not valid Spark StructType JSON; the message names the offending path. */
public class SchemaParseException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public SchemaParseException(String message) {
        super(message);
    }

    public SchemaParseException(String message, Throwable cause) {
        super(message, cause);
    }
}

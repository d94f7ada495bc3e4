package dev.fakeclicks.tools;

/** A bad argument value the parser could not catch (e.g. a schema file that does not exist): exit code 2. */
public class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}

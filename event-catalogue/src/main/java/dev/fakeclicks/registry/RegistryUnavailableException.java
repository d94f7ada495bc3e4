package dev.fakeclicks.registry;

/**
 * Redis cannot be reached or refused us; the message is one line a user can act on,
 * e.g. "cannot reach Redis at localhost:5555: connection refused". Never contains the password.
 */
public class RegistryUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

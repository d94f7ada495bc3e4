package dev.fakeclicks.registry;

/**
 * A key under the registry's prefix holds another kind of value than the registry stores there (Redis's
 * {@code WRONGTYPE}): most likely another program's data under the same prefix. Not transient (retrying does not
 * help) and not one type's unreadable entry, so neither {@link RegistryUnavailableException} nor
 * {@link RegistryDataException}.
 */
public class RegistryLayoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RegistryLayoutException(String message) {
        super(message);
    }
}

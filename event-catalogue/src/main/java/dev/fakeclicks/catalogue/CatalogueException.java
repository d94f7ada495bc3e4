package dev.fakeclicks.catalogue;

/** The catalogue files are inconsistent or unreadable; the message names the file and the problem. */
public class CatalogueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CatalogueException(String message) {
        super(message);
    }
}

package dev.fakeclicks.registry;

import java.util.List;

/** What happened to one registration (or, for a dry run, what would happen). */
public record RegistrationResult(String type, Status status, int version, List<String> problems) {

    public enum Status {
        /** A new version was written. */
        REGISTERED,
        /** Identical to the latest version; nothing written. */
        UNCHANGED,
        /** Dry run: would be registered as {@code version}. */
        COMPATIBLE,
        /** Invalid or incompatible; {@code problems} says why, naming the fields. */
        REFUSED
    }

    public RegistrationResult {
        problems = List.copyOf(problems);
    }

    public boolean refused() {
        return status == Status.REFUSED;
    }
}

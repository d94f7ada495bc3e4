package dev.fakeclicks.registry;

import java.util.List;

/**
 * What happened to one registration (or, for a dry run, what would happen). {@code warnings} are about a change
 * that is registered (or would be) but needs attention downstream, e.g. a widened column the sink cannot apply.
 */
public record RegistrationResult(String type, Status status, int version, List<String> problems, List<String> warnings) {

    /** The {@code version} of a refusal whose latest entry could not be read: its version is not known. */
    public static final int UNKNOWN_VERSION = -1;

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
        warnings = List.copyOf(warnings);
    }

    public RegistrationResult(String type, Status status, int version, List<String> problems) {
        this(type, status, version, problems, List.of());
    }

    public boolean refused() {
        return status == Status.REFUSED;
    }
}

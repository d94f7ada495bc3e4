package dev.fakeclicks.tools.commands;

import dev.fakeclicks.schema.CompatibilityMode;
import picocli.CommandLine.Option;

/** The {@code --compatibility} option of every verb that registers (or would register) a schema. */
final class CompatibilityOption {

    @Option(names = "--compatibility", paramLabel = "MODE", defaultValue = "BACKWARD",
            description = "BACKWARD (default) or NONE.")
    CompatibilityMode mode;
}

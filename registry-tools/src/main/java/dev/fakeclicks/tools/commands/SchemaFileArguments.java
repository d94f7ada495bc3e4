package dev.fakeclicks.tools.commands;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** What register and check take: a type, its schema file and the compatibility rule to apply. */
final class SchemaFileArguments {

    @Parameters(index = "0", paramLabel = "TYPE", description = "Event type name ([a-z][a-z0-9_]{0,63}).")
    String type;

    @Parameters(index = "1", paramLabel = "FILE", description = "Schema file (Spark StructType JSON).")
    Path file;

    @Mixin
    CompatibilityOption compatibility;
}

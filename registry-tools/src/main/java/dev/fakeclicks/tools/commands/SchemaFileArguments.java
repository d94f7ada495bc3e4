package dev.fakeclicks.tools.commands;

import dev.fakeclicks.catalogue.EventTypeNames;
import dev.fakeclicks.schema.StructType;
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

    private StructType schema;

    /** Checks the type name, then reads and parses the file; see {@link RegistryCommand#validateArguments()}. */
    void validate() {
        EventTypeNames.requireValid(type);
        schema = RegistryCommand.readSchemaFile(file);
    }

    /** The parsed schema file; after {@link #validate()}. */
    StructType schema() {
        if (schema == null) {
            throw new IllegalStateException("validate() first");
        }
        return schema;
    }
}

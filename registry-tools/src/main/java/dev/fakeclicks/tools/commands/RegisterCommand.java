package dev.fakeclicks.tools.commands;

import dev.fakeclicks.registry.RedisSchemaRegistry;
import dev.fakeclicks.registry.RegistrationResult;
import dev.fakeclicks.schema.CompatibilityMode;
import dev.fakeclicks.tools.output.Output;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "register", description = "Register a schema file (Spark StructType JSON) as the next version of a type.")
public final class RegisterCommand extends RegistryCommand {

    @Parameters(index = "0", paramLabel = "TYPE", description = "Event type name ([a-z][a-z0-9_]{0,63}).")
    String type;

    @Parameters(index = "1", paramLabel = "FILE", description = "Schema file.")
    Path file;

    @Option(names = "--compatibility", paramLabel = "MODE", defaultValue = "BACKWARD",
            description = "BACKWARD (default) or NONE.")
    CompatibilityMode compatibility;

    @Override
    int run(RedisSchemaRegistry registry, Output output) {
        RegistrationResult result = registry.register(type, readSchemaFile(file), compatibility);
        return report(output, List.of(result), toJson(result));
    }
}

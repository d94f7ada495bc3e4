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

@Command(name = "check", description = "Dry run of register: would this schema file be accepted? Writes nothing.")
public final class CheckCommand extends RegistryCommand {

    @Parameters(index = "0", paramLabel = "TYPE", description = "Event type name.")
    String type;

    @Parameters(index = "1", paramLabel = "FILE", description = "Schema file (Spark StructType JSON).")
    Path file;

    @Option(names = "--compatibility", paramLabel = "MODE", defaultValue = "BACKWARD",
            description = "BACKWARD (default) or NONE.")
    CompatibilityMode compatibility;

    @Override
    int run(RedisSchemaRegistry registry, Output output) {
        RegistrationResult result = registry.check(type, readSchemaFile(file), compatibility);
        return report(output, List.of(result), toJson(result));
    }
}

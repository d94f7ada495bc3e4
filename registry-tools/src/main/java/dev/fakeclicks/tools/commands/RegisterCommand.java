package dev.fakeclicks.tools.commands;

import dev.fakeclicks.registry.RedisSchemaRegistry;
import dev.fakeclicks.registry.RegistrationResult;
import dev.fakeclicks.tools.output.Output;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "register", description = "Register a schema file (Spark StructType JSON) as the next version of a type.")
public final class RegisterCommand extends RegistryCommand {

    @Mixin
    SchemaFileArguments args;

    @Override
    void validateArguments() {
        args.validate();
    }

    @Override
    int run(RedisSchemaRegistry registry, Output output) {
        RegistrationResult result = refusingUnreadable(registry, args.type,
                () -> registry.register(args.type, args.schema(), args.compatibility.mode));
        return report(output, List.of(result), toJson(result));
    }
}

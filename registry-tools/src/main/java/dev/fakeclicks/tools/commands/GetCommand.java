package dev.fakeclicks.tools.commands;

import dev.fakeclicks.catalogue.EventTypeNames;
import dev.fakeclicks.registry.RedisSchemaRegistry;
import dev.fakeclicks.registry.RegisteredSchema;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.tools.RegistryTools;
import dev.fakeclicks.tools.UsageException;
import dev.fakeclicks.tools.output.Output;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", description = "Print a type's schema (latest, or --version N) as Spark StructType JSON.")
public final class GetCommand extends RegistryCommand {

    @Parameters(index = "0", paramLabel = "TYPE", description = "Event type name.")
    String type;

    @Option(names = "--version", paramLabel = "N", description = "Version to print (default: latest).")
    Integer version;

    @Override
    void validateArguments() {
        EventTypeNames.requireValid(type);
        if (version != null && version < 1) { // versions count from 1: 0 or -1 is a mistyped command, not a missing version
            throw new UsageException("--version must be 1 or more, got " + version);
        }
    }

    @Override
    int run(RedisSchemaRegistry registry, Output output) {
        Optional<RegisteredSchema> found = version == null ? registry.latest(type) : registry.version(type, version);
        if (found.isEmpty()) {
            return output.failure(RegistryTools.REFUSED, type + (version == null ? " is not registered" : " has no version " + version));
        }
        RegisteredSchema schema = found.get();
        if (output.json()) {
            output.printJson(entry(schema));
        } else {
            output.line(SchemaJson.toPrettyJson(schema.schema()).stripTrailing());
        }
        return RegistryTools.OK;
    }

    static Map<String, Object> entry(RegisteredSchema schema) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", schema.type());
        json.put("version", schema.version());
        json.put("registered_at", schema.registeredAt().toString());
        json.put("schema", Output.tree(schema.schemaJson()));
        return json;
    }
}

package dev.fakeclicks.tools.commands;

import dev.fakeclicks.catalogue.EventTypeNames;
import dev.fakeclicks.registry.RedisSchemaRegistry;
import dev.fakeclicks.registry.RegisteredSchema;
import dev.fakeclicks.schema.StructField;
import dev.fakeclicks.schema.StructType;
import dev.fakeclicks.tools.RegistryTools;
import dev.fakeclicks.tools.output.Output;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "versions", description = "List every version of a type, oldest first, with the top-level fields each added.")
public final class VersionsCommand extends RegistryCommand {

    @Parameters(index = "0", paramLabel = "TYPE", description = "Event type name.")
    String type;

    @Override
    void validateArguments() {
        EventTypeNames.requireValid(type);
    }

    @Override
    int run(RedisSchemaRegistry registry, Output output) {
        List<RegisteredSchema> history = registry.history(type);
        if (history.isEmpty()) {
            return output.failure(RegistryTools.REFUSED, type + " is not registered");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        List<List<String>> table = new ArrayList<>();
        StructType previous = null;
        for (RegisteredSchema version : history) {
            StructType schema = version.schema();
            List<String> added = previous == null ? List.of() : addedFields(previous, schema);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("version", version.version());
            row.put("registered_at", version.registeredAt().toString());
            row.put("fields", schema.fields().size());
            row.put("added", added);
            rows.add(row);
            table.add(List.of("v" + version.version(), version.registeredAt().toString(),
                    Integer.toString(schema.fields().size()), previous == null ? "(first version)" : String.join(", ", added)));
            previous = schema;
        }
        if (output.json()) {
            output.printJson(Map.of("type", type, "versions", rows));
        } else {
            output.table(List.of("VERSION", "REGISTERED_AT", "FIELDS", "ADDED"), table);
        }
        return RegistryTools.OK;
    }

    private static List<String> addedFields(StructType previous, StructType schema) {
        return schema.fields().stream().map(StructField::name).filter(name -> previous.field(name).isEmpty()).toList();
    }
}

package dev.fakeclicks.tools.commands;

import dev.fakeclicks.registry.RedisSchemaRegistry;
import dev.fakeclicks.registry.RegisteredSchema;
import dev.fakeclicks.registry.RegistrySnapshot;
import dev.fakeclicks.tools.RegistryTools;
import dev.fakeclicks.tools.output.Output;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "list", description = "List registered event types with their latest version (one Redis round trip).")
public final class ListCommand extends RegistryCommand {

    @Override
    int run(RedisSchemaRegistry registry, Output output) {
        RegistrySnapshot snapshot = registry.snapshot();
        if (output.json()) {
            output.printJson(Map.of(
                    "types", snapshot.schemas().values().stream().map(ListCommand::summary).toList(),
                    "rejected", snapshot.rejected()));
        } else if (snapshot.schemas().isEmpty()) {
            output.line("no event types registered under prefix " + registry.settings().prefix()
                    + " (run: registry-tools seed)");
        } else {
            output.table(List.of("TYPE", "VERSION", "FIELDS", "REGISTERED_AT"), snapshot.schemas().values().stream()
                    .map(s -> List.of(s.type(), "v" + s.version(), Integer.toString(s.schema().fields().size()),
                            s.registeredAt().toString()))
                    .toList());
        }
        snapshot.rejected().forEach((name, reason) -> output.error("ignored registry entry " + name + ": " + reason));
        return RegistryTools.OK;
    }

    private static Map<String, Object> summary(RegisteredSchema schema) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", schema.type());
        json.put("version", schema.version());
        json.put("fields", schema.schema().fields().size());
        json.put("registered_at", schema.registeredAt().toString());
        return json;
    }
}

package dev.fakeclicks.tools.commands;

import dev.fakeclicks.catalogue.EventTypeNames;
import dev.fakeclicks.registry.RedisSchemaRegistry;
import dev.fakeclicks.tools.RegistryTools;
import dev.fakeclicks.tools.UsageException;
import dev.fakeclicks.tools.output.Output;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", description = {
        "Delete a type and all its versions. The sink then quarantines that type's events as unknown.",
        "Asks for --yes."})
public final class DeleteCommand extends RegistryCommand {

    @Parameters(index = "0", paramLabel = "TYPE", description = "Event type name.")
    String type;

    @Option(names = "--yes", description = "Confirm the deletion.")
    boolean yes;

    @Override
    void validateArguments() {
        EventTypeNames.requireValid(type);
        if (!yes) {
            throw new UsageException("not deleting " + type + ": add --yes to confirm (it drops every version of "
                    + type + ")");
        }
    }

    @Override
    int run(RedisSchemaRegistry registry, Output output) {
        // Counted, not read: a type whose entries are unreadable must still be deletable (it is the only way out).
        int versions = registry.versionCount(type);
        if (versions == 0 && !registry.hasLatest(type)) {
            return output.failure(RegistryTools.REFUSED, type + " is not registered");
        }
        int removed = registry.delete(type);
        if (output.json()) {
            output.printJson(Map.of("type", type, "deleted_versions", removed));
        } else {
            output.line("deleted " + type + " (" + removed + " version" + (removed == 1 ? "" : "s") + ")");
        }
        return RegistryTools.OK;
    }
}

package dev.fakeclicks.tools.commands;

import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.catalogue.CatalogueEntry;
import dev.fakeclicks.registry.RedisSchemaRegistry;
import dev.fakeclicks.registry.RegisteredSchema;
import dev.fakeclicks.registry.RegistrationResult;
import dev.fakeclicks.registry.RegistryDataException;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.tools.output.Output;
import dev.fakeclicks.tools.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "seed", description = {
        "Register every catalogue schema. Idempotent: unchanged types are left alone, a changed schema becomes "
                + "a new version when compatible. A type registered further since (its catalogue schema is an earlier "
                + "version of it) is left alone too, with a warning.",
        "Exits 1 if any type is refused (the others are still registered)."})
public final class SeedCommand extends RegistryCommand {

    @Option(names = "--from", paramLabel = "DIR",
            description = "Seed from a directory of <type>.json files (e.g. one written by export) instead of the built-in catalogue.")
    Path from;

    @Mixin
    CompatibilityOption compatibility;

    private Catalogue catalogue;

    @Override
    void validateArguments() {
        if (from != null && !Files.isDirectory(from)) {
            throw new UsageException("--from " + from + ": " + (Files.exists(from) ? "not a directory" : "no such directory"));
        }
        catalogue = from == null ? Catalogue.builtIn() : Catalogue.fromDirectory(from);
    }

    @Override
    int run(RedisSchemaRegistry registry, Output output) {
        List<RegistrationResult> results = new ArrayList<>();
        for (CatalogueEntry entry : catalogue.entries()) {
            RegistrationResult result = refusingUnreadable(registry, entry.type(),
                    () -> registry.register(entry.type(), entry.schema(), compatibility.mode));
            results.add(result.refused() ? keptIfAhead(registry, entry, result) : result);
        }
        return report(output, results, Map.of("results", results.stream().map(RegistryCommand::toJson).toList()));
    }

    /**
     * A refusal of a catalogue schema that is an earlier version of the type: the registry moved on since the seed
     * (a {@code register} added fields), which is no reason to fail the seed, and so every pipeline start that runs it
     * (./run-local, docker compose). Nothing is written: the latest stays, with a warning. Any other refusal stands.
     */
    private static RegistrationResult keptIfAhead(RedisSchemaRegistry registry, CatalogueEntry entry, RegistrationResult refused) {
        if (refused.version() < 1) {
            return refused; // a new type, or an unreadable latest entry: nothing to be ahead, or not known
        }
        String catalogueJson = SchemaJson.toJson(entry.schema());
        try {
            List<RegisteredSchema> history = registry.history(entry.type());
            if (history.isEmpty() || history.get(history.size() - 1).version() != refused.version()) {
                return refused; // the versions list disagrees with the latest entry the refusal was based on
            }
            for (RegisteredSchema earlier : history.subList(0, history.size() - 1)) {
                if (SchemaJson.toJson(earlier.schema()).equals(catalogueJson)) {
                    int latest = history.get(history.size() - 1).version();
                    return new RegistrationResult(entry.type(), RegistrationResult.Status.UNCHANGED, latest, List.of(),
                            List.of("the catalogue's schema is v" + earlier.version() + "; v" + latest
                                    + ", registered since, stays the latest"));
                }
            }
        } catch (RegistryDataException e) {
            // An unreadable version: the refusal stands as it is.
        }
        return refused;
    }
}

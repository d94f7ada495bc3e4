package dev.fakeclicks.tools.commands;

import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.catalogue.CatalogueEntry;
import dev.fakeclicks.registry.RedisSchemaRegistry;
import dev.fakeclicks.registry.RegistrationResult;
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
                + "a new version when compatible.",
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
            results.add(refusingUnreadable(registry, entry.type(),
                    () -> registry.register(entry.type(), entry.schema(), compatibility.mode)));
        }
        return report(output, results, Map.of("results", results.stream().map(RegistryCommand::toJson).toList()));
    }
}

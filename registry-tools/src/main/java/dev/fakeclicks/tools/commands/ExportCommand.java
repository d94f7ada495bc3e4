package dev.fakeclicks.tools.commands;

import dev.fakeclicks.registry.RedisSchemaRegistry;
import dev.fakeclicks.registry.RegisteredSchema;
import dev.fakeclicks.registry.RegistrySnapshot;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.tools.RegistryTools;
import dev.fakeclicks.tools.UsageException;
import dev.fakeclicks.tools.output.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", description = {
        "Write the registry back to files: DIR/TYPE.json holds each type's latest schema (the layout seed --from reads);",
        "with --all-versions also DIR/versions/TYPE/vN.json.",
        "Files already there for the exported types are replaced; a DIR holding any other .json file is refused,",
        "since seed --from DIR would register it too."})
public final class ExportCommand extends RegistryCommand {

    @Parameters(index = "0", paramLabel = "DIR", description = "Target directory (created if missing).")
    Path dir;

    @Option(names = "--all-versions", description = "Also write every version of every type.")
    boolean allVersions;

    @Override
    void validateArguments() {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException(dir + " exists and is not a directory");
        }
    }

    @Override
    int run(RedisSchemaRegistry registry, Output output) {
        try {
            return export(registry, output);
        } catch (IOException e) {
            output.error("cannot write the export to " + dir + ": " + describe(e));
            return RegistryTools.REFUSED;
        }
    }

    private int export(RedisSchemaRegistry registry, Output output) throws IOException {
        RegistrySnapshot snapshot = registry.snapshot();
        // Type names were validated when read, so they are safe as file names.
        Set<String> typeFiles = snapshot.schemas().keySet().stream().map(type -> type + ".json").collect(Collectors.toSet());
        List<String> others = otherJsonFiles(typeFiles);
        if (!others.isEmpty()) {
            boolean one = others.size() == 1;
            output.error("not exporting to " + dir + ": " + listed(others) + " there " + (one ? "is not a type" : "are not types")
                    + " of this registry, and seed --from " + dir + " would register " + (one ? "it" : "them")
                    + " too: remove " + (one ? "it" : "them") + " or export to a new directory");
            return RegistryTools.REFUSED;
        }
        Files.createDirectories(dir);
        List<String> written = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        for (RegisteredSchema latest : snapshot.schemas().values()) {
            written.add(write(dir.resolve(latest.type() + ".json"), latest, replaced));
            if (allVersions) {
                Path versions = Files.createDirectories(dir.resolve("versions").resolve(latest.type()));
                for (RegisteredSchema version : registry.history(latest.type())) {
                    written.add(write(versions.resolve("v" + version.version() + ".json"), version, replaced));
                }
            }
        }
        snapshot.rejected().forEach((name, reason) -> output.error("not exported: registry entry " + name + ": " + reason));
        if (output.json()) {
            output.printJson(Map.of("directory", dir.toString(), "files", written, "replaced", replaced));
        } else {
            output.line("exported " + snapshot.schemas().size() + " types (" + written.size() + " files"
                    + (replaced.isEmpty() ? "" : ", " + replaced.size() + " of them replacing files already there")
                    + ") to " + dir);
        }
        return RegistryTools.OK;
    }

    /**
     * The {@code .json} files directly in DIR that this export would not write: seed --from reads every one of them
     * (a type deleted since an earlier export would come back), so their presence refuses the export.
     */
    private List<String> otherJsonFiles(Set<String> typeFiles) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".json") && !typeFiles.contains(name))
                    .sorted()
                    .toList();
        }
    }

    /** Names for a one-line message, the first few of a long list. */
    private static String listed(List<String> names) {
        int shown = 5;
        return names.size() <= shown ? String.join(", ", names)
                : String.join(", ", names.subList(0, shown)) + " and " + (names.size() - shown) + " more";
    }

    /** NIO's messages are often just the path ({@code AccessDeniedException: /x}): name the problem too. */
    private static String describe(IOException e) {
        String kind = e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }

    private static String write(Path file, RegisteredSchema schema, List<String> replaced) throws IOException {
        if (Files.exists(file)) {
            replaced.add(file.toString());
        }
        Files.writeString(file, SchemaJson.toPrettyJson(schema.schema()));
        return file.toString();
    }
}

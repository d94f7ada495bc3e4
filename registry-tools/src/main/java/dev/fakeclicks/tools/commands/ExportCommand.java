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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", description = {
        "Write the registry back to files: DIR/TYPE.json holds each type's latest schema (the layout seed --from reads);",
        "with --all-versions also DIR/versions/TYPE/vN.json.",
        "Files already there for the exported types are replaced; a DIR holding any other .json file is refused,",
        "since seed --from DIR would register it too (with --all-versions, any other .json file under DIR/versions too).",
        "Unreadable registry entries are named and left out, and the exit code is then 1."})
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
        Map<Path, RegisteredSchema> files = new LinkedHashMap<>();
        for (RegisteredSchema latest : snapshot.schemas().values()) {
            files.put(dir.resolve(latest.type() + ".json"), latest);
            if (allVersions) {
                for (RegisteredSchema version : registry.history(latest.type())) {
                    files.put(versionsDir().resolve(latest.type()).resolve("v" + version.version() + ".json"), version);
                }
            }
        }
        String refusal = refusal(files.keySet());
        if (refusal != null) {
            output.error("not exporting to " + dir + ": " + refusal + " or export to a new directory");
            return RegistryTools.REFUSED;
        }
        List<String> written = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        for (Map.Entry<Path, RegisteredSchema> file : files.entrySet()) {
            written.add(write(file.getKey(), file.getValue(), replaced));
        }
        // Written anyway, so the export holds all it can; the exit code says it is not the whole registry.
        snapshot.rejected().forEach((name, reason) -> output.error("not exported: registry entry " + name + ": " + reason));
        if (output.json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("directory", dir.toString());
            document.put("files", written);
            document.put("replaced", replaced);
            document.put("not_exported", snapshot.rejected());
            output.printJson(document);
        } else {
            output.line("exported " + snapshot.schemas().size() + " types (" + written.size() + " files"
                    + (replaced.isEmpty() ? "" : ", " + replaced.size() + " of them replacing files already there")
                    + ") to " + dir + (snapshot.rejected().isEmpty() ? ""
                    : "; " + snapshot.rejected().size() + (snapshot.rejected().size() == 1 ? " unreadable registry entry" : " unreadable registry entries") + " not exported (above)"));
        }
        return snapshot.rejected().isEmpty() ? RegistryTools.OK : RegistryTools.REFUSED;
    }

    private Path versionsDir() {
        return dir.resolve("versions");
    }

    /**
     * Why DIR cannot take this export and what to remove, or null. A {@code .json} file directly in DIR that this export would not write
     * is refused: seed --from reads every one of them (a type deleted since an earlier export would come back). With
     * --all-versions, so is one under DIR/versions: a version an earlier export wrote (of a type since deleted, or
     * deleted and registered again) would pass for a version of this registry.
     */
    private String refusal(Set<Path> exported) throws IOException {
        List<String> others = jsonFiles(dir, 1, exported);
        if (!others.isEmpty()) {
            boolean one = others.size() == 1;
            return listed(others) + " there " + (one ? "is not a type" : "are not types") + " of this registry, and seed --from "
                    + dir + " would register " + (one ? "it" : "them") + " too: remove " + (one ? "it" : "them");
        }
        List<String> staleVersions = allVersions ? jsonFiles(versionsDir(), Integer.MAX_VALUE, exported) : List.of();
        if (!staleVersions.isEmpty()) {
            boolean one = staleVersions.size() == 1;
            return listed(staleVersions) + " there " + (one ? "is not a version" : "are not versions") + " of this registry, and "
                    + (one ? "it" : "they") + " would pass for " + (one ? "one" : "some") + " among the exported versions: remove "
                    + (one ? "it" : "them");
        }
        return null;
    }

    /** The {@code .json} files under {@code root} (to {@code depth}) that this export would not write, relative to DIR. */
    private List<String> jsonFiles(Path root, int depth, Set<Path> exported) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.walk(root, depth)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p) && !exported.contains(p))
                    .map(p -> dir.relativize(p).toString())
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
        } else {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, SchemaJson.toPrettyJson(schema.schema()));
        return file.toString();
    }
}

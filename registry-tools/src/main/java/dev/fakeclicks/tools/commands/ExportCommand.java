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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", description = {
        "Write the registry back to files: DIR/TYPE.json holds each type's latest schema (the layout seed --from reads);",
        "with --all-versions also DIR/versions/TYPE/vN.json."})
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
        Files.createDirectories(dir);
        List<String> written = new ArrayList<>();
        for (RegisteredSchema latest : snapshot.schemas().values()) {
            // Type names were validated when read, so they are safe as file names.
            written.add(write(dir.resolve(latest.type() + ".json"), latest));
            if (allVersions) {
                Path versions = Files.createDirectories(dir.resolve("versions").resolve(latest.type()));
                for (RegisteredSchema version : registry.history(latest.type())) {
                    written.add(write(versions.resolve("v" + version.version() + ".json"), version));
                }
            }
        }
        snapshot.rejected().forEach((name, reason) -> output.error("not exported: registry entry " + name + ": " + reason));
        if (output.json()) {
            output.printJson(Map.of("directory", dir.toString(), "files", written));
        } else {
            output.line("exported " + snapshot.schemas().size() + " types (" + written.size() + " files) to " + dir);
        }
        return RegistryTools.OK;
    }

    /** NIO's messages are often just the path ({@code AccessDeniedException: /x}): name the problem too. */
    private static String describe(IOException e) {
        String kind = e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }

    private static String write(Path file, RegisteredSchema schema) throws IOException {
        Files.writeString(file, SchemaJson.toPrettyJson(schema.schema()));
        return file.toString();
    }
}

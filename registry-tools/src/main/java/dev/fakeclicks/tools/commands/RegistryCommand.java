package dev.fakeclicks.tools.commands;

import dev.fakeclicks.registry.RedisSchemaRegistry;
import dev.fakeclicks.registry.RedisSettings;
import dev.fakeclicks.registry.RegistrationResult;
import dev.fakeclicks.registry.RegistryDataException;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.schema.SchemaParseException;
import dev.fakeclicks.schema.StructType;
import dev.fakeclicks.tools.RegistryTools;
import dev.fakeclicks.tools.UsageException;
import dev.fakeclicks.tools.output.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every verb shares: the connection, the output, and how results are shown. */
abstract class RegistryCommand implements Callable<Integer> {

    @ParentCommand
    RegistryTools root;

    @Spec
    CommandSpec spec;

    /** Help on each verb; not the root's mixinStandardHelpOptions, whose --version would clash with get --version. */
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    /**
     * Checks the verb's arguments (type names, files) before anything connects, so a bad argument gets its own
     * exit code and message even when Redis is down. Throws as {@link RegistryTools} maps to exit codes.
     */
    void validateArguments() {
    }

    /** The verb's work, after {@link #validateArguments()}; returns the exit code. */
    abstract int run(RedisSchemaRegistry registry, Output output) throws IOException;

    @Override
    public final Integer call() throws IOException {
        Output output = new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), root.config().json());
        RedisSettings settings = root.config().redisSettings();
        validateArguments();
        try (RedisSchemaRegistry registry = RedisSchemaRegistry.connect(settings)) {
            return run(registry, output);
        }
    }

    /** @throws UsageException when the file cannot be read; SchemaParseException when it is not a StructType */
    static StructType readSchemaFile(Path file) {
        try {
            return SchemaJson.parseStruct(Files.readString(file));
        } catch (SchemaParseException e) {
            throw new SchemaParseException(file + ": " + e.getMessage(), e); // which file, when a verb reads several
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot read schema file " + file + ": no such file");
        } catch (IOException e) {
            throw new UsageException("cannot read schema file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Runs one registration or check; a type whose latest entry is unreadable is refused with the reason and the way
     * out instead of aborting the verb, so seed still registers the other types.
     */
    static RegistrationResult refusingUnreadable(RedisSchemaRegistry registry, String type,
                                                 Supplier<RegistrationResult> registration) {
        try {
            return registration.get();
        } catch (RegistryDataException e) {
            return new RegistrationResult(type, RegistrationResult.Status.REFUSED, RegistrationResult.UNKNOWN_VERSION,
                    List.of(e.getMessage(), RegistryTools.wayOutOfUnreadable(type)));
        }
    }

    static Map<String, Object> toJson(RegistrationResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", result.type());
        json.put("status", result.status().name().toLowerCase());
        // A refusal's version is the one it was checked against: none for a new type, unknown for an unreadable entry.
        json.put("version", result.version() > 0 ? result.version() : null);
        json.put("problems", result.problems());
        json.put("warnings", result.warnings());
        return json;
    }

    /** One human line per result; refusals with every problem, and warnings, on stderr. */
    private static void describe(Output output, List<RegistrationResult> results) {
        int width = results.stream().mapToInt(r -> r.type().length()).max().orElse(0);
        for (RegistrationResult result : results) {
            String type = String.format("%-" + width + "s", result.type());
            switch (result.status()) {
                case REGISTERED -> output.line(type + "  registered   v" + result.version());
                case UNCHANGED -> output.line(type + "  unchanged    v" + result.version());
                case COMPATIBLE -> output.line(type + "  compatible   would register v" + result.version());
                case REFUSED -> {
                    output.line(type + "  refused      " + refusedAgainst(result));
                    result.problems().forEach(p -> output.error(result.type() + ": " + p));
                }
            }
            warn(output, result);
        }
    }

    /** What the refused schema was checked against. */
    private static String refusedAgainst(RegistrationResult result) {
        if (result.version() == RegistrationResult.UNKNOWN_VERSION) {
            return "(latest version unreadable)";
        }
        return result.version() == 0 ? "(new type)" : "(latest v" + result.version() + ")";
    }

    /** Warnings go to stderr in both modes, like refusals: they are for the person running the verb. */
    private static void warn(Output output, RegistrationResult result) {
        result.warnings().forEach(w -> output.error("WARNING: " + result.type() + ": " + w));
    }

    /**
     * Shows results (as {@code jsonDocument} in JSON mode; refusals and warnings always on stderr) and returns the
     * exit code, which warnings do not change.
     */
    static int report(Output output, List<RegistrationResult> results, Object jsonDocument) {
        if (output.json()) {
            output.printJson(jsonDocument);
            results.forEach(r -> {
                r.problems().forEach(p -> output.error(r.type() + ": " + p));
                warn(output, r);
            });
        } else {
            describe(output, results);
        }
        return results.stream().anyMatch(RegistrationResult::refused) ? RegistryTools.REFUSED : RegistryTools.OK;
    }
}

package dev.fakeclicks.tools;

import dev.fakeclicks.catalogue.CatalogueException;
import dev.fakeclicks.catalogue.InvalidEventTypeException;
import dev.fakeclicks.registry.RegistryDataException;
import dev.fakeclicks.registry.RegistryLayoutException;
import dev.fakeclicks.registry.RegistryUnavailableException;
import dev.fakeclicks.schema.SchemaParseException;
import dev.fakeclicks.tools.commands.CheckCommand;
import dev.fakeclicks.tools.commands.DeleteCommand;
import dev.fakeclicks.tools.commands.ExportCommand;
import dev.fakeclicks.tools.commands.GetCommand;
import dev.fakeclicks.tools.commands.ListCommand;
import dev.fakeclicks.tools.commands.RegisterCommand;
import dev.fakeclicks.tools.commands.SeedCommand;
import dev.fakeclicks.tools.commands.VersionsCommand;
import dev.fakeclicks.tools.output.Output;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Entry point: {@code java -jar registry-tools.jar <verb> [options]}. */
@Command(name = "registry-tools",
        mixinStandardHelpOptions = true,
        versionProvider = RegistryTools.Version.class,
        description = "Manage the Redis schema registry of the fakeclicks pipeline: one Spark StructType JSON schema "
                + "per event type, versions kept.",
        subcommands = {SeedCommand.class, ListCommand.class, GetCommand.class, VersionsCommand.class,
                RegisterCommand.class, CheckCommand.class, DeleteCommand.class, ExportCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:ok",
                "1:refused: invalid name or schema, incompatible change, not found, unreadable registry entry",
                "2:usage error",
                "3:cannot reach Redis (or it refused the password)"})
public final class RegistryTools implements Runnable {

    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;

    @Mixin
    RegistryToolsConfig config;

    public RegistryToolsConfig config() {
        return config;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "missing verb");
    }

    public static void main(String[] args) {
        System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args));
    }

    /** The configured command line; tests run it in-process with their own writers. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        RegistryTools tools = new RegistryTools();
        CommandLine cli = new CommandLine(tools);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // picocli's own errors (a missing argument, an unknown verb or option, a value of the wrong type): one line
        // naming the problem and where help is, and with --json the same JSON failure as every other error; not
        // picocli's default of the message followed by the whole usage text, which buries it and is no JSON.
        cli.setParameterExceptionHandler((error, args) -> {
            String message = error.getMessage();
            if (error instanceof CommandLine.UnmatchedArgumentException unmatched) {
                message = unknownOptions(unmatched).orElse(message);
                if (!unmatched.getSuggestions().isEmpty()) {
                    message += " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
                }
            }
            // A bad REDIS_PORT or REDIS_TLS fails as its option, which the user may not have typed: name the variable.
            if (error.getArgSpec() instanceof CommandLine.Model.OptionSpec option) {
                message += RegistryToolsConfig.environmentSource(option, args).map(env -> " (from " + env + ")").orElse("");
            }
            Output output = new Output(out, err, java.util.Arrays.asList(args).contains("--json"));
            return output.failure(USAGE, message + "; see: " + error.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help");
        });
        cli.setExecutionExceptionHandler((error, command, parseResult) -> {
            Output output = new Output(command.getOut(), command.getErr(), tools.config().json());
            if (error instanceof RegistryUnavailableException) {
                return output.failure(UNREACHABLE, error.getMessage());
            }
            if (error instanceof RegistryDataException unreadable) {
                return output.failure(REFUSED, unreadable.getMessage(), wayOutOfUnreadable(unreadable.type()));
            }
            if (error instanceof InvalidEventTypeException || error instanceof SchemaParseException
                    || error instanceof CatalogueException || error instanceof RegistryLayoutException) {
                return output.failure(REFUSED, error.getMessage());
            }
            // Only usage errors exit 2 (picocli maps its own parameter errors to 2 before anything runs);
            // any other IllegalArgumentException is a bug or bad data, not the user's command line.
            if (error instanceof UsageException) {
                return output.failure(USAGE, error.getMessage());
            }
            return output.failure(REFUSED, "unexpected error: " + error);
        });
        return cli;
    }

    /**
     * The unknown options of a command line, without their values: picocli quotes every unmatched argument, and
     * after a misspelt {@code --redis-pasword} that is the password. Empty when no unmatched argument is an option.
     */
    static Optional<String> unknownOptions(CommandLine.UnmatchedArgumentException unmatched) {
        List<String> options = unmatched.getUnmatched().stream()
                .filter(argument -> argument.startsWith("-"))
                .map(argument -> "'" + (argument.contains("=") ? argument.substring(0, argument.indexOf('=') + 1) + "..." : argument) + "'")
                .toList();
        if (options.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of((options.size() == 1 ? "Unknown option: " : "Unknown options: ") + String.join(", ", options)
                + " (values not shown)");
    }

    /**
     * What to do about a type whose registry entry is unreadable. Only delete gets rid of it: its version is
     * unknown, so nothing can be registered on top of it (not even with --compatibility NONE), and delete reads
     * no entry.
     */
    public static String wayOutOfUnreadable(String type) {
        return "to replace it: registry-tools delete " + type + " --yes (drops all its versions), then register or seed "
                + type + " again";
    }

    /** Reads the version the build wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = RegistryTools.class.getResourceAsStream("/registry-tools.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"registry-tools " + properties.getProperty("version", "unknown")};
        }
    }
}

package dev.fakeclicks.tools;

import dev.fakeclicks.registry.RedisSettings;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Every option of the CLI that is not specific to one verb, and the only place the environment is read.
 * Options are inherited, so they work before or after the verb ({@code registry-tools --json list} or
 * {@code registry-tools list --json}).
 */
public final class RegistryToolsConfig {

    @Option(names = "--redis-host", scope = ScopeType.INHERIT, paramLabel = "HOST",
            defaultValue = "${env:REDIS_HOST:-" + RedisSettings.DEFAULT_HOST + "}",
            description = "Redis host (env REDIS_HOST; default " + RedisSettings.DEFAULT_HOST + ").")
    String host;

    @Option(names = "--redis-port", scope = ScopeType.INHERIT, paramLabel = "PORT",
            defaultValue = "${env:REDIS_PORT:-" + RedisSettings.DEFAULT_PORT + "}",
            description = "Redis port (env REDIS_PORT; default " + RedisSettings.DEFAULT_PORT + ").")
    int port;

    @Option(names = "--redis-password", scope = ScopeType.INHERIT, paramLabel = "PASSWORD",
            defaultValue = "${env:REDIS_PASSWORD}",
            description = "Redis password (env REDIS_PASSWORD, preferred: a flag shows in the process list). Never printed.")
    String password;

    @Option(names = "--redis-tls", scope = ScopeType.INHERIT, paramLabel = "true|false", arity = "0..1",
            fallbackValue = "true", defaultValue = "${env:REDIS_TLS:-false}",
            description = "Connect with TLS (env REDIS_TLS; default false).")
    boolean tls;

    @Option(names = "--prefix", scope = ScopeType.INHERIT, paramLabel = "PREFIX",
            defaultValue = "${env:REGISTRY_PREFIX:-" + RedisSettings.DEFAULT_PREFIX + "}",
            description = "Key prefix of the registry in Redis (env REGISTRY_PREFIX; default " + RedisSettings.DEFAULT_PREFIX + ").")
    String prefix;

    @Option(names = "--timeout-ms", scope = ScopeType.INHERIT, paramLabel = "MILLIS",
            defaultValue = "" + RedisSettings.DEFAULT_TIMEOUT_MILLIS,
            description = "Connect and read timeout for Redis (default " + RedisSettings.DEFAULT_TIMEOUT_MILLIS + ").")
    int timeoutMillis;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print machine-readable JSON instead of text; a failure too, as {\"error\": ..., \"exit_code\": N} "
                    + "(messages stay on stderr).")
    boolean json;

    /** @throws UsageException listing every invalid value */
    public RedisSettings redisSettings() {
        try {
            return new RedisSettings(host, port, password, tls, prefix, timeoutMillis);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    public boolean json() {
        return json;
    }

    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)");

    /**
     * The environment variable an option's value came from: the one its default names, when the option is not on
     * the command line ({@code args}) and the variable is set; empty otherwise.
     */
    static Optional<String> environmentSource(OptionSpec option, String[] args) {
        boolean given = Arrays.stream(args).anyMatch(arg -> Arrays.stream(option.names())
                .anyMatch(name -> arg.equals(name) || arg.startsWith(name + "=")));
        if (given || !(option.userObject() instanceof Field field) || field.getAnnotation(Option.class) == null) {
            return Optional.empty();
        }
        Matcher env = ENV_DEFAULT.matcher(field.getAnnotation(Option.class).defaultValue());
        return env.find() && System.getenv(env.group(1)) != null ? Optional.of(env.group(1)) : Optional.empty();
    }
}

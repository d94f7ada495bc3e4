package dev.fakeclicks.tools;

import dev.fakeclicks.registry.RedisSettings;
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
}

package dev.fakeclicks.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the registry lives. Built by each component's config class (the CLI's options, the sink's
 * environment); never printed with the password.
 */
public record RedisSettings(String host, int port, String password, boolean tls, String prefix, int timeoutMillis) {

    public static final String DEFAULT_HOST = "localhost";
    public static final int DEFAULT_PORT = 5555;
    public static final String DEFAULT_PREFIX = "fakeclicks:registry:";
    public static final int DEFAULT_TIMEOUT_MILLIS = 2000;

    public RedisSettings {
        List<String> problems = problems(host, port, prefix, timeoutMillis);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        password = password == null || password.isEmpty() ? null : password;
    }

    public static RedisSettings local(int port) {
        return new RedisSettings(DEFAULT_HOST, port, null, false, DEFAULT_PREFIX, DEFAULT_TIMEOUT_MILLIS);
    }

    public RedisSettings withPrefix(String newPrefix) {
        return new RedisSettings(host, port, password, tls, newPrefix, timeoutMillis);
    }

    /** Every problem with these values, for config classes that report all problems at once. */
    public static List<String> problems(String host, int port, String prefix, int timeoutMillis) {
        List<String> problems = new ArrayList<>();
        if (host == null || host.isBlank()) {
            problems.add("Redis host must not be empty");
        }
        if (port < 1 || port > 65535) {
            problems.add("Redis port must be between 1 and 65535, got " + port);
        }
        if (prefix == null || prefix.isEmpty() || prefix.chars().anyMatch(Character::isWhitespace)) {
            problems.add("registry prefix must be non-empty without whitespace, got \"" + prefix + "\"");
        }
        if (timeoutMillis < 1) {
            problems.add("Redis timeout must be positive, got " + timeoutMillis);
        }
        return problems;
    }

    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return "RedisSettings[host=" + host + ", port=" + port + ", password=" + (password == null ? "(none)" : "****")
                + ", tls=" + tls + ", prefix=" + prefix + ", timeoutMillis=" + timeoutMillis + "]";
    }
}

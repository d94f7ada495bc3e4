package dev.fakeclicks.registry;

import dev.fakeclicks.catalogue.EventTypeNames;
import dev.fakeclicks.schema.CompatibilityMode;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.schema.StructType;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The schema registry in Redis (layout in {@link RegistryKeys}). Reads are single commands; every write is
 * one Lua script, so readers never see a half-written version. Concurrent writers are serialized by a
 * compare-and-set on the version count and the latest entry (the count alone misses a delete and
 * re-register in between): a writer that lost the race re-reads and decides again.
 */
public final class RedisSchemaRegistry implements AutoCloseable {

    /**
     * KEYS[1] latest hash, KEYS[2] versions list; ARGV[1] type, ARGV[2] entry JSON, ARGV[3] expected version count,
     * ARGV[4] the latest entry the decision was based on ("" for none). Returns the new version, or -1 when
     * another writer got there first.
     */
    private static final String REGISTER_SCRIPT = """
            if redis.call('LLEN', KEYS[2]) ~= tonumber(ARGV[3]) then return -1 end
            if (redis.call('HGET', KEYS[1], ARGV[1]) or '') ~= ARGV[4] then return -1 end
            local version = redis.call('RPUSH', KEYS[2], ARGV[2])
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return version
            """;

    /** KEYS[1] latest hash, KEYS[2] versions list; ARGV[1] type. Returns the number of versions removed. */
    private static final String DELETE_SCRIPT = """
            local versions = redis.call('LLEN', KEYS[2])
            redis.call('DEL', KEYS[2])
            redis.call('HDEL', KEYS[1], ARGV[1])
            return versions
            """;

    private static final int MAX_WRITE_ATTEMPTS = 20;
    /** Error replies (their first word) of a server that is up but cannot serve for a while. */
    private static final List<String> PASSING_STATES = List.of("LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN");

    private final RedisSettings settings;
    private final RegistryKeys keys;
    private final RedisClient client;
    private final Clock clock;

    private RedisSchemaRegistry(RedisSettings settings, RedisClient client, Clock clock) {
        this.settings = settings;
        this.keys = new RegistryKeys(settings.prefix());
        this.client = client;
        this.clock = clock;
    }

    /** Connects and pings, so an unreachable Redis or a wrong password fails here with a clear message. */
    public static RedisSchemaRegistry connect(RedisSettings settings) {
        return connect(settings, Clock.systemUTC());
    }

    /** As {@link #connect(RedisSettings)}, stamping {@code registered_at} from {@code clock}. */
    static RedisSchemaRegistry connect(RedisSettings settings, Clock clock) {
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                .password(settings.password())
                .ssl(settings.tls())
                .connectionTimeoutMillis(settings.timeoutMillis())
                .socketTimeoutMillis(settings.timeoutMillis())
                .clientName("fakeclicks-registry")
                .build();
        RedisClient client;
        try {
            client = RedisClient.builder().hostAndPort(settings.host(), settings.port()).clientConfig(config).build();
        } catch (RuntimeException e) {
            throw unavailable(settings, e);
        }
        RedisSchemaRegistry registry = new RedisSchemaRegistry(settings, client, clock);
        try {
            registry.call(client::ping);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    public RedisSettings settings() {
        return settings;
    }

    /** Every type with its latest schema: one {@code HGETALL}. */
    public RegistrySnapshot snapshot() {
        return RegistrySnapshot.fromLatestHash(latestEntries());
    }

    /** The latest hash as stored, type -> entry JSON, in one round trip ({@link RegistrySnapshot} reads it). */
    public Map<String, String> latestEntries() {
        return call(() -> client.hgetAll(keys.latest()));
    }

    /** @throws RegistryDataException when the stored entry is unreadable */
    public Optional<RegisteredSchema> latest(String type) {
        return latestEntry(type).map(e -> RegisteredSchema.fromEntryJson(type, e));
    }

    /** The stored latest entry as written, for the compare-and-set. */
    private Optional<String> latestEntry(String type) {
        return Optional.ofNullable(call(() -> client.hget(keys.latest(), EventTypeNames.requireValid(type))));
    }

    /** @throws RegistryDataException when the stored entry is unreadable */
    public Optional<RegisteredSchema> version(String type, int version) {
        EventTypeNames.requireValid(type);
        if (version < 1) {
            return Optional.empty();
        }
        String entry = call(() -> client.lindex(keys.versions(type), version - 1L));
        return Optional.ofNullable(entry).map(e -> RegisteredSchema.fromEntryJson(type, e));
    }

    /** All versions of a type, oldest first; empty when the type is not registered. */
    public List<RegisteredSchema> history(String type) {
        List<String> entries = call(() -> client.lrange(keys.versions(type), 0, -1));
        List<RegisteredSchema> out = new ArrayList<>(entries.size());
        for (String entry : entries) {
            out.add(RegisteredSchema.fromEntryJson(type, entry));
        }
        return out;
    }

    /**
     * How many versions a type has: one {@code LLEN}, reading no entry, so it works for a type whose entries are
     * unreadable (0: no versions list).
     */
    public int versionCount(String type) {
        return Math.toIntExact(call(() -> client.llen(keys.versions(type))));
    }

    /**
     * Whether the latest hash has a field for {@code type}, without reading it: together with
     * {@link #versionCount(String)}, whether there is anything of the type to delete (another tool may have written
     * only the hash field).
     */
    public boolean hasLatest(String type) {
        return call(() -> client.hexists(keys.latest(), EventTypeNames.requireValid(type)));
    }

    /** Checks {@code candidate} against the latest version without writing. */
    public RegistrationResult check(String type, StructType candidate, CompatibilityMode mode) {
        return RegistrationPlan.decide(type, latest(type), candidate, mode);
    }

    /**
     * Registers {@code candidate} as the next version when it is valid, compatible and different from the latest.
     * Safe to run concurrently with other writers (see class comment).
     *
     * @throws RegistryDataException when the latest entry is unreadable: nothing is written, since neither its
     *     version nor its schema is known ({@link #delete(String)} removes the type)
     */
    public RegistrationResult register(String type, StructType candidate, CompatibilityMode mode) {
        EventTypeNames.requireValid(type);
        String schemaJson = SchemaJson.toJson(candidate);
        for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
            Optional<String> latestEntry = latestEntry(type);
            RegistrationResult plan = RegistrationPlan.decide(type,
                    latestEntry.map(e -> RegisteredSchema.fromEntryJson(type, e)), candidate, mode);
            if (plan.status() != RegistrationResult.Status.COMPATIBLE) {
                return plan;
            }
            int expected = plan.version() - 1;
            String entry = new RegisteredSchema(type, plan.version(), clock.instant().truncatedTo(ChronoUnit.MILLIS), schemaJson)
                    .toEntryJson();
            Object written = call(() -> client.eval(REGISTER_SCRIPT, List.of(keys.latest(), keys.versions(type)),
                    List.of(type, entry, Integer.toString(expected), latestEntry.orElse(""))));
            if (((Number) written).longValue() > 0) {
                return new RegistrationResult(type, RegistrationResult.Status.REGISTERED, plan.version(), List.of(),
                        plan.warnings());
            }
            if (latestEntry(type).equals(latestEntry) && versionCount(type) != expected) {
                // Nobody changed the latest entry, yet the list disagrees with it: no retry can succeed.
                throw new RegistryDataException(type, "registry entry of " + type + " is unreadable: "
                        + (latestEntry.isEmpty() ? "it has no latest entry" : "its latest entry says v" + expected)
                        + " but its versions list holds " + versionCount(type) + " entries", null);
            }
        }
        throw new IllegalStateException("gave up registering " + type + " after " + MAX_WRITE_ATTEMPTS
                + " attempts: other writers keep changing it");
    }

    /**
     * Removes a type and all its versions atomically; returns how many versions were removed (0: it had none).
     * Reads no entry, so it also removes a type whose entries are unreadable.
     */
    public int delete(String type) {
        Object removed = call(() -> client.eval(DELETE_SCRIPT,
                List.of(keys.latest(), keys.versions(type)), List.of(EventTypeNames.requireValid(type))));
        return ((Number) removed).intValue();
    }

    @Override
    public void close() {
        client.close();
    }

    private <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisConnectionException | JedisAccessControlException e) {
            throw unavailable(settings, e);
        } catch (JedisDataException e) {
            if (isAuthProblem(e) || isPassing(e)) {
                throw unavailable(settings, e);
            }
            if (String.valueOf(e.getMessage()).startsWith("WRONGTYPE")) {
                throw new RegistryLayoutException("Redis at " + settings.address() + " holds other data under the registry"
                        + " prefix '" + keys.prefix() + "' (" + keys.latest() + " must be a hash, " + keys.prefix()
                        + "versions:<type> lists; Redis says: " + e.getMessage() + "): choose another prefix"
                        + " (--prefix / REGISTRY_PREFIX) or remove those keys");
            }
            throw e;
        }
    }

    /**
     * Replies of a server that is up but cannot serve for a while: loading its data after a restart, busy with a
     * long script, or in a failover (a replica, no master). A caller that retries an unreachable Redis retries these.
     */
    private static boolean isPassing(JedisDataException e) {
        String message = String.valueOf(e.getMessage());
        return PASSING_STATES.stream().anyMatch(state -> message.startsWith(state + " "));
    }

    private static boolean isAuthProblem(Throwable e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith("NOAUTH") || message.startsWith("WRONGPASS") || message.contains("invalid password");
    }

    /** One line naming the address and the root cause, never the password. */
    static RegistryUnavailableException unavailable(RedisSettings settings, Throwable error) {
        List<Throwable> causes = causes(error, new ArrayList<>());
        if (causes.stream().anyMatch(c -> c instanceof JedisAccessControlException || isAuthProblem(c))) {
            String why = settings.password() == null
                    ? "it requires a password (set REDIS_PASSWORD or --redis-password)"
                    : "it rejected the password";
            return new RegistryUnavailableException("Redis at " + settings.address() + " refused the connection: " + why, error);
        }
        String why = causes.stream().map(c -> {
            if (c instanceof ConnectException) {
                return "connection refused";
            } else if (c instanceof UnknownHostException) {
                return "unknown host " + settings.host();
            } else if (c instanceof SocketTimeoutException) {
                // A plain-text server never answers a TLS client's hello: the handshake waits until the timeout.
                return "timed out after " + settings.timeoutMillis() + " ms"
                        + (settings.tls() ? " (TLS is on: does the server speak TLS on this port?)" : "");
            } else if (c instanceof SSLException) {
                return "TLS handshake failed (" + c.getMessage() + ")";
            }
            return null;
        }).filter(java.util.Objects::nonNull).findFirst().orElse(String.valueOf(error.getMessage()));
        if (error instanceof JedisDataException) {
            return new RegistryUnavailableException("Redis at " + settings.address() + " cannot serve now: " + why, error);
        }
        return new RegistryUnavailableException("cannot reach Redis at " + settings.address() + ": " + why, error);
    }

    /** The error, its causes and what they suppressed (jedis hides the socket error among the suppressed). */
    private static List<Throwable> causes(Throwable error, List<Throwable> seen) {
        if (error == null || seen.contains(error)) {
            return seen;
        }
        seen.add(error);
        for (Throwable suppressed : error.getSuppressed()) {
            causes(suppressed, seen);
        }
        return causes(error.getCause(), seen);
    }
}

package dev.fakeclicks.sink.registry;

import dev.fakeclicks.registry.RedisSchemaRegistry;
import dev.fakeclicks.registry.RedisSettings;
import dev.fakeclicks.registry.RegistrySnapshot;
import dev.fakeclicks.registry.RegistryUnavailableException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the whole registry (every type's latest schema, one {@code HGETALL}) for each batch; only entries that
 * changed since the previous read are parsed. An unreachable
 * Redis is retried with backoff for a bounded time; then a {@link RegistryUnavailableException} says for how
 * long and why, and the batch fails before anything is written. Entries the registry rejects are logged
 * once each time the set of rejected entries changes.
 */
public final class RegistryReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryReader.class);

    private final RedisSettings settings;
    private final RetryPolicy retry;
    private RedisSchemaRegistry registry;
    private SortedMap<String, String> lastRejected = new TreeMap<>();
    /** The previous read, as stored and as judged: unchanged entries are not parsed again. */
    private Map<String, String> lastEntries = Map.of();
    private RegistrySnapshot last = RegistrySnapshot.fromLatestHash(Map.of());

    public RegistryReader(RedisSettings settings, RetryPolicy retry) {
        this.settings = settings;
        this.retry = retry;
    }

    public synchronized RegistrySnapshot read() {
        Map<String, String> entries;
        AtomicInteger failedAttempts = new AtomicInteger();
        try {
            entries = retry.call(() -> connected().latestEntries(),
                    e -> e instanceof RegistryUnavailableException,
                    () -> {
                        // One line per outage, not per attempt.
                        if (failedAttempts.getAndIncrement() == 0) {
                            LOG.warn("schema registry at {} not reachable; retrying for up to {} s", settings.address(),
                                    retry.timeout().toSeconds());
                        }
                        drop();
                    });
        } catch (RetryPolicy.GaveUpException e) {
            throw new RegistryUnavailableException("schema registry (Redis at " + settings.address() + ", prefix "
                    + settings.prefix() + ") unavailable: " + e.getMessage(), e.getCause());
        }
        if (failedAttempts.get() > 0) {
            LOG.info("schema registry at {} reachable again after {} failed attempts", settings.address(), failedAttempts.get());
        }
        RegistrySnapshot snapshot = RegistrySnapshot.fromLatestHash(entries, lastEntries, last);
        lastEntries = entries;
        last = snapshot;
        reportRejected(snapshot.rejected());
        return snapshot;
    }

    private void reportRejected(SortedMap<String, String> rejected) {
        if (!rejected.equals(lastRejected)) {
            for (Map.Entry<String, String> entry : rejected.entrySet()) {
                if (!entry.getValue().equals(lastRejected.get(entry.getKey()))) {
                    LOG.warn("registry entry \"{}\" rejected, its records go to quarantine (rejected_schema): {}",
                            entry.getKey(), entry.getValue());
                }
            }
            lastRejected.keySet().stream().filter(k -> !rejected.containsKey(k))
                    .forEach(k -> LOG.info("registry entry \"{}\" is no longer rejected", k));
            lastRejected = new TreeMap<>(rejected);
        }
    }

    private RedisSchemaRegistry connected() {
        if (registry == null) {
            registry = RedisSchemaRegistry.connect(settings);
        }
        return registry;
    }

    private void drop() {
        if (registry != null) {
            try {
                registry.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the registry client failed", e);
            }
            registry = null;
        }
    }

    @Override
    public synchronized void close() {
        drop();
    }
}

package dev.fakeclicks.connect.generator;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything that shapes the event stream, independent of Kafka. Two streams with equal settings, task
 * index and task count are identical (event ids, order, contents; timestamps too with a simulated clock).
 *
 * @param seed                 the seed every random choice derives from
 * @param users                size of the visitor pool, shared by all tasks
 * @param products             size of the product catalogue
 * @param visitsPerUserPerDay  mean visit frequency of a visitor, in simulated time
 * @param funnel               funnel probabilities
 * @param enabledTypes         types that are emitted (sessions still walk the whole funnel)
 * @param eventsPerType        0 for an unbounded stream, else the total per enabled type over all tasks
 * @param lateRatio            share of events delivered late
 * @param maxLatenessMillis    the largest delivery delay of a late event
 * @param duplicateRatio       share of events delivered twice
 * @param badRecordRatio       share of events followed by a bad record derived from them
 * @param badRecordKinds       the kinds of bad records to draw from
 */
public record GeneratorSettings(long seed, int users, int products, double visitsPerUserPerDay,
                                FunnelSettings funnel, Set<String> enabledTypes, long eventsPerType,
                                double lateRatio, long maxLatenessMillis, double duplicateRatio,
                                double badRecordRatio, List<BadRecordKind> badRecordKinds) {

    public static final int MAX_USERS = 1_000_000;
    public static final int MAX_PRODUCTS = 200_000;
    public static final double MAX_VISITS_PER_USER_PER_DAY = 4.0;
    public static final long MAX_LATENESS_MILLIS = 24L * 3600 * 1000;

    public GeneratorSettings {
        Objects.requireNonNull(funnel, "funnel");
        enabledTypes = Set.copyOf(enabledTypes);
        badRecordKinds = List.copyOf(badRecordKinds);
        if (users < 1 || users > MAX_USERS) {
            throw new IllegalArgumentException("users must be in [1, " + MAX_USERS + "]");
        }
        if (products < 1 || products > MAX_PRODUCTS) {
            throw new IllegalArgumentException("products must be in [1, " + MAX_PRODUCTS + "]");
        }
        if (!(visitsPerUserPerDay > 0 && visitsPerUserPerDay <= MAX_VISITS_PER_USER_PER_DAY)) {
            throw new IllegalArgumentException("visitsPerUserPerDay must be in (0, " + MAX_VISITS_PER_USER_PER_DAY + "]");
        }
        if (eventsPerType < 0) {
            throw new IllegalArgumentException("eventsPerType must be >= 0");
        }
        if (maxLatenessMillis < 1 || maxLatenessMillis > MAX_LATENESS_MILLIS) {
            throw new IllegalArgumentException("maxLatenessMillis must be in [1, " + MAX_LATENESS_MILLIS + "]");
        }
        if (badRecordRatio > 0 && badRecordKinds.isEmpty()) {
            throw new IllegalArgumentException("badRecordKinds must not be empty when badRecordRatio > 0");
        }
    }

    /** Defaults: 10,000 users, 1,000 products, all catalogue types, unbounded, no injected faults. */
    public static GeneratorSettings defaults(long seed, Set<String> types) {
        return new GeneratorSettings(seed, 10_000, 1_000, 0.5, FunnelSettings.DEFAULTS, types, 0,
                0.0, 600_000, 0.0, 0.0, List.of(BadRecordKind.values()));
    }

    public boolean bounded() {
        return eventsPerType > 0;
    }

    public GeneratorSettings withEventsPerType(long n) {
        return new GeneratorSettings(seed, users, products, visitsPerUserPerDay, funnel, enabledTypes, n,
                lateRatio, maxLatenessMillis, duplicateRatio, badRecordRatio, badRecordKinds);
    }

    public GeneratorSettings withUsers(int n) {
        return new GeneratorSettings(seed, n, products, visitsPerUserPerDay, funnel, enabledTypes, eventsPerType,
                lateRatio, maxLatenessMillis, duplicateRatio, badRecordRatio, badRecordKinds);
    }

    public GeneratorSettings withEnabledTypes(Set<String> types) {
        return new GeneratorSettings(seed, users, products, visitsPerUserPerDay, funnel, types, eventsPerType,
                lateRatio, maxLatenessMillis, duplicateRatio, badRecordRatio, badRecordKinds);
    }

    public GeneratorSettings withInjection(double late, double duplicates, double bad) {
        return new GeneratorSettings(seed, users, products, visitsPerUserPerDay, funnel, enabledTypes, eventsPerType,
                late, maxLatenessMillis, duplicates, bad, badRecordKinds);
    }
}

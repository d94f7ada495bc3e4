package dev.fakeclicks.sink.plan;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a batch holds, from one count by destination: how many records go to each type present, and how
 * many go to quarantine before parsing (and why). Types absent from the batch are not written at all.
 */
public final class BatchPlan {

    private final long read;
    private final SortedMap<String, Long> routed;
    private final SortedMap<String, Long> quarantinedUnparsed;

    private BatchPlan(long read, SortedMap<String, Long> routed, SortedMap<String, Long> quarantinedUnparsed) {
        this.read = read;
        this.routed = Collections.unmodifiableSortedMap(routed);
        this.quarantinedUnparsed = Collections.unmodifiableSortedMap(quarantinedUnparsed);
    }

    public static BatchPlan of(List<RouteCount> counts) {
        SortedMap<String, Long> routed = new TreeMap<>();
        SortedMap<String, Long> quarantined = new TreeMap<>();
        long read = 0;
        for (RouteCount count : counts) {
            read += count.count();
            if (count.route() != null) {
                routed.merge(count.route(), count.count(), Long::sum);
            } else {
                quarantined.merge(count.reason(), count.count(), Long::sum);
            }
        }
        return new BatchPlan(read, routed, quarantined);
    }

    public long read() {
        return read;
    }

    /** Records per type present in the batch, by type name. */
    public SortedMap<String, Long> routed() {
        return routed;
    }

    public List<String> typesPresent() {
        return List.copyOf(routed.keySet());
    }

    /** Records quarantined before any type's schema was applied, by reason code. */
    public SortedMap<String, Long> quarantinedUnparsed() {
        return quarantinedUnparsed;
    }

    public long quarantinedUnparsedTotal() {
        return quarantinedUnparsed.values().stream().mapToLong(Long::longValue).sum();
    }

    public boolean isEmpty() {
        return read == 0;
    }
}

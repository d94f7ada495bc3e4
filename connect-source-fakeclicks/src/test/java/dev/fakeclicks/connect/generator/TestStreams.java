package dev.fakeclicks.connect.generator;

import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.catalogue.CatalogueEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Shared fixtures: pools are built once per seed (datafaker takes a second or two). */
public final class TestStreams {

    public static final Catalogue CATALOGUE = Catalogue.builtIn();
    public static final List<String> TYPES = CATALOGUE.types();
    public static final Set<String> ALL_TYPES = new LinkedHashSet<>(TYPES);
    public static final Map<String, Integer> REVISIONS = CATALOGUE.entries().stream()
            .collect(Collectors.toMap(CatalogueEntry::type, CatalogueEntry::revision));
    public static final long START = java.time.Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

    private static final Map<Long, Pools> POOLS = new HashMap<>();

    private TestStreams() {
    }

    public static synchronized Pools pools(long seed) {
        return POOLS.computeIfAbsent(seed, s -> Pools.build(s, 1_000));
    }

    public static GeneratorSettings settings(long seed) {
        return GeneratorSettings.defaults(seed, ALL_TYPES);
    }

    public static ClickStream stream(GeneratorSettings settings, int task, int tasks, ClickStream.Resume resume) {
        return new ClickStream(settings, pools(settings.seed()), TYPES, REVISIONS, task, tasks, resume,
                EventClock.simulated(START));
    }

    public static List<StreamItem> take(ClickStream stream, int max) {
        List<StreamItem> items = new ArrayList<>();
        StreamItem item;
        while (items.size() < max && (item = stream.next()) != null) {
            items.add(item);
        }
        return items;
    }

    /** A comparable fingerprint of an item: id, variant, type and timestamps. */
    public static String fingerprint(StreamItem item) {
        Map<String, Object> f = item.event().fields();
        return item.event().eventId() + "/" + item.variant() + "/" + item.event().type() + "/" + f.get("event_time")
                + "/" + f.get("sent_at") + (item.badKind() == null ? "" : "/" + item.badKind());
    }
}

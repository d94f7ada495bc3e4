package dev.fakeclicks.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fakeclicks.catalogue.CatalogueEntry;
import dev.fakeclicks.connect.generator.BadRecordKind;
import dev.fakeclicks.connect.generator.ClickStream;
import dev.fakeclicks.connect.generator.EventClock;
import dev.fakeclicks.connect.generator.GeneratorSettings;
import dev.fakeclicks.connect.generator.Pools;
import dev.fakeclicks.connect.generator.StreamItem;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code connect-config/fakeclicks-dirty.json} is the downstream's test data: its stream must hold every kind of bad
 * record, duplicates and events that are really late (minutes, on its simulated clock), and stay small, since the
 * end-to-end test runs it. {@code FakeClicksConnectorIT} checks the same on the topic.
 */
class ShippedDirtyConfigTest {

    /** What a downstream watermark sees as late: an event_time this far before the latest one already delivered. */
    static final long REAL_LATENESS_MILLIS = 60_000;

    static Map<String, String> shippedDirtyConfig() throws Exception {
        var root = new ObjectMapper().readTree(ConnectClusterSupport.repoDir().resolve("connect-config/fakeclicks-dirty.json").toFile());
        Map<String, String> config = new HashMap<>();
        root.get("config").fields().forEachRemaining(f -> config.put(f.getKey(), f.getValue().asText()));
        return config;
    }

    @Test
    void theDirtyConfigsStreamHoldsEveryBadRecordKindDuplicatesAndEventsMinutesLate() throws Exception {
        FakeClicksConfig config = new FakeClicksConfig(shippedDirtyConfig());
        assertThat(config.startTime()).as("a simulated clock: lateness in minutes, deterministic timestamps").isNotNull();
        GeneratorSettings settings = config.generatorSettings(config.seed());
        var catalogue = FakeClicksConfig.catalogue();
        Map<String, Integer> revisions = catalogue.entries().stream()
                .collect(Collectors.toMap(CatalogueEntry::type, CatalogueEntry::revision));
        ClickStream stream = new ClickStream(settings, Pools.build(settings.seed(), settings.products()), catalogue.types(),
                revisions, 0, 1, ClickStream.Resume.START, EventClock.simulated(config.startTime()));
        List<StreamItem> items = new ArrayList<>();
        StreamItem item;
        while ((item = stream.next()) != null) {
            items.add(item);
        }

        Map<String, Integer> goodPerType = new TreeMap<>();
        Map<BadRecordKind, Integer> bad = new EnumMap<>(BadRecordKind.class);
        int duplicates = 0;
        List<Long> latenessOfLateEvents = new ArrayList<>();
        int behindTheLatestByMinutes = 0;
        long latestEventTime = Long.MIN_VALUE;
        for (StreamItem i : items) {
            switch (i.variant()) {
                case BAD -> bad.merge(i.badKind(), 1, Integer::sum);
                case DUPLICATE -> duplicates++;
                case EVENT -> {
                    goodPerType.merge(i.event().type(), 1, Integer::sum);
                    long eventTime = (Long) i.event().fields().get("event_time");
                    long sentAt = (Long) i.event().fields().get("sent_at");
                    if (i.event().late()) {
                        latenessOfLateEvents.add(sentAt - eventTime);
                    }
                    if (eventTime < latestEventTime - REAL_LATENESS_MILLIS) {
                        behindTheLatestByMinutes++;
                    }
                    latestEventTime = Math.max(latestEventTime, eventTime);
                }
            }
        }
        String summary = items.size() + " records: bad " + bad + ", " + duplicates + " duplicates, late events' lateness (ms) "
                + latenessOfLateEvents + ", " + behindTheLatestByMinutes + " events over a minute behind the latest event_time";
        assertThat(goodPerType).as(summary).hasSize(15).allSatisfy((type, n) -> assertThat(n).as(type).isEqualTo(10));
        assertThat(bad.keySet()).as(summary).containsExactlyInAnyOrder(BadRecordKind.values());
        assertThat(duplicates).as(summary).isPositive();
        assertThat(latenessOfLateEvents).as(summary).anyMatch(ms -> ms >= REAL_LATENESS_MILLIS);
        assertThat(behindTheLatestByMinutes).as("late on the topic: dated over a minute before an event already delivered; "
                + summary).isPositive();
        assertThat(items.size()).as("small enough for the end-to-end test; " + summary).isLessThan(300);
    }
}

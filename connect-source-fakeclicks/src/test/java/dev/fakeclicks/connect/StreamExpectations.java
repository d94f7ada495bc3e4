package dev.fakeclicks.connect;

import static dev.fakeclicks.connect.ConnectClusterSupport.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fakeclicks.catalogue.CatalogueEntry;
import dev.fakeclicks.connect.generator.ClickStream;
import dev.fakeclicks.connect.generator.EventClock;
import dev.fakeclicks.connect.generator.GeneratorSettings;
import dev.fakeclicks.connect.generator.Pools;
import dev.fakeclicks.connect.generator.StreamItem;
import dev.fakeclicks.connect.record.EventRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a task's topic must hold: the pure stream for the same options, as comparable fingerprints. */
final class StreamExpectations {

    private StreamExpectations() {
    }

    /** The whole bounded stream of one task, as {@link #fingerprint(ConsumerRecord)} would see it on the topic. */
    static List<String> expected(Map<String, String> connectorConfig, int task, int tasks) {
        FakeClicksConfig config = new FakeClicksConfig(connectorConfig);
        GeneratorSettings settings = config.generatorSettings(config.seed());
        var catalogue = FakeClicksConfig.catalogue();
        Map<String, Integer> revisions = catalogue.entries().stream()
                .collect(Collectors.toMap(CatalogueEntry::type, CatalogueEntry::revision));
        ClickStream stream = new ClickStream(settings, Pools.build(settings.seed(), settings.products()), catalogue.types(),
                revisions, task, tasks, ClickStream.Resume.START, EventClock.wall(System::currentTimeMillis));
        List<String> result = new ArrayList<>();
        StreamItem item;
        while ((item = stream.next()) != null) {
            result.add(switch (item.variant()) {
                case EVENT -> "E:" + item.event().eventId();
                case DUPLICATE -> "D:" + item.event().eventId();
                case BAD -> "B:" + item.event().sessionId() + ":" + item.badKind().configName();
            });
        }
        return result;
    }

    static String fingerprint(ConsumerRecord<byte[], byte[]> record) {
        String key = new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
        String bad = ConnectClusterSupport.header(record, EventRecords.HEADER_BAD_KIND);
        if (bad != null) {
            return "B:" + key + ":" + bad;
        }
        String id = json(record).get("event_id").asText();
        return (ConnectClusterSupport.header(record, EventRecords.HEADER_DUPLICATE) != null ? "D:" : "E:") + id;
    }

    static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + ConnectClusterSupport.value(record), e);
        }
    }
}

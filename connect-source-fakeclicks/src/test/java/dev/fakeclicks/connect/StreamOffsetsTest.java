package dev.fakeclicks.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakeclicks.connect.generator.ClickStream;
import dev.fakeclicks.connect.generator.GeneratorSettings;
import dev.fakeclicks.connect.generator.StreamItem;
import dev.fakeclicks.connect.generator.TestStreams;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The offset every record carries, built per record: right for every record, and cheap where it can be. */
class StreamOffsetsTest {

    @Test
    void everyRecordsOffsetHoldsTheCountsSoFarAndResumesRightAfterIt() {
        GeneratorSettings settings = TestStreams.settings(42).withInjection(0.1, 0.2, 0.2).withEventsPerType(20);
        ClickStream stream = TestStreams.stream(settings, 0, 1, ClickStream.Resume.START);
        String previousCounts = null;
        int records = 0;
        int reused = 0;
        StreamItem item;
        while ((item = stream.next()) != null) {
            records++;
            Map<String, Object> offset = StreamOffsets.offset(stream, 42, true, "products=1000");
            String expected = stream.counts().entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            assertThat(offset.get("type_counts")).as("record %d", records).isEqualTo(expected);
            assertThat(offset).containsEntry("position", stream.position()).containsEntry("seed", 42L)
                    .containsEntry("stream_version", ClickStream.STREAM_VERSION)
                    .containsEntry("cursor_arrival", stream.cursor().arrival())
                    .containsEntry("cursor_variant", stream.cursor().variant());
            ClickStream.Resume resume = StreamOffsets.resume(offset, settings.eventsPerType());
            assertThat(resume.counts()).isEqualTo(stream.counts().entrySet().stream().filter(e -> e.getValue() > 0)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            assertThat(resume.cursor()).isEqualTo(stream.cursor());
            if (item.variant() != StreamItem.Variant.EVENT) {
                // A duplicate or bad record changes no count: its offset reuses the text, not a copy built again.
                assertThat(offset.get("type_counts")).isSameAs(previousCounts);
                reused++;
            }
            previousCounts = (String) offset.get("type_counts");
        }
        assertThat(reused).as("the stream had duplicates and bad records").isPositive();
    }

    @Test
    void anUnboundedRunsOffsetHasNoCounts() {
        ClickStream stream = TestStreams.stream(TestStreams.settings(42), 0, 1, ClickStream.Resume.START);
        stream.next();
        Map<String, Object> offset = StreamOffsets.offset(stream, 42, false, "products=1000");
        assertThat(offset).doesNotContainKey("type_counts").containsEntry("position", 1L);
        assertThat(StreamOffsets.problem(offset)).isNull();
    }
}

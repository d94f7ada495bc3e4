package dev.fakeclicks.local.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakeclicks.local.OtherModules;
import java.lang.reflect.Constructor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parses lines made by the sink's own BatchReport.line(), so a change of that format shows here. */
class BatchLineTest {

    private static String sinkLine(long batch, long read, Map<String, Long> written, long quarantined,
                                   Map<String, Long> reasons, long totalMs, boolean replayed) throws Exception {
        Class<?> report = OtherModules.load("dev.fakeclicks.sink.plan.BatchReport");
        Constructor<?> create = report.getConstructor(long.class, long.class, Map.class, long.class, Map.class,
                long.class, long.class, boolean.class);
        Object instance = create.newInstance(batch, read, written, quarantined, reasons, 2L, totalMs, replayed);
        return (String) report.getMethod("line").invoke(instance);
    }

    @Test
    void readsAWrittenBatch() throws Exception {
        String line = "[2026-11-26 15:26:11] INFO " + sinkLine(12, 1503, Map.of("page_view", 1200L, "search", 300L), 3,
                Map.of("unknown_event_type", 3L), 1840, false) + " (dev.fakeclicks.sink.spark.BatchWriter)";

        BatchLine batch = BatchLine.parse(line).orElseThrow();

        assertThat(batch).isEqualTo(new BatchLine(12, 1503, Map.of("page_view", 1200L, "search", 300L), 3, 1840, false));
        assertThat(batch.describe()).isEqualTo("batch 12: 1503 rows in 1840 ms (page_view 1200, search 300), 3 quarantined");
    }

    @Test
    void readsAReplayedBatchAsAlreadyWritten() throws Exception {
        BatchLine batch = BatchLine.parse(sinkLine(7, 150, Map.of(), 0, Map.of(), 35, true)).orElseThrow();

        assertThat(batch.replayed()).isTrue();
        assertThat(batch.describe()).isEqualTo("batch 7: already written (150 records read again after a restart, nothing written twice)");
    }

    @Test
    void ignoresOtherLines() {
        assertThat(BatchLine.parse("INFO starting query fakeclicks-delta-sink")).isEmpty();
    }
}

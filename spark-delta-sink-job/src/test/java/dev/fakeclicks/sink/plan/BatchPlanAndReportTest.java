package dev.fakeclicks.sink.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchPlanAndReportTest {

    @Test
    void thePlanSplitsCountsIntoTypesPresentAndUnparsedQuarantine() {
        BatchPlan plan = BatchPlan.of(List.of(new RouteCount("search", null, 30), new RouteCount("page_view", null, 120),
                new RouteCount(null, "not_json", 2), new RouteCount(null, "unknown_event_type", 1)));

        assertThat(plan.read()).isEqualTo(153);
        assertThat(plan.typesPresent()).containsExactly("page_view", "search");
        assertThat(plan.routed()).containsEntry("page_view", 120L);
        assertThat(plan.quarantinedUnparsed()).isEqualTo(Map.of("not_json", 2L, "unknown_event_type", 1L));
        assertThat(plan.quarantinedUnparsedTotal()).isEqualTo(3);
        assertThat(BatchPlan.of(List.of()).isEmpty()).isTrue();
        assertThatThrownBy(() -> new RouteCount("a", "b", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLogLineIsStableAndParsesBack() {
        BatchReport report = new BatchReport(12, 5000, Map.of("search", 300L, "page_view", 4697L), 3,
                Map.of("unknown_event_type", 2L, "duplicate_event_id", 1L), 2, 1840, false);

        assertThat(report.line()).isEqualTo("batch=12 read=5000 written={page_view=4697, search=300} quarantined=3"
                + " reasons={duplicate_event_id=1, unknown_event_type=2} registry_ms=2 total_ms=1840");
        assertThat(BatchReport.parse("12:00:01 INFO BatchWriter: " + report.line())).contains(report);
        BatchReport replay = new BatchReport(3, 10, Map.of(), 0, Map.of(), 0, 5, true);
        assertThat(replay.line()).endsWith("total_ms=5 replayed=true");
        assertThat(BatchReport.parse(replay.line())).contains(replay);
        assertThat(BatchReport.parse("no report here")).isEmpty();
    }

    @Test
    void reconciliationCatchesLostOrDoubleCountedRecords() {
        assertThat(new BatchReport(1, 10, Map.of("a", 7L), 3, Map.of("not_json", 3L), 0, 0, false).reconciliationProblem()).isEmpty();
        assertThat(new BatchReport(1, 10, Map.of("a", 6L), 3, Map.of("not_json", 3L), 0, 0, false).reconciliationProblem())
                .hasValueSatisfying(p -> assertThat(p).contains("read 10 records but wrote 6 to type tables and 3 to quarantine"));
        assertThat(new BatchReport(1, 10, Map.of("a", 7L), 3, Map.of("not_json", 2L), 0, 0, false).reconciliationProblem())
                .hasValueSatisfying(p -> assertThat(p).contains("reasons add up to 2"));
    }
}

package dev.fakeclicks.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunReportTest {

    private static final Map<String, Long> ROWS = Map.of("page_view", 10L, "purchase", 10L);

    @Test
    void everyProducedRecordOnceInDeltaIsNoMismatch() {
        RunReport report = new RunReport(23, ROWS, 3, 0);

        assertThat(report.mismatch()).isEmpty();
        assertThat(report.table()).contains("nothing lost, nothing duplicated").doesNotContain("repeated event_id");
    }

    @Test
    void missingRowsAreAMismatchThatSaysHowMany() {
        RunReport report = new RunReport(25, ROWS, 3, 0);

        assertThat(report.mismatch()).hasValue("2 of the 25 records in the topic are not in Delta");
        assertThat(report.table()).contains("!= total in Delta");
    }

    @Test
    void moreRowsThanProducedAreAMismatch() {
        assertThat(new RunReport(20, ROWS, 3, 0).mismatch()).get().asString()
                .isEqualTo("Delta holds 23 rows (type tables + _quarantine) but the topic only 20 records");
    }

    @Test
    void repeatedEventIdsAreAMismatchEvenWhenTheCountsAgree() {
        // One record lost and another written twice: the totals agree, the event_ids do not.
        RunReport report = new RunReport(23, ROWS, 3, 1);

        assertThat(report.mismatch()).hasValue("1 rows of the type tables repeat an event_id of another row");
        assertThat(report.table()).contains("repeated event_id").contains("= total, but event_ids repeat")
                .doesNotContain("nothing duplicated");
    }

    @Test
    void bothProblemsAreNamed() {
        assertThat(new RunReport(30, ROWS, 0, 2).mismatch()).get().asString()
                .contains("10 of the 30 records").contains("2 rows of the type tables repeat an event_id");
    }
}

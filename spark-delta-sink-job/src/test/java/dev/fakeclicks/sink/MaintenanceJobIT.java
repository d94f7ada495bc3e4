package dev.fakeclicks.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakeclicks.sink.testing.SinkRun;
import dev.fakeclicks.sink.testing.TestEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OPTIMIZE + VACUUM over every table the sink wrote (three small batches = three files per table). */
class MaintenanceJobIT {

    @Test
    void compactsAndVacuumsEveryTableWithoutChangingItsData() {
        try (SinkRun run = new SinkRun("maintenance", 1).registerCatalogue()) {
            for (int batch = 0; batch < 3; batch++) {
                run.send(List.of(TestEvents.record(run.topic, TestEvents.event("search", batch)),
                        TestEvents.record(run.topic, TestEvents.event("login", batch)),
                        TestEvents.record(run.topic, "k", "not json " + batch)));
                run.runToEnd();
            }
            run.env.put("VACUUM_RETENTION_HOURS", "0");
            run.env.put("VACUUM_ALLOW_SHORT_RETENTION", "true"); // no sink runs now

            List<MaintenanceJob.TableResult> results = MaintenanceJob.run(run.spark(), run.config());

            assertThat(results).extracting(r -> r.path().substring(r.path().lastIndexOf('/') + 1))
                    .containsExactly("_quarantine", "login", "search");
            assertThat(results).allSatisfy(r -> {
                assertThat(r.filesCompacted()).isEqualTo(3);
                assertThat(r.filesAdded()).isEqualTo(1);
                assertThat(r.filesDeleted()).isEqualTo(3);
            });
            assertThat(run.table("search").count()).isEqualTo(3);
            assertThat(run.table("login").select("event_id").distinct().count()).isEqualTo(3);
            assertThat(run.quarantine().count()).isEqualTo(3);
        }
    }
}

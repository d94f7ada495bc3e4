package dev.fakeclicks.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakeclicks.sink.testing.SinkRun;
import dev.fakeclicks.sink.testing.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** OPTIMIZE + VACUUM over every table the sink wrote (three small batches = three files per table). */
class MaintenanceJobIT {

    @Test
    void compactsAndVacuumsEveryTableWithoutChangingItsData() throws Exception {
        try (SinkRun run = new SinkRun("maintenance", 1).registerCatalogue()) {
            for (int batch = 0; batch < 3; batch++) {
                run.send(List.of(TestEvents.record(run.topic, TestEvents.event("search", batch)),
                        TestEvents.record(run.topic, TestEvents.event("login", batch)),
                        TestEvents.record(run.topic, "k", "not json " + batch)));
                run.runToEnd();
            }
            run.env.put("VACUUM_RETENTION_HOURS", "0");
            run.env.put("VACUUM_ALLOW_SHORT_RETENTION", "true"); // no sink runs now

            assertThat(run.spark().conf().contains(MaintenanceJob.RETENTION_CHECK)).isFalse();
            List<MaintenanceJob.TableResult> results = MaintenanceJob.run(run.spark(), run.config());
            // Delta's retention check is off for that run only, not for later VACUUMs in the same session.
            assertThat(run.spark().conf().contains(MaintenanceJob.RETENTION_CHECK)).isFalse();

            assertThat(results).extracting(r -> r.path().substring(r.path().lastIndexOf('/') + 1))
                    .containsExactly("_quarantine", "login", "search");
            assertThat(results).allSatisfy(r -> {
                assertThat(r.failure()).isEmpty();
                assertThat(r.filesCompacted()).isEqualTo(3);
                assertThat(r.filesAdded()).isEqualTo(1);
                assertThat(r.filesDeleted()).isEqualTo(3);
            });
            assertThat(run.table("search").count()).isEqualTo(3);
            assertThat(run.table("login").select("event_id").distinct().count()).isEqualTo(3);
            assertThat(run.quarantine().count()).isEqualTo(3);

            // A table that cannot be maintained (here: a commit in its log is garbage) is reported; the others still run.
            for (int batch = 3; batch < 5; batch++) {
                run.send(List.of(TestEvents.record(run.topic, TestEvents.event("search", batch))));
                run.runToEnd();
            }
            Path loginLog = run.output.resolve("login").resolve("_delta_log");
            long nextVersion;
            try (Stream<Path> files = Files.list(loginLog)) {
                nextVersion = files.map(f -> f.getFileName().toString()).filter(f -> f.matches("\\d{20}\\.json"))
                        .mapToLong(f -> Long.parseLong(f.substring(0, 20))).max().orElseThrow() + 1;
            }
            Files.writeString(loginLog.resolve(String.format("%020d.json", nextVersion)), "not a commit\n");
            List<MaintenanceJob.TableResult> second = MaintenanceJob.run(run.spark(), run.config());
            assertThat(second).extracting(r -> r.path().substring(r.path().lastIndexOf('/') + 1) + " " + r.failure().isPresent())
                    .containsExactly("_quarantine false", "login true", "search false");
            assertThat(second.get(2).filesCompacted()).isEqualTo(3);

            // A mistyped output root is an error, not a run that maintains "0 tables" and exits 0.
            String mistyped = run.output.resolveSibling("no-such-output").toUri().toString();
            run.env.put("OUTPUT_PATH", mistyped);
            assertThatThrownBy(() -> MaintenanceJob.run(run.spark(), run.config()))
                    .hasMessageStartingWith("no tables to maintain: ")
                    .hasMessageContaining("no-such-output does not exist (check OUTPUT_PATH, or S3_BUCKET and S3_PREFIX;");
        }
    }
}

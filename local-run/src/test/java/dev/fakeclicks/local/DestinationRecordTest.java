package dev.fakeclicks.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DestinationRecordTest {

    private static final Path WORK = Path.of("/repo/.local-run");
    private static final String LOCAL_A = "/repo/data/delta";
    private static final String LOCAL_B = "/tmp/other";
    private static final String S3 = "s3a://clicks/data/";

    @Test
    void aFreshWorkDirectoryOrTheSameDestinationIsFine() {
        assertThat(DestinationRecord.problem(Optional.empty(), LOCAL_A, false, false, WORK)).isEmpty();
        assertThat(DestinationRecord.problem(Optional.of(LOCAL_A), LOCAL_A, false, false, WORK)).isEmpty();
        assertThat(DestinationRecord.problem(Optional.of(S3), S3, false, true, WORK)).isEmpty();
        assertThat(DestinationRecord.problem(Optional.empty(), S3, false, true, WORK)).isEmpty();
    }

    @Test
    void anotherLocalDestinationIsRefusedNamingBothAndTheWayOut() {
        assertThat(DestinationRecord.problem(Optional.of(LOCAL_A), LOCAL_B, false, false, WORK)).get().asString()
                .contains("belongs to the tables in " + LOCAL_A).contains("this run writes to " + LOCAL_B)
                .contains("add --clean").contains("choose a new --work-dir");
    }

    @Test
    void cleanStartsOverLocally() {
        assertThat(DestinationRecord.problem(Optional.of(LOCAL_A), LOCAL_B, true, false, WORK)).isEmpty();
    }

    @Test
    void switchingToS3IsRefusedWithoutSuggestingClean() {
        assertThat(DestinationRecord.problem(Optional.of(LOCAL_A), S3, false, true, WORK)).get().asString()
                .contains("belongs to the tables in " + LOCAL_A).contains("this run writes to " + S3)
                .contains("delete " + WORK + " yourself").doesNotContain("add --clean");
        assertThat(DestinationRecord.problem(Optional.of(S3), "s3a://clicks/run2/", false, true, WORK)).isPresent();
        assertThat(DestinationRecord.problem(Optional.of(S3), LOCAL_A, false, false, WORK)).get().asString()
                .contains("add --clean");
    }

    @Test
    void cleanWithS3IsRefusedWhateverWasRecorded() {
        // --clean cannot delete the S3 tables: a fresh run would append the same event_ids to them again.
        for (Optional<String> recorded : java.util.List.of(Optional.<String>empty(), Optional.of(S3), Optional.of(LOCAL_A))) {
            assertThat(DestinationRecord.problem(recorded, S3, true, true, WORK)).as("recorded " + recorded).get().asString()
                    .startsWith("--clean cannot delete the tables in " + S3)
                    .contains("delete " + S3 + " yourself or set a new S3_PREFIX");
        }
    }

    @Test
    void theRecordRoundTripsAndIsEmptyBeforeTheFirstRun(@TempDir Path tmp) {
        DestinationRecord record = new DestinationRecord(tmp.resolve("work/destination"));
        assertThat(record.read()).isEmpty();

        record.write(S3);

        assertThat(record.read()).hasValue(S3);
    }
}

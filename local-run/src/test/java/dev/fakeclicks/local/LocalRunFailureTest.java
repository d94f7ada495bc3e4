package dev.fakeclicks.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which failures run-local reports by their own message (one line naming the file), and which as unexpected. */
class LocalRunFailureTest {

    @Test
    void fileFailuresNameTheFileAndWhy() {
        assertThat(LocalRun.knownFailure(new UncheckedIOException("cannot write /w/report.json",
                new AccessDeniedException("/w/report.json")))).hasValue("cannot write /w/report.json (/w/report.json: permission denied)");
        assertThat(LocalRun.knownFailure(new UncheckedIOException(new NoSuchFileException("/w/logs/sink.pid"))))
                .hasValue("/w/logs/sink.pid: no such file or directory");
        assertThat(LocalRun.knownFailure(new FileSystemException("/w/logs", null, "Not a directory")))
                .hasValue("/w/logs: Not a directory");
        assertThat(LocalRun.knownFailure(new IOException("disk full"))).hasValue("disk full");
    }

    @Test
    void anythingElseIsUnexpected() {
        assertThat(LocalRun.knownFailure(new IllegalStateException("cannot read Delta table x"))).isEmpty();
        assertThat(LocalRun.knownFailure(new NullPointerException())).isEmpty();
    }

    /** registry-tools seed's output as the console shows it: the per-type successes stay in seed.log. */
    @Test
    void seedWarningsAndRefusalsAreShownItsSuccessesAreNot() {
        assertThat(LocalRun.seedNotes(List.of(
                "page_view          unchanged    v1",
                "search             registered   v2",
                "WARNING: search: results_count: widened from int to bigint: the sink's Delta tables cannot widen ...",
                "purchase           refused      (latest v1)",
                "purchase: value: type changed from decimal(12,2) to double")))
                .containsExactly(
                        "WARNING: search: results_count: widened from int to bigint: the sink's Delta tables cannot widen ...",
                        "purchase           refused      (latest v1)",
                        "purchase: value: type changed from decimal(12,2) to double");
    }
}

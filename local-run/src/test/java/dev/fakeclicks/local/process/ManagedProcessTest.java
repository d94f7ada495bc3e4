package dev.fakeclicks.local.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes ({@code sleep}, {@code sh}): what a run leaves behind, and what the next run stops. */
class ManagedProcessTest {

    @TempDir
    Path runDir;

    @Test
    void nextRunStopsAChildThatAKilledRunLeftBehind() {
        // A run that was killed: it started the child and never stopped it (we just drop the handle).
        long pid = ManagedProcess.start("sleeper", List.of("sleep", "300"), Map.of(), runDir, runDir).pid();
        ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
        assertThat(child.isAlive()).isTrue();

        Optional<Long> stopped = ManagedProcess.stopLeftover("sleeper", runDir);

        assertThat(stopped).contains(pid);
        assertThat(child.isAlive()).isFalse();
        assertThat(runDir.resolve("sleeper.pid")).doesNotExist();
    }

    @Test
    void aPidFileWhosePidNowBelongsToAnotherProcessStopsNothing() throws Exception {
        try (Sleeper sleeper = Sleeper.start()) {
            Process stranger = sleeper.process();
            Instant strangerStarted = stranger.toHandle().info().startInstant().orElseThrow();
            // Our child had this pid once, but started at another time: the OS has given the pid to someone else.
            Files.writeString(runDir.resolve("sink.pid"), stranger.pid() + " " + strangerStarted.minusSeconds(5) + "\n");

            assertThat(ManagedProcess.stopLeftover("sink", runDir)).isEmpty();
            assertThat(stranger.isAlive()).as("the other process is left alone").isTrue();
            assertThat(runDir.resolve("sink.pid")).as("it can never match again").doesNotExist();
        }
    }

    @Test
    void aLeftoverWhoseStartInstantMovedALittleIsStillStopped() throws Exception {
        // A wall-clock step moves the boot time the JDK derives start instants from: the next run reads another instant.
        try (Sleeper sleeper = Sleeper.start()) {
            Process child = sleeper.process();
            Instant started = child.toHandle().info().startInstant().orElseThrow();
            Files.writeString(runDir.resolve("connect.pid"), child.pid() + " " + started.plusSeconds(1) + "\n");

            assertThat(ManagedProcess.stopLeftover("connect", runDir)).contains(child.pid());
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).as("stopped").isTrue();
            assertThat(runDir.resolve("connect.pid")).doesNotExist();
        }
    }

    @Test
    void startInstantsMatchWithinTheToleranceOnly() throws Exception {
        try (Sleeper sleeper = Sleeper.start()) {
            Process child = sleeper.process();
            Instant started = child.toHandle().info().startInstant().orElseThrow();
            for (Duration off : List.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(-1), Duration.ofMillis(-1990))) {
                assertThat(PidFile.parse(child.pid() + " " + started.plus(off)).flatMap(PidFile::liveProcess))
                        .as("recorded start %s off", off).map(ProcessHandle::pid).contains(child.pid());
            }
            for (Duration off : List.of(Duration.ofHours(1), Duration.ofHours(-1), Duration.ofSeconds(3))) {
                assertThat(PidFile.parse(child.pid() + " " + started.plus(off)).flatMap(PidFile::liveProcess))
                        .as("recorded start %s off", off).isEmpty();
            }
            assertThat(PidFile.parse(Long.toString(child.pid())).flatMap(PidFile::liveProcess))
                    .as("no start instant recorded: never ours").isEmpty();
        }
    }

    @Test
    void aPidFileWithoutStartInstantOrUnreadableStopsNothing() throws Exception {
        try (Sleeper sleeper = Sleeper.start()) {
            Process stranger = sleeper.process();
            Files.writeString(runDir.resolve("kafka.pid"), Long.toString(stranger.pid()));
            Files.writeString(runDir.resolve("redis.pid"), "not a pid");

            assertThat(ManagedProcess.stopLeftover("kafka", runDir)).isEmpty();
            assertThat(ManagedProcess.stopLeftover("redis", runDir)).isEmpty();
            assertThat(ManagedProcess.stopLeftover("connect", runDir)).as("no pid file").isEmpty();
            assertThat(stranger.isAlive()).isTrue();
            assertThat(runDir.resolve("redis.pid")).as("not ours: removed").doesNotExist();
        }
    }

    @Test
    void aChildThatExitedLeavesNothingToStop() {
        ManagedProcess child = ManagedProcess.start("tool", List.of("true"), Map.of(), runDir, runDir);
        assertThat(child.awaitExit(Duration.ofSeconds(10))).contains(0);

        assertThat(ManagedProcess.stopLeftover("tool", runDir)).isEmpty();
        assertThat(runDir.resolve("tool.pid")).doesNotExist();
    }

    @Test
    void closeStopsTheChildAndRemovesItsPidFile() {
        ManagedProcess child = ManagedProcess.start("sleeper", List.of("sleep", "300"), Map.of(), runDir, runDir);
        assertThat(PidFile.read(runDir.resolve("sleeper.pid")).flatMap(PidFile::liveProcess).map(ProcessHandle::pid))
                .contains(child.pid());

        child.close();

        assertThat(child.isAlive()).isFalse();
        assertThat(runDir.resolve("sleeper.pid")).doesNotExist();
    }

    @Test
    void variablesNotInheritedAreGoneUnlessGivenExplicitly() throws Exception {
        String home = System.getenv("HOME");
        assertThat(home).as("this test needs HOME set in its own environment").isNotBlank();
        ManagedProcess child = ManagedProcess.start("env", List.of("sh", "-c",
                        "echo \"HOME=${HOME-unset} GIVEN=${GIVEN-unset}\""),
                List.of("HOME", "GIVEN"), Map.of("GIVEN", "yes"), runDir, runDir);
        assertThat(child.awaitExit(Duration.ofSeconds(10))).contains(0);

        assertThat(Files.readString(child.log()).strip()).isEqualTo("HOME=unset GIVEN=yes");
    }

    @Test
    void pidFileRoundTrip() {
        Instant started = Instant.parse("2026-11-26T15:26:11.120Z");
        assertThat(PidFile.parse("4242 2026-11-26T15:26:11.120Z\n")).contains(new PidFile(4242, Optional.of(started)));
        assertThat(PidFile.parse("4242")).contains(new PidFile(4242, Optional.empty()));
        assertThat(PidFile.parse("")).isEmpty();
        assertThat(PidFile.parse("4242 yesterday")).isEmpty();
    }

    /** A throwaway {@code sleep 300} process, killed when the test ends. */
    private record Sleeper(Process process) implements AutoCloseable {
        static Sleeper start() throws java.io.IOException {
            return new Sleeper(new ProcessBuilder("sleep", "300").start());
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

package dev.fakeclicks.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.local.delta.DeltaTables;
import dev.fakeclicks.local.process.Ports;
import dev.fakeclicks.servers.RedisServerProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives exactly what the README's quick start runs, {@code ./run-local --until-done}, on free ports and in a
 * temporary work directory, then checks the Delta tables with Delta Kernel. Also the ways a run ends early: bad
 * options, a busy port, a component that does not come up, a second run on a busy work directory, SIGTERM and Ctrl-C
 * (SIGINT to the process group).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalRunE2EIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final int EVENTS_PER_TYPE = 7;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The limit for the whole class: each run may only take what is left of it. */
    private static final Duration BUDGET = Duration.ofMinutes(5);
    /** SIGTERM's exit status for a JVM that ran its shutdown hooks (128 + 15). */
    private static final int EXIT_SIGTERM = 143;
    /** SIGINT's (Ctrl-C) exit status for a JVM that ran its shutdown hooks (128 + 2). */
    private static final int EXIT_SIGINT = 130;
    private static final String SINK_STARTED = "[sink     ] waiting for the first batch";

    @TempDir
    static Path tmp;

    private static Instant deadline;

    @BeforeAll
    static void startTheClock() {
        deadline = Instant.now().plus(BUDGET);
    }

    private record Run(int exitCode, String output, Path work, Path delta, List<Integer> ports) {
    }

    /** A run-local process and where its output goes. */
    private record Started(Process process, Path log, Path work, Path delta, List<Integer> ports) {
    }

    /** The first run of a work directory, on fresh ports: kafka, its controller, connect, redis. */
    private static Run runLocal(String name, String... extra) throws Exception {
        return runLocal(name, REPO, tmp.resolve(name + "-work"), tmp.resolve(name + "-delta"), freshPorts(), extra);
    }

    /** ./run-local started from {@code from}, where relative paths are resolved (by run-local, not here). */
    private static Run runLocal(String name, Path from, Path work, Path delta, List<Integer> ports, String... extra)
            throws Exception {
        return finish(start(name, from, work, delta, ports, extra));
    }

    private static Started start(String name, Path from, Path work, Path delta, List<Integer> ports, String... extra)
            throws Exception {
        return start(List.of(), name, from, work, delta, ports, extra);
    }

    /** ./run-local started through {@code launcher} (e.g. setsid), which must exec it in place. */
    private static Started start(List<String> launcher, String name, Path from, Path work, Path delta, List<Integer> ports,
                                 String... extra) throws Exception {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(REPO.resolve("run-local").toString(), "--no-build", "--until-done",
                "--timeout", "PT" + Math.max(1, left().toSeconds()) + "S", "--work-dir", work.toString(),
                "--output", delta.toString(), "--kafka-port", Integer.toString(ports.get(0)),
                "--connect-port", Integer.toString(ports.get(2)), "--redis-port", Integer.toString(ports.get(3))));
        command.addAll(List.of(extra));
        Path log = tmp.resolve(name + ".out");
        Process process = new ProcessBuilder(command).directory(from.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new Started(process, log, from.resolve(work), from.resolve(delta), ports);
    }

    /** Waits for the run to exit, within what is left of {@link #BUDGET}. */
    private static Run finish(Started run) throws Exception {
        boolean finished = run.process().waitFor(left().toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            run.process().destroy();
            run.process().waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(run.log());
        assertThat(finished).as("run-local finished within the end-to-end test's " + BUDGET.toMinutes()
                + " minutes:\n" + output).isTrue();
        return new Run(run.process().exitValue(), output, run.work(), run.delta(), run.ports());
    }

    private static Duration left() {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Kafka, its controller (the next port), Connect, Redis. */
    private static List<Integer> freshPorts() {
        int kafkaPort = freePortPair();
        return List.of(kafkaPort, kafkaPort + 1, RedisServerProcess.freePort(), RedisServerProcess.freePort());
    }

    @Test
    @Order(0)
    void anUnreadableConfigIsABadOptionAndStartsNothing() throws Exception {
        Path missing = tmp.resolve("missing.json");
        Run run = runLocal("missing-config", "--config", missing.toString());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output().lines()).singleElement().asString()
                .isEqualTo("run-local: cannot read connector config " + missing + ": no such file or directory");
        assertThat(run.work()).doesNotExist();
    }

    /** As if a --rate run had deployed the demo connector in this work directory: a bounded one cannot follow. */
    @Test
    @Order(0)
    void aBoundedRunAfterAnUnboundedOneIsRefusedBeforeAnythingStarts() throws Exception {
        Path work = tmp.resolve("after-rate-work");
        Files.createDirectories(work.resolve("connectors"));
        Files.writeString(work.resolve("connectors/fakeclicks.json"), "{\"events.per.type\": \"0\", \"events.per.second\": \"200\"}");
        Run run = runLocal("after-rate", REPO, work, tmp.resolve("after-rate-delta"), freshPorts());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output().lines()).singleElement().asString()
                .startsWith("run-local: connector fakeclicks ran unbounded").contains("--clean");
        assertThat(work.resolve("logs")).as("nothing started").doesNotExist();
    }

    @Test
    @Order(0)
    void aWorkDirectoryThatCannotBeCreatedIsOneLineNamingIt() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "");
        Run run = runLocal("under-a-file", REPO, file.resolve("work"), tmp.resolve("under-a-file-delta"), freshPorts());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output().lines()).as("one line, no stack trace").singleElement().asString()
                .isEqualTo("run-local: --work-dir " + file.resolve("work") + ": " + file + " is a file, not a directory");
    }

    @Test
    @Order(0)
    void aPortInUseIsOneLineNamingThePortAndTheOptionThatMovesIt() throws Exception {
        List<Integer> ports = freshPorts();
        try (ServerSocket taken = new ServerSocket(ports.get(3), 1, InetAddress.getLoopbackAddress())) {
            Run run = runLocal("port-taken", REPO, tmp.resolve("port-taken-work"), tmp.resolve("port-taken-delta"), ports);

            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.output().lines()).singleElement().asString()
                    .startsWith("run-local: redis cannot start: port " + ports.get(3) + " is already in use")
                    .contains("--redis-port");
        }
    }

    /** Kafka refuses storage it cannot read: the failure names it and its log, and Redis, already up, is stopped. */
    @Test
    @Order(0)
    void aComponentThatDoesNotComeUpIsNamedWithItsLogAndTheOthersAreStopped() throws Exception {
        Path work = tmp.resolve("broken-kafka-work");
        Files.createDirectories(work.resolve("kafka/data"));
        Files.writeString(work.resolve("kafka/data/meta.properties"), "not a meta.properties\n");
        Run run = runLocal("broken-kafka", REPO, work, tmp.resolve("broken-kafka-delta"), freshPorts());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("[redis    ] ready").doesNotContain("\tat ")
                .contains("run-local: kafka exited with code 1 before accepting clients on port " + run.ports().get(0)
                        + "; see its log: " + work.resolve("logs/kafka.log"));
        assertNoChildLeft(run);
    }

    private static Run first;

    @Test
    @Order(1)
    void boundedRunLandsExactlyNEventsOfEveryTypeAndLeavesNothingRunning() throws Exception {
        Run run = runLocal("clean", "--events-per-type", Integer.toString(EVENTS_PER_TYPE));
        first = run;
        assertThat(run.exitCode()).as(run.output()).isZero();

        DeltaTables tables = new DeltaTables(run.delta());
        Set<String> eventIds = new HashSet<>();
        long rows = 0;
        for (String type : Catalogue.builtIn().types()) {
            List<String> ids = tables.strings(type, "event_id");
            assertThat(ids).as(type).hasSize(EVENTS_PER_TYPE);
            eventIds.addAll(ids);
            rows += ids.size();
        }
        assertThat(eventIds).as("event_id is unique across all tables").hasSize((int) rows);
        assertThat(tables.count(RunReport.QUARANTINE)).isZero();
        JsonNode report = JSON.readTree(run.work().resolve("report.json").toFile());
        assertThat(report.path("produced").asLong()).isEqualTo(rows);
        assertThat(report.path("duplicate_event_ids").asLong()).isZero();
        assertThat(run.output()).contains("nothing lost, nothing duplicated");
        assertThat(run.work().resolve("connectors/fakeclicks.json")).as("what a later run is checked against").exists();

        assertNoChildLeft(run);
    }

    @Test
    @Order(2)
    void aWorkDirectoryRefusesAnotherOutputAndRelativePathsAreTheCallers() throws Exception {
        // Started from tmp with paths relative to it: they must name the first run's work directory, whose
        // checkpoint belongs to its output; refused before anything starts, so this takes a second.
        Path elsewhere = tmp.resolve("elsewhere");
        Run run = runLocal("elsewhere", tmp, tmp.relativize(first.work()), Path.of("elsewhere"), first.ports());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("belongs to the tables in " + first.delta())
                .contains("this run writes to " + elsewhere).contains("add --clean");
        assertThat(elsewhere).doesNotExist();
    }

    @Test
    @Order(3)
    void dirtyRunOnTheSameWorkDirectoryRemovesTheEarlierConnectorAndReconcilesTablesPlusQuarantine() throws Exception {
        // The first run's work directory, output and ports: a second run as a user would start it.
        Run run = runLocal("dirty", REPO, first.work(), first.delta(), first.ports(),
                "--config", "connect-config/fakeclicks-dirty.json");
        assertThat(run.exitCode()).as(run.output()).isZero();
        // Kept in the worker's config topic, the first run's connector would start again beside this one.
        assertThat(run.output()).contains("removed connector fakeclicks, deployed by an earlier run");

        // The dirty connector has a name of its own, so its own stream: events.per.type good events of every type
        // (late ones included, they are ordinary events), plus bad records, which are extra records.
        JsonNode dirty = JSON.readTree(REPO.resolve("connect-config/fakeclicks-dirty.json").toFile());
        assertThat(dirty.path("name").asText()).isNotEqualTo("fakeclicks");
        long perType = EVENTS_PER_TYPE + dirty.path("config").path("events.per.type").asLong();
        List<String> types = Catalogue.builtIn().types();

        JsonNode report = JSON.readTree(run.work().resolve("report.json").toFile());
        DeltaTables tables = new DeltaTables(run.delta());
        assertThat(tables.names()).as("no table beside the catalogue's types and the quarantine")
                .containsExactlyInAnyOrderElementsOf(Stream.concat(types.stream(), Stream.of(RunReport.QUARANTINE)).toList());
        for (String type : types) {
            assertThat(tables.count(type)).as(type + ": the good events of both runs, no bad record").isEqualTo(perType);
        }
        long quarantined = tables.count(RunReport.QUARANTINE);
        assertThat(quarantined).as("bad records were injected and caught").isPositive();
        assertThat(quarantined).as("every produced record that is not a good event is in the quarantine")
                .isEqualTo(report.path("produced").asLong() - perType * types.size());
        assertThat(report.path("duplicate_event_ids").asLong()).isZero();
        assertNoChildLeft(run);
    }

    /** Ctrl-C's sibling: once every component is up, SIGTERM stops them all and frees their ports. */
    @Test
    @Order(4)
    void sigtermStopsEveryChild() throws Exception {
        Started started = start("sigterm", REPO, first.work(), first.delta(), first.ports());
        awaitEveryComponentUp(started);
        // A second run on the same work directory is refused (it used to stop this run's children as leftovers).
        Run second = runLocal("sigterm-second", REPO, first.work(), first.delta(), freshPorts());
        assertThat(second.exitCode()).as(second.output()).isEqualTo(2);
        assertThat(second.output()).contains("another run-local (pid " + started.process().pid()
                + ") is using the work directory").doesNotContain("left over");
        assertThat(started.process().isAlive()).as("the first run goes on").isTrue();

        started.process().destroy(); // SIGTERM: the run-local script exec's the launcher's JVM

        Run run = finish(started);
        assertThat(run.exitCode()).as(run.output()).isEqualTo(EXIT_SIGTERM);
        assertThat(run.output()).contains("[run-local] stopping 4 components").doesNotContain("\tat ");
        assertNoChildLeft(run);
    }

    /**
     * Ctrl-C in a terminal signals the whole foreground process group: run-local and every child get SIGINT at once,
     * so the children begin to stop while run-local stops them in order. Started by setsid (which execs run-local as
     * the leader of a new group, like a shell's job) and signalled as a terminal does, to the group.
     */
    @Test
    @Order(5)
    @EnabledOnOs(value = OS.LINUX, disabledReason = "setsid comes with util-linux; macOS has none")
    void ctrlCStopsEveryChildThoughEachGetsTheSignalToo() throws Exception {
        Started started = start(List.of("setsid"), "ctrl-c", REPO, first.work(), first.delta(), first.ports());
        awaitEveryComponentUp(started);
        long group = started.process().pid();
        Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + group).redirectErrorStream(true).start();
        assertThat(kill.waitFor()).as("kill -INT -- -%d: %s", group, new String(kill.getInputStream().readAllBytes()))
                .isZero();

        Run run = finish(started);
        // 130, not 1: the children's own exits (Redis stops at once on SIGINT) were taken as part of the stop.
        assertThat(run.exitCode()).as(run.output()).isEqualTo(EXIT_SIGINT);
        assertThat(run.output()).contains("[run-local] stopping 4 components").doesNotContain("\tat ")
                .doesNotContain("unexpectedly");
        assertNoChildLeft(run);
    }

    private static void awaitEveryComponentUp(Started started) throws Exception {
        while (!Files.readString(started.log()).contains(SINK_STARTED) && started.process().isAlive() && !left().isZero()) {
            Thread.sleep(200);
        }
        assertThat(Files.readString(started.log())).as("every component started").contains(SINK_STARTED);
    }

    /**
     * Nothing of the run is left: no process naming the work directory, and every port it used (Kafka, the KRaft
     * controller, Connect, Redis) free again. The ports catch what the command lines cannot: redis-server
     * rewrites its own to {@code <binary> 127.0.0.1:PORT}.
     */
    private static void assertNoChildLeft(Run run) {
        assertThat(run.ports().stream().filter(port -> !Ports.isFree(port)).toList())
                .as("ports still in use after run-local exited (kafka, controller, connect, redis: " + run.ports() + ")")
                .isEmpty();
        String marker = run.work().toAbsolutePath().toString();
        List<String> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .map(p -> p.pid() + " " + p.info().command().orElse("?"))
                .toList();
        assertThat(left).as("child processes still running after run-local exited").isEmpty();
    }

    /** A free port whose successor (the KRaft controller port) is free too. */
    private static int freePortPair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = RedisServerProcess.freePort();
            if (port < 65535 && Ports.isFree(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair");
    }
}

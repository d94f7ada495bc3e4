package dev.fakeclicks.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.local.delta.DeltaTables;
import dev.fakeclicks.local.process.Ports;
import dev.fakeclicks.servers.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives exactly what the README's quick start runs, {@code ./run-local --until-done}, on free ports and in a
 * temporary work directory, then checks the Delta tables with Delta Kernel.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalRunE2EIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final int EVENTS_PER_TYPE = 7;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private record Run(int exitCode, String output, Path work, Path delta, List<Integer> ports) {
    }

    /** The first run of a work directory, on fresh ports: kafka, its controller, connect, redis. */
    private static Run runLocal(String name, String... extra) throws Exception {
        int kafkaPort = freePortPair();
        List<Integer> ports = List.of(kafkaPort, kafkaPort + 1, RedisServerProcess.freePort(), RedisServerProcess.freePort());
        return runLocal(name, REPO, tmp.resolve(name + "-work"), tmp.resolve(name + "-delta"), ports, extra);
    }

    /** ./run-local started from {@code from}, where relative paths are resolved (by run-local, not here). */
    private static Run runLocal(String name, Path from, Path work, Path delta, List<Integer> ports, String... extra)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("run-local").toString(), "--no-build", "--until-done",
                "--timeout", "PT4M", "--work-dir", work.toString(), "--output", delta.toString(),
                "--kafka-port", Integer.toString(ports.get(0)), "--connect-port", Integer.toString(ports.get(2)),
                "--redis-port", Integer.toString(ports.get(3))));
        command.addAll(List.of(extra));
        Path log = tmp.resolve(name + ".out");
        Process process = new ProcessBuilder(command).directory(from.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        assertThat(finished).as("run-local finished in time:\n" + output).isTrue();
        return new Run(process.exitValue(), output, from.resolve(work), from.resolve(delta), ports);
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

        JsonNode report = JSON.readTree(run.work().resolve("report.json").toFile());
        DeltaTables tables = new DeltaTables(run.delta());
        long typeRows = 0;
        for (String table : tables.names()) {
            if (!table.startsWith("_")) {
                typeRows += tables.count(table);
            }
        }
        long quarantined = tables.count(RunReport.QUARANTINE);
        assertThat(quarantined).as("bad records were injected and caught").isPositive();
        assertThat(typeRows + quarantined).as("produced (both runs) = rows in type tables + quarantine")
                .isEqualTo(report.path("produced").asLong())
                .isGreaterThan(EVENTS_PER_TYPE * Catalogue.builtIn().types().size());
        assertThat(report.path("duplicate_event_ids").asLong()).isZero();
        assertNoChildLeft(run);
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

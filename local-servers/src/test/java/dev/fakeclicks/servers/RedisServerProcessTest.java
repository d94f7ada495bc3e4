package dev.fakeclicks.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real redis-server: what a close() from a shutdown hook does to a start that has not happened or not finished,
 * and when the caller learns the pid (for run-local's pid file).
 */
class RedisServerProcessTest {

    @TempDir
    Path dir;

    @Test
    void aBundledBinaryForLinuxAndMacOnX86AndArm() {
        List<String[]> platforms = List.of(new String[] {"Linux", "amd64"}, new String[] {"Linux", "aarch64"},
                new String[] {"Mac OS X", "x86_64"}, new String[] {"Mac OS X", "aarch64"});
        for (String[] platform : platforms) {
            String name = RedisServerProcess.bundledBinary(platform[0], platform[1]).orElseThrow();
            assertThat(getClass().getClassLoader().getResource(name)).as(name + " in the embedded-redis artifact").isNotNull();
        }
        assertThat(RedisServerProcess.bundledBinary("Windows 11", "amd64")).isEmpty();
        assertThat(RedisServerProcess.bundledBinary("Linux", "s390x")).isEmpty();
    }

    /** Not a fixed name in the shared /tmp, where anyone could have put an executable of their own first. */
    @Test
    void theBundledBinaryRunsFromADirectoryOnlyThisUserCanWrite() throws Exception {
        Path binary = RedisServerProcess.binary();
        Path parent = binary.getParent();
        org.junit.jupiter.api.Assumptions.assumeTrue(parent != null, "no bundled binary for this platform: redis-server from PATH");

        assertThat(binary).isExecutable();
        assertThat(Files.getOwner(parent).getName()).isEqualTo(System.getProperty("user.name"));
        assertThat(Files.getPosixFilePermissions(parent)).as(parent + " is writable by this user alone")
                .doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
        assertThat(Files.getPosixFilePermissions(binary)).as(binary.toString())
                .doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    }

    @Test
    void closedBeforeLaunchStartsNothing() {
        RedisServerProcess redis = RedisServerProcess.builder().dir(dir).create();
        List<ProcessHandle> spawned = new ArrayList<>();
        redis.close();

        assertThatThrownBy(() -> redis.launch(spawned::add))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed while starting");
        assertThat(spawned).as("no process").isEmpty();
        assertThat(redis.isRunning()).isFalse();
        assertThat(RedisServerProcess.answersPing(redis.port())).isFalse();
    }

    @Test
    void closedWhileWaitingForReadinessStopsTheServerAndFailsTheLaunch() throws Exception {
        RedisServerProcess redis = RedisServerProcess.builder().dir(dir).create();
        CountDownLatch spawnedLatch = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        List<ProcessHandle> spawned = new ArrayList<>();
        // The callback holds the launch between the spawn and the readiness wait, where a Ctrl-C can come.
        CompletableFuture<Void> launch = CompletableFuture.runAsync(() -> redis.launch(process -> {
            spawned.add(process);
            spawnedLatch.countDown();
            awaitQuietly(closed);
        }));
        assertThat(spawnedLatch.await(30, TimeUnit.SECONDS)).isTrue();

        redis.close();
        closed.countDown();

        assertThatThrownBy(() -> launch.get(30, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IllegalStateException.class)
                .rootCause().hasMessageContaining("closed while starting");
        assertThat(spawned).singleElement().satisfies(process -> assertThat(process.isAlive()).isFalse());
        assertThat(redis.isRunning()).isFalse();
    }

    @Test
    void thePidIsKnownBeforeTheServerIsReady() throws Exception {
        // Deterministic "before": the port is taken, so this redis-server never becomes ready; it exits instead.
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             RedisServerProcess redis = RedisServerProcess.builder().port(taken.getLocalPort()).dir(dir).create()) {
            List<ProcessHandle> spawned = new ArrayList<>();

            assertThatThrownBy(() -> redis.launch(spawned::add)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exited with code");
            assertThat(spawned).as("told the pid although it never answered").hasSize(1);
        }
    }

    @Test
    void launchedServerAnswersAndReportsThePidItWasSpawnedWith() {
        List<ProcessHandle> spawned = new ArrayList<>();
        try (RedisServerProcess redis = RedisServerProcess.builder().dir(dir).create()) {
            redis.launch(spawned::add);

            assertThat(RedisServerProcess.answersPing(redis.port())).isTrue();
            assertThat(spawned).singleElement().extracting(ProcessHandle::pid).isEqualTo(redis.pid());
        }
        assertThat(spawned.get(0).isAlive()).as("close stops it").isFalse();
    }

    @Test
    void aCallbackThatFailsStopsTheServer() {
        List<ProcessHandle> spawned = new ArrayList<>();
        try (RedisServerProcess redis = RedisServerProcess.builder().dir(dir).create()) {
            assertThatThrownBy(() -> redis.launch(process -> {
                spawned.add(process);
                throw new IllegalStateException("cannot write the pid file");
            })).hasMessage("cannot write the pid file");

            assertThat(redis.isRunning()).isFalse();
            assertThat(spawned).singleElement().satisfies(process -> assertThat(process.isAlive()).isFalse());
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

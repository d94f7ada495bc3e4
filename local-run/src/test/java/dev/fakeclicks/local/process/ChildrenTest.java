package dev.fakeclicks.local.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildrenTest {

    @TempDir
    Path runDir;

    @Test
    void stopsNewestFirstAndGoesOnWhenOneFailsToStop() {
        List<String> stopped = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Children children = new Children();
        children.add(() -> stopped.add("redis"));
        children.add(() -> {
            throw new IllegalStateException("kafka would not stop");
        });
        children.add(() -> stopped.add("connect"));

        children.stopAll((component, e) -> failures.add(e.getMessage()));

        assertThat(stopped).containsExactly("connect", "redis");
        assertThat(failures).containsExactly("kafka would not stop");
        assertThat(children.size()).isZero();
    }

    @Test
    void startAfterStopAllStartsNothing() {
        Children children = new Children();
        children.stopAll((component, e) -> { });

        assertThatThrownBy(() -> children.start(() -> {
            throw new AssertionError("nothing may be started once the run is stopping");
        })).isInstanceOf(ComponentFailure.class).hasMessageContaining("stopping");
    }

    @Test
    void stopAllWaitsForAStartInProgressAndStopsIt() throws Exception {
        // The shutdown hook's stopAll must not finish (and let the JVM halt) between a spawn and its registration.
        Children children = new Children();
        CountDownLatch spawning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ManagedProcess[] spawned = new ManagedProcess[1];
        Thread main = new Thread(() -> children.start(() -> {
            spawned[0] = ManagedProcess.start("slow", List.of("sleep", "300"), Map.of(), runDir, runDir);
            spawning.countDown();
            await(release);
            return spawned[0];
        }));
        main.start();
        spawning.await();
        Thread hook = new Thread(() -> children.stopAll((component, e) -> { }));
        hook.start();
        hook.join(300);
        assertThat(hook.isAlive()).as("stopAll waits for the start in progress").isTrue();

        release.countDown();
        hook.join(30_000);
        main.join(30_000);

        assertThat(hook.isAlive()).isFalse();
        assertThat(spawned[0].isAlive()).as("the process started meanwhile is stopped").isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aChildStartedAfterStopAllIsStoppedAtOnce() {
        // The main thread may still be starting a component while a shutdown hook stops the others.
        Children children = new Children();
        children.stopAll((component, e) -> { });
        ManagedProcess late = ManagedProcess.start("late", List.of("sleep", "300"), Map.of(), runDir, runDir);

        assertThatThrownBy(() -> children.add(late)).isInstanceOf(ComponentFailure.class).hasMessageContaining("stopping");
        assertThat(late.isAlive()).isFalse();
    }
}

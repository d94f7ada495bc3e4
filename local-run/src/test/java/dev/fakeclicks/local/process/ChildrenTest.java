package dev.fakeclicks.local.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    void aChildStartedAfterStopAllIsStoppedAtOnce() {
        // The main thread may still be starting a component while a shutdown hook stops the others.
        Children children = new Children();
        children.stopAll((component, e) -> { });
        ManagedProcess late = ManagedProcess.start("late", List.of("sleep", "300"), Map.of(), runDir, runDir);

        assertThatThrownBy(() -> children.add(late)).isInstanceOf(ComponentFailure.class).hasMessageContaining("stopping");
        assertThat(late.isAlive()).isFalse();
    }
}

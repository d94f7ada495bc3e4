package dev.fakeclicks.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakeclicks.local.process.ComponentFailure;
import dev.fakeclicks.servers.RedisServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {

    /** A count of 0 from a broker that did not answer made --until-done report every row as extra (exit 3). */
    @Test
    void countingATopicTheBrokerDoesNotServeFailsNamingTheBrokerLogInsteadOfCountingZero() {
        String nobody = "localhost:" + RedisServerProcess.freePort();
        Path log = Path.of("work/logs/kafka.log");

        assertThatThrownBy(() -> Progress.countRecords(nobody, "raw_events", Duration.ofSeconds(2), log))
                .isInstanceOf(ComponentFailure.class)
                .hasMessageStartingWith("kafka could not count the records of topic raw_events")
                .hasMessageEndingWith("see its log: " + log);
    }
}

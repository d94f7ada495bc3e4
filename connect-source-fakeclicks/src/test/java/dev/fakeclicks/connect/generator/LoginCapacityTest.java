package dev.fakeclicks.connect.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Visitors#anyCanLogIn} (what config validation relies on) against the sessions the generator walks. */
class LoginCapacityTest {

    @Test
    void aShardLogsInExactlyWhenItHasAVisitorWhoCan() {
        int capable = 0;
        int incapable = 0;
        for (long seed = 1; seed <= 10; seed++) {
            // Pools only name things: one seed's pools serve every generator seed here.
            GeneratorSettings settings = TestStreams.settings(seed).withUsers(6);
            for (int task = 0; task < 3; task++) {
                List<GeneratedSession> sessions = ClickStream.sessions(settings, TestStreams.pools(42), TestStreams.REVISIONS,
                        task, 3, 400);
                boolean loggedIn = sessions.stream().flatMap(s -> s.events().stream()).anyMatch(e -> e.type().equals("login"));
                boolean canLogIn = Visitors.anyCanLogIn(seed, 6, task, 3);
                assertThat(loggedIn).as("seed %d task %d", seed, task).isEqualTo(canLogIn);
                if (canLogIn) {
                    capable++;
                } else {
                    incapable++;
                }
            }
        }
        assertThat(capable).isPositive();
        assertThat(incapable).isPositive();
    }
}

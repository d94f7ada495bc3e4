package dev.fakeclicks.connect.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Visitor churn: each pool slot hosts successive visitors, so a long unbounded run keeps showing new visitors and
 * sign-ups instead of running out of them (with a fixed pool, sign-ups halved every ~20 x users events).
 */
class VisitorChurnTest {

    private static final int WINDOW = 400_000;

    /** A window of a stream: its events, sessions, sessions of new visitors and sign-ups. */
    private record Window(long events, long sessions, long newVisitorSessions, long signUps) {
        double newVisitorShare() {
            return (double) newVisitorSessions / sessions;
        }

        double signUpsPer100k() {
            return signUps * 100_000.0 / events;
        }
    }

    private static Window window(ClickStream stream, int events) {
        long sessions = 0;
        long newVisitors = 0;
        long signUps = 0;
        for (int i = 0; i < events; i++) {
            GeneratedEvent e = stream.next().event();
            if (e.type().equals("session_start")) {
                sessions++;
                if (Boolean.TRUE.equals(e.fields().get("is_new_visitor"))) {
                    newVisitors++;
                }
            } else if (e.type().equals("sign_up")) {
                signUps++;
            }
        }
        return new Window(events, sessions, newVisitors, signUps);
    }

    /**
     * 500 users, 4.4 million events (some 9,000 events per user, the point where a fixed pool's sign-ups had halved
     * over 400 times): the last 400,000 events show about as many new visitors and sign-ups as the first 400,000.
     */
    @Test
    void aLongRunKeepsItsShareOfNewVisitorsAndSignUps() {
        ClickStream stream = TestStreams.stream(TestStreams.settings(42).withUsers(500), 0, 1, ClickStream.Resume.START);
        Window early = window(stream, WINDOW);
        for (int skip = 0; skip < 9; skip++) {
            window(stream, WINDOW);
        }
        Window late = window(stream, WINDOW);
        System.out.printf("churn: early %s (new share %.3f, sign-ups/100k %.0f), late %s (new share %.3f, sign-ups/100k %.0f)%n",
                early, early.newVisitorShare(), early.signUpsPer100k(), late, late.newVisitorShare(), late.signUpsPer100k());
        assertThat(late.newVisitorShare()).as("new-visitor share, late vs early")
                .isBetween(0.7 * early.newVisitorShare(), 1.3 * early.newVisitorShare());
        assertThat(late.signUpsPer100k()).as("sign-ups per 100,000 events, late vs early")
                .isBetween(0.7 * early.signUpsPer100k(), 1.3 * early.signUpsPer100k());
        assertThat(late.newVisitorShare()).isGreaterThan(0.1);
        assertThat(late.signUpsPer100k()).isGreaterThan(300);
    }

    /**
     * A user_id is (slot, generation) under a keyed bijection: it decodes to its visitor, so no two visitors share one,
     * across slots and the generations of a slot. Checked on every visitor of a long stream and at the field bounds.
     */
    @Test
    void userIdsAreUniqueAcrossGenerationsAndDecodeToTheirVisitor() {
        long seed = 42;
        long key = Hashing.hash(seed, Salt.USER_IDS);
        Map<String, Long> visitors = new HashMap<>();
        Set<String> anonymousIds = new HashSet<>();
        int users = 300;
        long maxGeneration = 0;
        for (int slot = 0; slot < users; slot++) {
            long previous = -1;
            for (long visit = 0; visit < 2_000; visit++) {
                long generation = Visitors.generationStart(seed, slot, visit);
                assertThat(generation).isBetween(previous == -1 ? 0 : previous, visit);
                if (generation != previous) {
                    String id = Ids.userId(seed, slot, generation);
                    assertThat(visitors.put(id, Ids.packUser(slot, generation))).as(id).isNull();
                    assertThat(anonymousIds.add(Ids.anonymousId(seed, slot, generation))).isTrue();
                    previous = generation;
                    maxGeneration = Math.max(maxGeneration, generation);
                }
            }
        }
        assertThat(visitors.size()).as("about 1 + 0.25 x 1,999 visitors per slot").isBetween(users * 450, users * 550);
        assertThat(maxGeneration).isGreaterThan(1_990);
        for (long[] c : List.of(new long[] {0, 0}, new long[] {GeneratorSettings.MAX_USERS - 1, (1L << Ids.VISIT_BITS) - 1},
                new long[] {1, 1}, new long[] {5, 1L << 33})) {
            visitors.put(Ids.userId(seed, (int) c[0], c[1]), Ids.packUser((int) c[0], c[1]));
        }
        visitors.forEach((id, packed) -> {
            assertThat(id).matches("u-[0-9a-f]{16}");
            assertThat(Hashing.unmix(Long.parseUnsignedLong(id.substring(2), 16)) - key).as(id).isEqualTo(packed);
        });
        // Generation 0 keeps the id of the pool without churn.
        assertThat(Ids.userId(seed, 7, 0)).isEqualTo(Hashing.hexId("u-", Hashing.mix(7 + key), 16));
    }

    /** Every shard, however small, keeps signing up and logging in: what lets validation accept any bounded run. */
    @Test
    void everyShardKeepsSigningUpAndLoggingIn() {
        for (long seed = 1; seed <= 10; seed++) {
            GeneratorSettings settings = TestStreams.settings(seed).withUsers(6);
            for (int task = 0; task < 3; task++) {
                List<GeneratedSession> sessions = ClickStream.sessions(settings, TestStreams.pools(42), TestStreams.REVISIONS,
                        task, 3, 4_000);
                for (List<GeneratedSession> half : List.of(sessions.subList(0, 2_000), sessions.subList(2_000, 4_000))) {
                    long logins = half.stream().flatMap(s -> s.events().stream()).filter(e -> e.type().equals("login")).count();
                    long signUps = half.stream().flatMap(s -> s.events().stream()).filter(e -> e.type().equals("sign_up")).count();
                    assertThat(logins).as("seed %d task %d logins", seed, task).isPositive();
                    assertThat(signUps).as("seed %d task %d sign-ups", seed, task).isGreaterThan(50);
                }
            }
        }
    }
}

package dev.fakeclicks.connect.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClickStreamTest {

    private static GeneratorSettings dirty(long seed) {
        return TestStreams.settings(seed).withInjection(0.05, 0.05, 0.05);
    }

    @Test
    void sameSeedSameStream() {
        List<String> a = TestStreams.take(TestStreams.stream(dirty(42), 0, 1, ClickStream.Resume.START), 20_000)
                .stream().map(TestStreams::fingerprint).toList();
        List<String> b = TestStreams.take(TestStreams.stream(dirty(42), 0, 1, ClickStream.Resume.START), 20_000)
                .stream().map(TestStreams::fingerprint).toList();
        assertThat(a).hasSize(20_000).isEqualTo(b);
    }

    /**
     * Offsets are positions in a stream of {@link ClickStream#STREAM_VERSION}: a change to the stream that keeps the
     * version would let a task resume an old offset at the wrong events. The digest covers ids, variants, types and
     * timestamps of a dirty stream's first items (task 1 of 2), and of a small pool's stream 100,000 items on.
     */
    @Test
    void theStreamOfASeedIsTheOneItsStreamVersionNames() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (StreamItem item : TestStreams.take(TestStreams.stream(dirty(42), 1, 2, ClickStream.Resume.START), 5_000)) {
            sha.update((TestStreams.fingerprint(item) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Map<Integer, String> digests = Map.of(1, "211ea823357ee4244ef9b2137ae8408dfb1d7e406a7e108ca3732f3ce40fad5d",
                2, "f63dd0ad365831079fe08ca2627ad862c2a08327b6f1c3e9e64138b23467fd57",
                3, "f63dd0ad365831079fe08ca2627ad862c2a08327b6f1c3e9e64138b23467fd57");
        assertThat(HexFormat.of().formatHex(sha.digest()))
                .as("the stream changed: bump ClickStream.STREAM_VERSION and add the new digest here")
                .isEqualTo(digests.get(ClickStream.STREAM_VERSION));
        // The first items of a large pool are every slot's first visit: changes that show later (e.g. visitor churn,
        // from a slot's second visit on) need a stream further along, here of a small pool (recorded from version 2).
        sha.reset();
        ClickStream later = TestStreams.stream(dirty(42).withUsers(50), 0, 1, ClickStream.Resume.START);
        TestStreams.take(later, 100_000);
        for (StreamItem item : TestStreams.take(later, 5_000)) {
            sha.update((TestStreams.fingerprint(item) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Map<Integer, String> laterDigests = Map.of(2, "889c5caad9286134ca03a2f09249ced22e21e311d2c166446076f4e3151a61fe",
                3, "0e2fc4fd823d8c8e23d10f7edce0310803913ca184e23d68609527ebcb5fc7ba");
        assertThat(HexFormat.of().formatHex(sha.digest()))
                .as("the stream changed after its first items: bump ClickStream.STREAM_VERSION and add the new digest here")
                .isEqualTo(laterDigests.get(ClickStream.STREAM_VERSION));
    }

    @Test
    void anotherSeedAnotherStream() {
        Set<String> a = ids(TestStreams.take(TestStreams.stream(TestStreams.settings(42), 0, 1, ClickStream.Resume.START), 2_000));
        Set<String> b = ids(TestStreams.take(TestStreams.stream(TestStreams.settings(43), 0, 1, ClickStream.Resume.START), 2_000));
        assertThat(a).doesNotContainAnyElementsOf(b);
    }

    @Test
    void boundedRunEmitsExactlyNOfEveryTypeThenStops() {
        GeneratorSettings settings = TestStreams.settings(42).withEventsPerType(25);
        ClickStream stream = TestStreams.stream(settings, 0, 1, ClickStream.Resume.START);
        List<StreamItem> items = TestStreams.take(stream, 10_000);
        assertThat(stream.done()).isTrue();
        assertThat(stream.next()).isNull();
        Map<String, Long> counts = items.stream().collect(Collectors.groupingBy(i -> i.event().type(), Collectors.counting()));
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(TestStreams.TYPES);
        assertThat(counts.values()).allMatch(n -> n == 25);
        assertThat(ids(items)).hasSize(items.size());
    }

    @Test
    void boundedRunSplitsTheQuotaExactlyAcrossTasks() {
        int tasks = 4;
        GeneratorSettings settings = TestStreams.settings(42).withEventsPerType(10);
        Map<String, Long> total = new HashMap<>();
        Set<String> sessionsSeen = new HashSet<>();
        for (int task = 0; task < tasks; task++) {
            ClickStream stream = TestStreams.stream(settings, task, tasks, ClickStream.Resume.START);
            List<StreamItem> items = TestStreams.take(stream, 10_000);
            assertThat(stream.done()).isTrue();
            Set<String> sessions = new HashSet<>();
            for (StreamItem item : items) {
                total.merge(item.event().type(), 1L, Long::sum);
                assertThat(item.event().user() % tasks).as("visitors are sharded by index").isEqualTo(task);
                sessions.add(item.event().sessionId());
            }
            assertThat(sessionsSeen).as("no session spans tasks").doesNotContainAnyElementsOf(sessions);
            sessionsSeen.addAll(sessions);
        }
        assertThat(total).hasSize(TestStreams.TYPES.size());
        assertThat(total.values()).allMatch(n -> n == 10);
    }

    /**
     * The options README calls safe to change on a running connector include events.per.type and event.types: tasks
     * restarted with the new values resume from their counts. Three tasks finish a run of 10 per type, then resume with
     * 11 per type, or with one type fewer: every type must end with exactly its new total, so no task may have sent
     * more of a type already than its new quota (a quota that shrank while another task's grew added one per type).
     */
    @Test
    void aBoundedRunResumedWithMoreEventsPerTypeOrOtherTypesStillEndsWithExactCounts() {
        int tasks = 3;
        GeneratorSettings before = TestStreams.settings(42).withEventsPerType(10);
        Set<String> fewerTypes = new HashSet<>(TestStreams.ALL_TYPES);
        fewerTypes.remove("session_start");
        for (GeneratorSettings after : List.of(before.withEventsPerType(11), before.withEnabledTypes(fewerTypes))) {
            Map<String, Long> total = new HashMap<>();
            for (int task = 0; task < tasks; task++) {
                ClickStream first = TestStreams.stream(before, task, tasks, ClickStream.Resume.START);
                List<StreamItem> items = new ArrayList<>(TestStreams.take(first, 100_000));
                assertThat(first.done()).isTrue();
                ClickStream.Resume resume = new ClickStream.Resume(first.position(), first.cursor(), first.counts());
                items.addAll(TestStreams.take(TestStreams.stream(after, task, tasks, resume), 100_000));
                items.forEach(i -> total.merge(i.event().type(), 1L, Long::sum));
            }
            for (String type : after.enabledTypes()) {
                assertThat(total.get(type)).as("%s after resuming with %d per type of %d types", type,
                        after.eventsPerType(), after.enabledTypes().size()).isEqualTo(after.eventsPerType());
            }
        }
    }

    @Test
    void enabledTypesAreTheOnlyOnesEmitted() {
        GeneratorSettings settings = TestStreams.settings(42).withEnabledTypes(Set.of("purchase", "page_view")).withEventsPerType(5);
        List<StreamItem> items = TestStreams.take(TestStreams.stream(settings, 0, 1, ClickStream.Resume.START), 1_000);
        assertThat(items).hasSize(10);
        assertThat(items).extracting(i -> i.event().type()).containsOnly("purchase", "page_view");
    }

    @Test
    void resumingFromAnyCursorContinuesTheSameSequence() {
        GeneratorSettings settings = dirty(42).withEventsPerType(400);
        List<String> uninterrupted = TestStreams.take(TestStreams.stream(settings, 1, 2, ClickStream.Resume.START), 100_000)
                .stream().map(TestStreams::fingerprint).toList();
        for (int stopAt : new int[] {1, 137, 1_000, 2_911, uninterrupted.size() - 1}) {
            ClickStream first = TestStreams.stream(settings, 1, 2, ClickStream.Resume.START);
            List<String> resumed = new ArrayList<>(TestStreams.take(first, stopAt).stream().map(TestStreams::fingerprint).toList());
            ClickStream.Resume resume = new ClickStream.Resume(first.position(), first.cursor(), first.counts());
            ClickStream second = TestStreams.stream(settings, 1, 2, resume);
            resumed.addAll(TestStreams.take(second, 100_000).stream().map(TestStreams::fingerprint).toList());
            assertThat(resumed).as("stopped after %d", stopAt).isEqualTo(uninterrupted);
        }
    }

    @Test
    void resumingFromABarePositionReplaysAndSkips() {
        GeneratorSettings settings = dirty(42);
        List<String> uninterrupted = TestStreams.take(TestStreams.stream(settings, 0, 1, ClickStream.Resume.START), 5_000)
                .stream().map(TestStreams::fingerprint).toList();
        ClickStream resumed = TestStreams.stream(settings, 0, 1, new ClickStream.Resume(3_000, null, Map.of()));
        assertThat(TestStreams.take(resumed, 2_000).stream().map(TestStreams::fingerprint).toList())
                .isEqualTo(uninterrupted.subList(3_000, 5_000));
    }

    @Test
    void aBarePositionAtOrBeyondTheEndOfABoundedRunResumesDone() {
        for (GeneratorSettings settings : List.of(TestStreams.settings(42).withEventsPerType(10), dirty(42).withEventsPerType(10))) {
            ClickStream whole = TestStreams.stream(settings, 0, 1, ClickStream.Resume.START);
            int total = TestStreams.take(whole, 100_000).size();
            assertThat(whole.done()).isTrue();
            for (long position : new long[] {total, total + 1, 1_000}) {
                ClickStream resumed = TestStreams.stream(settings, 0, 1, new ClickStream.Resume(position, null, Map.of()));
                StreamItem next = assertTimeoutPreemptively(Duration.ofSeconds(20), resumed::next, "resume at " + position);
                assertThat(next).as("resume at %d of %d", position, total).isNull();
                assertThat(resumed.done()).isTrue();
                assertThat(resumed.counts()).isEqualTo(whole.counts());
                assertThat(resumed.position()).isEqualTo(total);
            }
        }
    }

    @Test
    void aBoundedRunWhoseQuotaCannotBeFilledFailsInsteadOfSpinningAlsoWhenItsSearchIsSliced() {
        // Nothing is ever added to a cart, so there is never a purchase.
        FunnelSettings noCarts = new FunnelSettings(0.45, 0.22, 0.0, 0.62, 0.16, 0.88);
        GeneratorSettings base = TestStreams.settings(42);
        GeneratorSettings settings = new GeneratorSettings(42, 50, base.products(), base.visitsPerUserPerDay(), noCarts,
                Set.of("page_view", "purchase"), 5, 0, 1000, 0, 0, base.badRecordKinds());
        ClickStream stream = TestStreams.stream(settings, 0, 1, ClickStream.Resume.START);
        // A task's poll walks at most a slice of sessions: the slices add up to the same stall limit, not one each.
        int[] emptySlices = {0};
        assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            while (true) {
                if (stream.peek(stream.sessionsStarted() + 100_000) == null) {
                    assertThat(stream.done()).isFalse();
                    emptySlices[0]++;
                } else {
                    stream.next();
                }
            }
        }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("walked 1000")
                .hasMessageContaining("purchase")
                .hasMessageNotContaining("page_view");
        assertThat(stream.count("page_view")).isEqualTo(5);
        assertThat(emptySlices[0]).isBetween(9, 11);
    }

    @Test
    void slicingTheSearchChangesNothingInTheStream() {
        GeneratorSettings settings = dirty(9);
        List<String> whole = TestStreams.take(TestStreams.stream(settings, 1, 3, ClickStream.Resume.START), 5_000)
                .stream().map(TestStreams::fingerprint).toList();
        ClickStream sliced = TestStreams.stream(settings, 1, 3, ClickStream.Resume.START);
        List<String> items = new ArrayList<>();
        int emptySlices = 0;
        while (items.size() < whole.size()) {
            // At most one session per call: every walk may stop between any two sessions.
            if (sliced.peek(sliced.sessionsStarted() + 1) == null) {
                emptySlices++;
            } else {
                items.add(TestStreams.fingerprint(sliced.next()));
            }
        }
        assertThat(items).isEqualTo(whole);
        assertThat(emptySlices).isPositive();
    }

    @Test
    void aLongSearchEndsWhenItsThreadIsInterrupted() {
        FunnelSettings noCarts = new FunnelSettings(0.45, 0.22, 0.0, 0.62, 0.16, 0.88);
        GeneratorSettings base = TestStreams.settings(42);
        GeneratorSettings settings = new GeneratorSettings(42, 50, base.products(), base.visitsPerUserPerDay(), noCarts,
                Set.of("purchase"), 5, 0, 1000, 0, 0, base.badRecordKinds());
        ClickStream stream = TestStreams.stream(settings, 0, 1, ClickStream.Resume.START);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(stream::next).isInstanceOf(java.util.concurrent.CancellationException.class)
                    .hasMessageContaining("after 1024 sessions");
        } finally {
            Thread.interrupted(); // clear the flag for the next test
        }
    }

    /**
     * A visitor signs up at most once, but a pool slot hosts ever new visitors (churn): a bounded run asks for more
     * sign-ups (and logins) than its pool has visitors, and finishes.
     */
    @Test
    void aBoundedRunNeedingMoreSignUpsThanThePoolHasVisitorsFinishes() {
        GeneratorSettings settings = TestStreams.settings(42).withUsers(5).withEventsPerType(40);
        ClickStream stream = TestStreams.stream(settings, 0, 1, ClickStream.Resume.START);
        List<StreamItem> items = new ArrayList<>();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> items.addAll(TestStreams.take(stream, 100_000)));
        assertThat(stream.done()).isTrue();
        assertThat(stream.counts().values()).allMatch(n -> n == 40);
        Set<Object> signedUp = items.stream().filter(i -> i.event().type().equals("sign_up"))
                .map(i -> i.event().fields().get("user_id")).collect(Collectors.toSet());
        assertThat(signedUp).as("40 visitors signed up, one each").hasSize(40);
    }

    @Test
    void resumeCostDoesNotGrowWithPosition() {
        GeneratorSettings settings = TestStreams.settings(42);
        ClickStream first = TestStreams.stream(settings, 0, 1, ClickStream.Resume.START);
        TestStreams.take(first, 200_000);
        ClickStream second = TestStreams.stream(settings, 0, 1, new ClickStream.Resume(first.position(), first.cursor(), first.counts()));
        second.next();
        assertThat(second.sessionsStarted()).as("sessions walked to resume after %d sessions", first.sessionsStarted())
                .isLessThan(first.sessionsStarted() / 10);
    }

    @Test
    void injectedItemsFollowTheirEventAndLateOnesArriveLate() {
        List<StreamItem> items = TestStreams.take(TestStreams.stream(dirty(42), 0, 1, ClickStream.Resume.START), 30_000);
        Map<StreamItem.Variant, Long> variants = items.stream().collect(Collectors.groupingBy(StreamItem::variant, Collectors.counting()));
        assertThat(variants.get(StreamItem.Variant.DUPLICATE)).isBetween(1_000L, 2_000L);
        assertThat(variants.get(StreamItem.Variant.BAD)).isBetween(1_000L, 2_000L);
        Set<BadRecordKind> kinds = new HashSet<>();
        long late = 0;
        Map<String, Long> lastArrivalInSession = new HashMap<>();
        Map<String, Long> lastTimeInSession = new HashMap<>();
        long outOfOrder = 0;
        for (int i = 0; i < items.size(); i++) {
            StreamItem item = items.get(i);
            if (i > 0) {
                assertThat(item.arrival()).as("delivery order").isGreaterThanOrEqualTo(items.get(i - 1).arrival());
            }
            if (item.variant() != StreamItem.Variant.EVENT) {
                assertThat(items.get(i - 1).event()).as("a copy or bad record follows its event").isSameAs(item.event());
                if (item.badKind() != null) {
                    kinds.add(item.badKind());
                }
                continue;
            }
            long time = (Long) item.event().fields().get("event_time");
            long sent = (Long) item.event().fields().get("sent_at");
            assertThat(sent).isGreaterThanOrEqualTo(time);
            Long previous = lastTimeInSession.put(item.event().sessionId(), time);
            if (item.event().late()) {
                late++;
                assertThat(sent - time).isGreaterThan(0);
            } else {
                lastArrivalInSession.put(item.event().sessionId(), item.arrival());
            }
            if (previous != null && time < previous) {
                outOfOrder++;
                assertThat(item.event().late() || wasLateBefore(items, i)).isTrue();
            }
        }
        assertThat(kinds).containsExactlyInAnyOrder(BadRecordKind.values());
        assertThat(late).isBetween(1_000L, 2_000L);
        assertThat(outOfOrder).as("late events break per-session time order in delivery").isPositive();
    }

    /** An event may also look out of order because a late one of its session arrived just before it. */
    private static boolean wasLateBefore(List<StreamItem> items, int i) {
        String session = items.get(i).event().sessionId();
        for (int j = i - 1; j >= 0; j--) {
            StreamItem other = items.get(j);
            if (other.event().sessionId().equals(session) && other.variant() == StreamItem.Variant.EVENT) {
                return other.event().late();
            }
        }
        return false;
    }

    /**
     * Live stamps at two paces: 1 wall ms per event built (simulated time runs some thousand times faster than the
     * wall clock, so a session spans a fraction of a wall second while lateness is minutes of simulated time) and 10
     * wall seconds per event (slower than simulated time). Either way a late event's event_time lies in the past, by
     * no more than its simulated lateness, and not before any earlier event of its session.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 10_000})
    void liveClockStampsEmissionTimeAndKeepsSessionsInOrder(long wallMillisPerEvent) {
        long[] now = {1_800_000_000_000L};
        ClickStream stream = new ClickStream(dirty(42), TestStreams.pools(42), TestStreams.TYPES, TestStreams.REVISIONS, 0, 1,
                ClickStream.Resume.START, EventClock.wall(() -> now[0] += wallMillisPerEvent));
        Map<String, Long> lastInSession = new HashMap<>();
        Map<String, Map<Integer, Long>> onTimeInSession = new HashMap<>();
        int late = 0;
        int visiblyLate = 0;
        for (StreamItem item : TestStreams.take(stream, 20_000)) {
            if (item.variant() != StreamItem.Variant.EVENT) {
                continue;
            }
            GeneratedEvent event = item.event();
            long time = (Long) event.fields().get("event_time");
            long sent = (Long) event.fields().get("sent_at");
            Map<Integer, Long> sessionTimes = onTimeInSession.computeIfAbsent(event.sessionId(), s -> new HashMap<>());
            if (event.late()) {
                late++;
                assertThat(time).as("late, not early").isLessThanOrEqualTo(sent);
                assertThat(sent - time).as("at most its simulated lateness").isLessThanOrEqualTo(event.simArrival() - event.simTime());
                sessionTimes.forEach((index, earlier) -> {
                    if (index < event.index()) {
                        assertThat(time).as("a late event's time is not before an earlier event of its session (index %d)", index)
                                .isGreaterThanOrEqualTo(earlier);
                    }
                });
                if (time < sent) {
                    visiblyLate++;
                }
                continue;
            }
            assertThat(time).isEqualTo(sent);
            sessionTimes.put(event.index(), time);
            Long previous = lastInSession.put(event.sessionId(), time);
            if (previous != null) {
                assertThat(time).as("per-session time in live mode").isGreaterThanOrEqualTo(previous);
            }
        }
        assertThat(late).isGreaterThan(500);
        assertThat(visiblyLate).as("late events whose event_time lies before their sent_at").isGreaterThan(late * 9 / 10);
    }

    @Test
    void turningInjectionOnChangesNoEvent() {
        Set<String> clean = ids(TestStreams.take(TestStreams.stream(TestStreams.settings(42), 0, 1, ClickStream.Resume.START), 3_000));
        List<StreamItem> dirtyItems = TestStreams.take(TestStreams.stream(dirty(42), 0, 1, ClickStream.Resume.START), 6_000);
        assertThat(ids(dirtyItems)).containsAll(clean);
    }

    private static Set<String> ids(List<StreamItem> items) {
        return items.stream().map(i -> i.event().eventId()).collect(Collectors.toSet());
    }
}

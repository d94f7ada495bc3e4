package dev.fakeclicks.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SimulatedClockPacerTest {

    private static final long HOUR = 3_600_000L;
    private static final long MS = 1_000_000L;

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final AtomicLong wall = new AtomicLong(1_780_000_000_000L);

    /** Moves both clocks, as real time passing does. */
    private void advanceMillis(long millis) {
        nanos.addAndGet(millis * MS);
        wall.addAndGet(millis);
    }

    @Test
    void aBackfillAsFastAsPossibleRunsUntilItReachesTheWallClockThenWaitsForIt() {
        long start = wall.get() - 24 * HOUR;
        SimulatedClockPacer pacer = new SimulatedClockPacer(start, 0, nanos::get, wall::get);
        assertThat(pacer.nanosUntilDue(0)).as("a day in the past is due at once").isZero();
        assertThat(pacer.nanosUntilDue(24 * HOUR - 1)).isZero();
        assertThat(pacer.nanosUntilDue(24 * HOUR)).as("now is due").isZero();
        assertThat(pacer.nanosUntilDue(24 * HOUR + 1_500)).as("1.5 s ahead of the wall clock waits 1.5 s").isEqualTo(1_500 * MS);
        advanceMillis(1_000);
        assertThat(pacer.nanosUntilDue(24 * HOUR + 1_500)).isEqualTo(500 * MS);
        advanceMillis(500);
        assertThat(pacer.nanosUntilDue(24 * HOUR + 1_500)).isZero();
    }

    @Test
    void anAcceleratedBackfillCatchesUpThenContinuesInRealTime() {
        long start = wall.get() - HOUR;
        SimulatedClockPacer pacer = new SimulatedClockPacer(start, 60, nanos::get, wall::get);
        assertThat(pacer.nanosUntilDue(0)).isZero();
        assertThat(pacer.nanosUntilDue(60_000)).as("a simulated minute is a real second").isEqualTo(1_000 * MS);
        // After two real minutes, two simulated hours have passed: the simulated clock would be an hour ahead.
        advanceMillis(120_000);
        long nowSim = wall.get() - start;
        assertThat(pacer.nanosUntilDue(nowSim - 10)).isZero();
        assertThat(pacer.nanosUntilDue(nowSim + 30_000)).as("the wall clock, not the acceleration, sets the pace now")
                .isEqualTo(30_000 * MS);
    }

    @Test
    void slowerThanRealTimeNeverCatchesUpAndKeepsItsPace() {
        long start = wall.get() - HOUR;
        SimulatedClockPacer pacer = new SimulatedClockPacer(start, 0.5, nanos::get, wall::get);
        assertThat(pacer.nanosUntilDue(0)).isZero();
        assertThat(pacer.nanosUntilDue(1_000)).isEqualTo(2_000 * MS);
        advanceMillis(2_000);
        assertThat(pacer.nanosUntilDue(1_000)).isZero();
    }
}

package dev.fakeclicks.connect;

import java.util.function.LongSupplier;

/**
 * When an item of a simulated-clock run (start.time set) may be emitted: at the later of two instants.
 *
 * <ul>
 *   <li>With time.acceleration &gt; 0, simulated time runs that many times faster than real time, counted from
 *       the first item paced.</li>
 *   <li>Never ahead of the wall clock: an item is due once {@code start.time + its arrival} (its sent_at, which no
 *       event_time exceeds) has passed. So a backfill that reaches the present continues in real time, as a data
 *       engineer expects of "backfill, then live"; without this the simulated clock would overtake the wall clock,
 *       and brokers refuse record timestamps more than {@code log.message.timestamp.after.max.ms} (1 hour by
 *       default) ahead of theirs, failing the task.</li>
 * </ul>
 *
 * Waiting only delays items: which items are emitted, their order and contents stay those of an unpaced run.
 */
final class SimulatedClockPacer {

    private final long startEpochMillis;
    private final double acceleration;
    private final LongSupplier nanoTime;
    private final LongSupplier wallMillis;
    private long firstArrival = Long.MIN_VALUE;
    private long firstNanos;

    /**
     * @param acceleration simulated seconds per real second; 0 = no acceleration limit (only the wall clock's)
     */
    SimulatedClockPacer(long startEpochMillis, double acceleration, LongSupplier nanoTime, LongSupplier wallMillis) {
        this.startEpochMillis = startEpochMillis;
        this.acceleration = acceleration;
        this.nanoTime = nanoTime;
        this.wallMillis = wallMillis;
    }

    /** Nanoseconds until the item arriving at simulated time {@code arrival} may be emitted; 0 when it is due. */
    long nanosUntilDue(long arrival) {
        long untilWall = Math.max(0, startEpochMillis + arrival - wallMillis.getAsLong()) * 1_000_000L;
        return Math.max(untilWall, nanosUntilAccelerated(arrival));
    }

    private long nanosUntilAccelerated(long arrival) {
        if (acceleration <= 0) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        if (firstArrival == Long.MIN_VALUE) {
            firstArrival = arrival;
            firstNanos = now;
        }
        double dueNanos = (arrival - firstArrival) * 1e6 / acceleration;
        long elapsed = now - firstNanos;
        return dueNanos <= elapsed ? 0 : (long) Math.ceil(dueNanos - elapsed);
    }
}

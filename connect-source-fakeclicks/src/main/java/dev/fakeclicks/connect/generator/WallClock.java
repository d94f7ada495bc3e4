package dev.fakeclicks.connect.generator;

import java.util.function.LongSupplier;

/**
 * The live clock: {@code sent_at} is the wall clock when the record is built, never going backwards, and so is
 * {@code event_time} except for a late event. A late event's event_time lies its simulated lateness in the past,
 * but no earlier than the wall time at which the stream reached the event's on-time place
 * ({@link GeneratedEvent#onTimeArrival()}): a live run's simulated time runs faster or slower than the wall clock,
 * so a session may span a few wall seconds while its late event is minutes late in simulated time, and
 * subtracting those minutes would date it before its own session began. So the lateness is at most the configured
 * one, and, in wall time, at most how long the stream took to deliver it after its place.
 *
 * <p>To look up when the stream reached a simulated instant, the clock keeps a sample per wall millisecond it stamped:
 * the arrival of the first item stamped then. A bounded number of samples is kept; an instant older than all of them
 * gets the oldest sample's stamp, which is later than the true one: a late event may come out less late, never
 * before its session's earlier events. Used by one thread at a time (the thread walking the stream).
 */
final class WallClock implements EventClock {

    /** Samples kept: some 16 s of wall time at full speed, far more at a rate limit. */
    static final int SAMPLES = 1 << 14;

    private final LongSupplier nowMillis;
    private final long[] sampleArrival = new long[SAMPLES];
    private final long[] sampleStamp = new long[SAMPLES];
    private int oldest;
    private int size;
    private long last = Long.MIN_VALUE;

    WallClock(LongSupplier nowMillis) {
        this.nowMillis = nowMillis;
    }

    @Override
    public long sentAt(long simArrival) {
        last = Math.max(last, nowMillis.getAsLong());
        if (size > 0 && simArrival < arrival(size - 1)) {
            // Arrivals only go back when the stream is opened again behind where it was (records built ahead went
            // stale): the samples describe records that were never delivered.
            size = 0;
        }
        if (size == 0 || last > stamp(size - 1)) {
            if (size == SAMPLES) {
                oldest = (oldest + 1) % SAMPLES;
                size--;
            }
            int i = (oldest + size) % SAMPLES;
            sampleArrival[i] = simArrival;
            sampleStamp[i] = last;
            size++;
        }
        return last;
    }

    @Override
    public long eventTime(long sentAt, GeneratedEvent event) {
        if (!event.late()) {
            return sentAt;
        }
        return Math.max(sentAt - (event.simArrival() - event.simTime()), reached(event.onTimeArrival(), sentAt));
    }

    /**
     * The stamp of the last item built with an arrival at or before {@code simArrival}: the last sample at or before
     * it (the samples after it start after it). Before every sample, the oldest sample's stamp (later than the truth).
     */
    private long reached(long simArrival, long whenNone) {
        if (size == 0) {
            return whenNone;
        }
        if (simArrival < arrival(0)) {
            return stamp(0);
        }
        int lo = 0;
        int hi = size - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (arrival(mid) <= simArrival) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return stamp(lo);
    }

    private long arrival(int i) {
        return sampleArrival[(oldest + i) % SAMPLES];
    }

    private long stamp(int i) {
        return sampleStamp[(oldest + i) % SAMPLES];
    }
}

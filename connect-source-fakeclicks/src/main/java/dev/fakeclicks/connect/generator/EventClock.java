package dev.fakeclicks.connect.generator;

import java.util.function.LongSupplier;

/**
 * Maps the stream's simulated time to the timestamps an event carries when it is emitted.
 *
 * <ul>
 *   <li>Simulated (backfills): {@code event_time = start + simulated time of the event},
 *       {@code sent_at = start + simulated delivery time}; deterministic.</li>
 *   <li>Wall (live): {@code sent_at} is the wall clock when the record is built (never going backwards within a
 *       task) and so is {@code event_time}, except for a late event: see {@link WallClock}. The simulated think
 *       times are not carried over, since a live run compresses or stretches them to its rate; what stays true is
 *       that events of a session carry increasing times, and a late event's time is not before those of the
 *       on-time events of its session that precede it (two late events of a session may swap).</li>
 * </ul>
 */
public interface EventClock {

    /** Epoch millis of {@code sent_at} for an event delivered at simulated time {@code simArrival}. */
    long sentAt(long simArrival);

    /** Epoch millis of {@code event_time}, given the {@code sent_at} just computed. */
    long eventTime(long sentAt, GeneratedEvent event);

    static EventClock simulated(long startEpochMillis) {
        return new EventClock() {
            @Override
            public long sentAt(long simArrival) {
                return startEpochMillis + simArrival;
            }

            @Override
            public long eventTime(long sentAt, GeneratedEvent event) {
                return startEpochMillis + event.simTime();
            }
        };
    }

    static EventClock wall(LongSupplier nowMillis) {
        return new WallClock(nowMillis);
    }
}

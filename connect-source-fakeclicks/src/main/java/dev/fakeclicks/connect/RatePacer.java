package dev.fakeclicks.connect;

import java.util.function.LongSupplier;

/**
 * Rate limiting by batches: permits accrue at the rate up to a tenth of a second's worth (at least one,
 * at most a poll's maximum), and a poll waits until that batch is available, then takes it. So polls
 * return batches sized by the rate and the task sleeps between them instead of spinning. A rate of 0
 * means no limit.
 */
final class RatePacer {

    private final double ratePerSecond;
    private final int maxBatch;
    private final double batch;
    private final LongSupplier nanoTime;
    private double permits;
    private long last;

    RatePacer(double ratePerSecond, int maxBatch, LongSupplier nanoTime) {
        this.ratePerSecond = ratePerSecond;
        this.maxBatch = maxBatch;
        this.batch = Math.max(1.0, Math.min(maxBatch, ratePerSecond / 10.0));
        this.nanoTime = nanoTime;
        this.last = nanoTime.getAsLong();
    }

    boolean limited() {
        return ratePerSecond > 0;
    }

    /** Nanoseconds until a full batch is available; 0 when it is. */
    long nanosUntilBatch() {
        if (!limited()) {
            return 0;
        }
        refill();
        return permits >= batch ? 0 : (long) Math.ceil((batch - permits) / ratePerSecond * 1e9);
    }

    /** Takes the permits available now (a batch at most, or {@code maxBatch} without a limit). */
    int take() {
        if (!limited()) {
            return maxBatch;
        }
        refill();
        int n = (int) Math.min(Math.floor(permits), maxBatch);
        permits -= n;
        return n;
    }

    /** Returns permits taken but not used (a poll that found fewer items than it could emit), up to a batch. */
    void giveBack(int unused) {
        if (limited() && unused > 0) {
            permits = Math.min(batch, permits + unused);
        }
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        permits = Math.min(batch, permits + (now - last) * ratePerSecond / 1e9);
        last = now;
    }
}

package dev.fakeclicks.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RatePacerTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void batchesAreATenthOfASecondOfTheRate() {
        RatePacer pacer = new RatePacer(1_000, 2_000, now::get);
        assertThat(pacer.nanosUntilBatch()).isEqualTo(100_000_000L);
        now.addAndGet(100_000_000L);
        assertThat(pacer.nanosUntilBatch()).isZero();
        assertThat(pacer.take()).isEqualTo(100);
        assertThat(pacer.take()).isZero();
        // Permits never pile up beyond one batch: no bursts after a pause.
        now.addAndGet(10_000_000_000L);
        assertThat(pacer.take()).isEqualTo(100);
    }

    @Test
    void slowRatesEmitOneRecordAtATime() {
        RatePacer pacer = new RatePacer(2, 2_000, now::get);
        assertThat(pacer.nanosUntilBatch()).isEqualTo(500_000_000L);
        now.addAndGet(500_000_000L);
        assertThat(pacer.take()).isEqualTo(1);
    }

    @Test
    void overTimeTheRateHolds() {
        RatePacer pacer = new RatePacer(5_000, 2_000, now::get);
        long taken = 0;
        for (int i = 0; i < 1_000; i++) {
            now.addAndGet(pacer.nanosUntilBatch());
            taken += pacer.take();
        }
        double seconds = (now.get() - 1_000_000_000L) / 1e9;
        assertThat(taken / seconds).isBetween(4_990.0, 5_010.0);
    }

    @Test
    void permitsAPollCouldNotUseAreKeptForTheNextOne() {
        // A poll whose stream had fewer items ready (e.g. it used up its share of walking) loses no rate.
        RatePacer pacer = new RatePacer(0.125, 2_000, now::get);
        now.addAndGet(8_000_000_000L);
        assertThat(pacer.take()).isEqualTo(1);
        pacer.giveBack(1);
        assertThat(pacer.nanosUntilBatch()).isZero();
        assertThat(pacer.take()).isEqualTo(1);
        pacer.giveBack(0);
        assertThat(pacer.nanosUntilBatch()).isEqualTo(8_000_000_000L);
    }

    @Test
    void noLimitMeansFullBatchesWithoutWaiting() {
        RatePacer pacer = new RatePacer(0, 2_000, now::get);
        assertThat(pacer.nanosUntilBatch()).isZero();
        assertThat(pacer.take()).isEqualTo(2_000);
    }
}

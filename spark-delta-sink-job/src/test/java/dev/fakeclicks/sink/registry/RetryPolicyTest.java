package dev.fakeclicks.sink.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final AtomicLong now = new AtomicLong();
    private final List<Duration> sleeps = new ArrayList<>();
    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(10), Duration.ofMillis(250), Duration.ofSeconds(2));

    private <T> T call(java.util.function.Supplier<T> action) {
        return policy.call(action, e -> e instanceof IllegalStateException, () -> { }, d -> {
            sleeps.add(d);
            now.addAndGet(d.toNanos());
        }, now::get);
    }

    @Test
    void retriesWithDoublingBackoffUntilItWorks() {
        AtomicInteger attempts = new AtomicInteger();
        String result = call(() -> {
            if (attempts.incrementAndGet() < 5) {
                throw new IllegalStateException("down");
            }
            return "up";
        });

        assertThat(result).isEqualTo("up");
        assertThat(sleeps).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void givesUpAfterTheTimeoutWithTheLastErrorAndTheAttemptCount() {
        assertThatThrownBy(() -> call(() -> {
            throw new IllegalStateException("connection refused");
        }))
                .isInstanceOfSatisfying(RetryPolicy.GaveUpException.class, e -> assertThat(e.attempts()).isEqualTo(9))
                .hasMessage("gave up after 9 attempts in 10000 ms: connection refused")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(sleeps.stream().mapToLong(Duration::toMillis).sum()).isEqualTo(10_000);
        assertThat(sleeps).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void otherErrorsAreNotRetried() {
        assertThatThrownBy(() -> call(() -> {
            throw new IllegalArgumentException("bad schema");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(sleeps).isEmpty();
    }

    /** A stop interrupts the wait: thrown as Spark's stream execution recognises an interruption, the cause kept. */
    @Test
    void anInterruptedWaitIsAnInterruptionNotTheLastFailure() {
        IllegalStateException down = new IllegalStateException("redis down");
        try {
            assertThatThrownBy(() -> policy.call(() -> {
                throw down;
            }, e -> true, () -> { }, d -> {
                throw new InterruptedException();
            }, now::get))
                    .isInstanceOf(java.io.UncheckedIOException.class)
                    .cause().isInstanceOf(java.io.InterruptedIOException.class)
                    .hasMessage("interrupted while waiting to retry: redis down")
                    .cause().isSameAs(down);
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
        } finally {
            Thread.interrupted(); // clears it for the next test
        }
    }
}

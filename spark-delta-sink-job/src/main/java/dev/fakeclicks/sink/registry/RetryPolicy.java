package dev.fakeclicks.sink.registry;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded retry with exponential backoff: retry while the error is retryable and {@code timeout} has not
 * passed, sleeping {@code initialBackoff}, then twice as long each time up to {@code maxBackoff}.
 * Pure apart from the injected clock and sleeper, so it is tested without waiting.
 */
public record RetryPolicy(Duration timeout, Duration initialBackoff, Duration maxBackoff) {

    /** Sleeps; interruptible. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** The last error, how many attempts were made and how long they took. */
    public static final class GaveUpException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int attempts;

        GaveUpException(String message, int attempts, RuntimeException last) {
            super(message, last);
            this.attempts = attempts;
        }

        public int attempts() {
            return attempts;
        }
    }

    public static RetryPolicy withTimeout(Duration timeout) {
        return new RetryPolicy(timeout, Duration.ofMillis(250), Duration.ofSeconds(5));
    }

    public <T> T call(Supplier<T> action, Predicate<RuntimeException> retryable, Runnable onFailedAttempt) {
        return call(action, retryable, onFailedAttempt, d -> Thread.sleep(d.toMillis()), System::nanoTime);
    }

    public <T> T call(Supplier<T> action, Predicate<RuntimeException> retryable, Runnable onFailedAttempt,
                      Sleeper sleeper, LongSupplier nanoClock) {
        long start = nanoClock.getAsLong();
        Duration backoff = initialBackoff;
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (!retryable.test(e)) {
                    throw e;
                }
                onFailedAttempt.run();
                Duration elapsed = Duration.ofNanos(nanoClock.getAsLong() - start);
                Duration left = timeout.minus(elapsed);
                if (left.isNegative() || left.isZero()) {
                    throw new GaveUpException("gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                            + " in " + elapsed.toMillis() + " ms: " + e.getMessage(), attempts, e);
                }
                try {
                    sleeper.sleep(backoff.compareTo(left) < 0 ? backoff : left);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    // Stopped (query.stop(), shutdown) while waiting: thrown in a form Spark's stream execution takes
                    // for a stop, so a stopped query is not reported as failed by the registry.
                    InterruptedIOException stopped = new InterruptedIOException("interrupted while waiting to retry: " + e.getMessage());
                    stopped.initCause(e);
                    throw new UncheckedIOException(stopped);
                }
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) < 0 ? backoff.multipliedBy(2) : maxBackoff;
            }
        }
    }
}

package dev.fakeclicks.local.process;

import java.time.Duration;

/** Sleeping that turns an interrupt (Ctrl-C) into an exception instead of swallowing it. */
public final class Sleeper {

    private Sleeper() {
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

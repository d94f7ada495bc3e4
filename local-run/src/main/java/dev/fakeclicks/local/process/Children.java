package dev.fakeclicks.local.process;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The components this run started, for stopping them newest first. A component is added as soon as its process
 * exists, before it is ready: a start-up that times out, or a Ctrl-C during start-up, stops it too. Once
 * {@link #stopAll} has run, a component added late (started by the main thread while a shutdown hook stopped
 * the rest) is stopped at once instead of outliving the run.
 */
public final class Children {

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private boolean stopped;

    /** @throws ComponentFailure after {@link #stopAll}, having stopped {@code component} */
    public synchronized <T extends AutoCloseable> T add(T component) {
        if (stopped) {
            closeQuietly(component);
            throw new ComponentFailure("run-local", "is stopping", null);
        }
        started.push(component);
        return component;
    }

    /** Forgets a component that has ended by itself (a one-off tool). */
    public synchronized void remove(AutoCloseable component) {
        started.remove(component);
    }

    public synchronized List<AutoCloseable> list() {
        return List.copyOf(started);
    }

    public synchronized int size() {
        return started.size();
    }

    /** Stops every component, newest first; reports a component that failed to stop and goes on with the rest. */
    public synchronized void stopAll(BiConsumer<AutoCloseable, Exception> onError) {
        stopped = true;
        while (!started.isEmpty()) {
            AutoCloseable component = started.pop();
            try {
                component.close();
            } catch (Exception e) {
                onError.accept(component, e);
            }
        }
    }

    private static void closeQuietly(AutoCloseable component) {
        try {
            component.close();
        } catch (Exception e) {
            // Stopping anyway; the component's own log says more.
        }
    }
}

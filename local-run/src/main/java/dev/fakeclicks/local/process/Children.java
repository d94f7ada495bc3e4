package dev.fakeclicks.local.process;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The components this run started, for stopping them newest first. A component is added as soon as its process
 * exists ({@link #start}), before it is ready: a start-up that times out, or a Ctrl-C during start-up, stops it too. Once
 * {@link #stopAll} has run, a component added late (started by the main thread while a shutdown hook stopped
 * the rest) is stopped at once instead of outliving the run.
 */
public final class Children {

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private boolean stopped;

    /**
     * Starts a component and adds it, with no window for {@link #stopAll} in between: the start (a process spawn,
     * which is quick; not the wait for readiness) runs under this registry's lock. So a shutdown hook's stopAll
     * either comes first, and nothing is started, or waits for the spawn and stops it. With {@code add(start())}
     * the hook could finish, and the JVM halt, between the spawn and the add, leaving the process running.
     *
     * @throws ComponentFailure after {@link #stopAll}, without calling {@code start}
     */
    public synchronized <T extends AutoCloseable> T start(Supplier<T> start) {
        if (stopped) {
            throw stopping();
        }
        return add(start.get());
    }

    /**
     * Adds a component that exists already; for one whose process is started later and that stops a start still to
     * come when closed (see RedisServerProcess), or that has none yet.
     *
     * @throws ComponentFailure after {@link #stopAll}, having stopped {@code component}
     */
    public synchronized <T extends AutoCloseable> T add(T component) {
        if (stopped) {
            closeQuietly(component);
            throw stopping();
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

    private static ComponentFailure stopping() {
        return new ComponentFailure("run-local", "is stopping", null);
    }

    private static void closeQuietly(AutoCloseable component) {
        try {
            component.close();
        } catch (Exception e) {
            // Stopping anyway; the component's own log says more.
        }
    }
}

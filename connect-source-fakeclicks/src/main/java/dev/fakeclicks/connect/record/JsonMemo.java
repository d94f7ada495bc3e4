package dev.fakeclicks.connect.record;

/**
 * What the {@link EventStruct}s of one {@link EventStructs} share about the JSON they remember.
 *
 * <ul>
 *   <li>Whether a converter asked for each event's JSON ({@link #want}): then the thread that builds the
 *   structs writes it too, right after building them, while they are still in that core's cache. A task's
 *   records wait in the prefetch queue and the producer's buffers long enough to leave the cache, and writing
 *   them on the task thread costs two to three times as much as writing them fresh.</li>
 *   <li>Whether a finished struct was changed in place ({@link #edited}): then the remembered JSON of any
 *   struct holding it may be stale, and none is trusted any more. Connect's transformations build new
 *   structs, so this does not happen in practice; it keeps a remembered value correct if it does.</li>
 * </ul>
 */
final class JsonMemo {

    private volatile boolean wanted;
    private volatile boolean edited;

    /** Called for every record the converter writes itself; a volatile read is cheap, a write on each call is not. */
    void want() {
        if (!wanted) {
            wanted = true;
        }
    }

    boolean wanted() {
        return wanted && !edited;
    }

    void edited() {
        edited = true;
    }

    boolean trusted() {
        return !edited;
    }
}

package dev.fakeclicks.connect;

import dev.fakeclicks.connect.generator.ClickStream;
import dev.fakeclicks.connect.generator.StreamCursor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Source partitions and offsets. Each task owns one partition, {@code {"task": i, "tasks": n}}; its offset
 * is the position in the task's deterministic stream plus what makes resuming cheap:
 *
 * <pre>
 * {"position": 1234,            items emitted so far (required)
 *  "seed": 42,                  the stream's seed (kept so a random seed survives restarts)
 *  "cursor_arrival": ..., "cursor_user": ..., "cursor_visit": ..., "cursor_index": ..., "cursor_variant": ...,
 *                               the last item's key: resume regenerates only the last hours of visits
 *  "type_counts": "page_view=12,purchase=1"}   bounded runs: events emitted per type
 * </pre>
 *
 * An offset with only {@code position} (e.g. set through {@code PATCH /connectors/<name>/offsets}) is valid:
 * the task replays its stream from the start and skips that many items.
 */
public final class StreamOffsets {

    static final String TASK = "task";
    static final String TASKS = "tasks";
    static final String POSITION = "position";
    static final String SEED = "seed";
    static final String CURSOR_ARRIVAL = "cursor_arrival";
    static final String CURSOR_USER = "cursor_user";
    static final String CURSOR_VISIT = "cursor_visit";
    static final String CURSOR_INDEX = "cursor_index";
    static final String CURSOR_VARIANT = "cursor_variant";
    static final String TYPE_COUNTS = "type_counts";
    private static final List<String> CURSOR_KEYS = List.of(CURSOR_ARRIVAL, CURSOR_USER, CURSOR_VISIT, CURSOR_INDEX, CURSOR_VARIANT);

    private StreamOffsets() {
    }

    public static Map<String, Object> partition(int task, int tasks) {
        // Connect finds offsets by the partition's serialized bytes, and deserializes stored partitions into a
        // default-sized HashMap (e.g. for GET /connectors/<name>/offsets). A HashMap of another capacity can
        // iterate, and so serialize, in another order: keep the default so both sides write the same bytes.
        Map<String, Object> p = new HashMap<>();
        p.put(TASK, task);
        p.put(TASKS, tasks);
        return p;
    }

    /** The offset after the stream's last emitted item. */
    static Map<String, Object> offset(ClickStream stream, long seed, boolean bounded) {
        Map<String, Object> o = new HashMap<>(16);
        o.put(POSITION, stream.position());
        o.put(SEED, seed);
        StreamCursor c = stream.cursor();
        if (c != null) {
            o.put(CURSOR_ARRIVAL, c.arrival());
            o.put(CURSOR_USER, c.user());
            o.put(CURSOR_VISIT, c.visit());
            o.put(CURSOR_INDEX, c.index());
            o.put(CURSOR_VARIANT, c.variant());
        }
        if (bounded) {
            StringBuilder counts = new StringBuilder();
            stream.counts().forEach((type, n) -> {
                if (n > 0) {
                    counts.append(counts.length() == 0 ? "" : ",").append(type).append('=').append(n);
                }
            });
            o.put(TYPE_COUNTS, counts.toString());
        }
        return o;
    }

    /** The seed stored in an offset, or null. */
    static Long seed(Map<String, ?> offset) {
        Object seed = offset.get(SEED);
        return seed instanceof Number n ? n.longValue() : null;
    }

    /** How to resume from a stored offset; throws with a readable message when the offset is malformed. */
    static ClickStream.Resume resume(Map<String, ?> offset) {
        String problem = problem(offset);
        if (problem != null) {
            throw new ConnectException("stored offset " + offset + " is not usable: " + problem);
        }
        long position = ((Number) offset.get(POSITION)).longValue();
        if (offset.get(CURSOR_ARRIVAL) == null) {
            return new ClickStream.Resume(position, null, Map.of());
        }
        StreamCursor cursor = new StreamCursor(
                ((Number) offset.get(CURSOR_ARRIVAL)).longValue(), ((Number) offset.get(CURSOR_USER)).intValue(),
                ((Number) offset.get(CURSOR_VISIT)).longValue(), ((Number) offset.get(CURSOR_INDEX)).intValue(),
                ((Number) offset.get(CURSOR_VARIANT)).intValue());
        Map<String, Long> counts = new LinkedHashMap<>();
        Object raw = offset.get(TYPE_COUNTS);
        if (raw != null && !raw.toString().isEmpty()) {
            for (String pair : raw.toString().split(",")) {
                String[] kv = pair.split("=", 2);
                counts.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return new ClickStream.Resume(position, cursor, counts);
    }

    /** What is wrong with a partition, or null. */
    static String partitionProblem(Map<String, ?> partition) {
        if (partition == null) {
            return "the source partition is missing";
        }
        Object task = partition.get(TASK);
        Object tasks = partition.get(TASKS);
        if (!(task instanceof Number) || !(tasks instanceof Number)) {
            return "a source partition is {\"task\": <index>, \"tasks\": <count>}, got " + partition;
        }
        long t = ((Number) task).longValue();
        long n = ((Number) tasks).longValue();
        if (n < 1 || t < 0 || t >= n) {
            return "task must be in [0, tasks) and tasks >= 1, got " + partition;
        }
        if (partition.size() != 2) {
            return "unexpected keys in source partition " + partition + " (expected only task and tasks)";
        }
        return null;
    }

    /**
     * What is wrong with the seed of an offset set from outside (PATCH .../offsets), given the connector's
     * {@code random.seed} (null when unset), or null. Without random.seed the offset is the only place the stream's
     * seed lives: a position without it would be a position in the stream of a new random seed. With random.seed,
     * a different seed in the offset would make the task discard the offset and start from the beginning.
     */
    static String seedProblem(Map<String, ?> offset, Long configuredSeed) {
        Long seed = seed(offset);
        Object position = offset.get(POSITION);
        if (configuredSeed == null && seed == null) {
            return "random.seed is not set, so the stream's seed must be in the offset: give {\"position\": " + position
                    + ", \"seed\": S} with the stream's seed S, found in GET /connectors/<name>/offsets (\"seed\") or in the "
                    + "connector's start log (\"this run uses seed S\"). A position alone would count into the stream of a "
                    + "new random seed; to start a new stream, reset the offsets (DELETE /connectors/<name>/offsets)";
        }
        if (configuredSeed != null && seed != null && !seed.equals(configuredSeed)) {
            return "\"seed\": " + seed + " contradicts random.seed=" + configuredSeed + ", whose stream the task runs (it would "
                    + "discard this offset and start from the beginning): give \"seed\": " + configuredSeed + " or leave it out";
        }
        return null;
    }

    /** What is wrong with an offset, or null. */
    static String problem(Map<String, ?> offset) {
        Object position = offset.get(POSITION);
        if (!(position instanceof Number) || ((Number) position).longValue() < 0) {
            return "\"position\" must be a non-negative integer, got " + position;
        }
        if (offset.containsKey(SEED) && !(offset.get(SEED) instanceof Number)) {
            return "\"seed\" must be an integer";
        }
        long present = CURSOR_KEYS.stream().filter(k -> offset.get(k) != null).count();
        if (present != 0 && present != CURSOR_KEYS.size()) {
            return "give all of " + CURSOR_KEYS + " or none of them";
        }
        for (String k : CURSOR_KEYS) {
            if (offset.get(k) != null && !(offset.get(k) instanceof Number)) {
                return "\"" + k + "\" must be an integer";
            }
        }
        Object counts = offset.get(TYPE_COUNTS);
        if (counts != null && !counts.toString().isEmpty()
                && !counts.toString().matches("[a-z][a-z0-9_]{0,63}=\\d+(,[a-z][a-z0-9_]{0,63}=\\d+)*")) {
            return "\"type_counts\" must look like page_view=12,purchase=1";
        }
        if (counts != null && present == 0) {
            return "\"type_counts\" only makes sense with the cursor fields";
        }
        for (String key : offset.keySet()) {
            if (!key.equals(POSITION) && !key.equals(SEED) && !key.equals(TYPE_COUNTS) && !CURSOR_KEYS.contains(key)) {
                return "unknown key \"" + key + "\"";
            }
        }
        return null;
    }
}

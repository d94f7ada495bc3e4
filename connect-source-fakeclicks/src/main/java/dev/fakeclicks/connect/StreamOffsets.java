package dev.fakeclicks.connect;

import dev.fakeclicks.catalogue.EventTypeNames;
import dev.fakeclicks.connect.generator.ClickStream;
import dev.fakeclicks.connect.generator.StreamCursor;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Source partitions and offsets. Each task owns one partition, {@code {"task": i, "tasks": n}}; its offset
 * is the position in the task's deterministic stream plus what makes resuming cheap:
 *
 * <pre>
 * {"position": 1234,            items emitted so far (required)
 *  "stream_version": 3,         the generator's {@link ClickStream#STREAM_VERSION}; another version is refused
 *  "seed": 42,                  the stream's seed (kept so a random seed survives restarts)
 *  "cursor_arrival": ..., "cursor_user": ..., "cursor_visit": ..., "cursor_index": ..., "cursor_variant": ...,
 *                               the last item's key: resume regenerates only the last hours of visits
 *  "type_counts": "page_view=12,purchase=1",  bounded runs: events emitted per type
 *  "stream_options": "products=1000,..."}     the options that shape the stream ({@link FakeClicksConfig#streamOptions()});
 *                               a task refuses an offset written with other values
 * </pre>
 *
 * An offset with only {@code position} (e.g. set through {@code PATCH /connectors/<name>/offsets}) is valid:
 * the task replays its stream from the start and skips that many items. Numbers must be whole (1000 or 1000.0,
 * not 1000.7) and fit their field; a bounded run's offset with a cursor must carry its {@code type_counts}. An
 * offset without {@code stream_version} is taken as this version's (a PATCH need not give it).
 */
public final class StreamOffsets {

    static final String TASK = "task";
    static final String TASKS = "tasks";
    static final String POSITION = "position";
    static final String SEED = "seed";
    static final String STREAM_VERSION = "stream_version";
    static final String CURSOR_ARRIVAL = "cursor_arrival";
    static final String CURSOR_USER = "cursor_user";
    static final String CURSOR_VISIT = "cursor_visit";
    static final String CURSOR_INDEX = "cursor_index";
    static final String CURSOR_VARIANT = "cursor_variant";
    static final String TYPE_COUNTS = "type_counts";
    static final String STREAM_OPTIONS = "stream_options";
    private static final List<String> CURSOR_KEYS = List.of(CURSOR_ARRIVAL, CURSOR_USER, CURSOR_VISIT, CURSOR_INDEX, CURSOR_VARIANT);
    /** Cursor fields the stream keeps as int. */
    private static final List<String> INT_CURSOR_KEYS = List.of(CURSOR_USER, CURSOR_INDEX, CURSOR_VARIANT);
    private static final String TYPE_COUNTS_EXAMPLE = "\"page_view=12,purchase=1\"";

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

    /**
     * The offset after the stream's last emitted item. Every record carries its own (Connect keeps each until it is
     * committed), so this runs per record: one compact immutable map, and the bounded run's type counts as the stream
     * keeps them ({@link ClickStream#typeCountsText()}, written again only for the type that changed).
     */
    static Map<String, Object> offset(ClickStream stream, long seed, boolean bounded, String streamOptions) {
        Long position = stream.position();
        Integer version = ClickStream.STREAM_VERSION;
        Long boxedSeed = seed;
        StreamCursor c = stream.cursor();
        if (c == null) {
            // nothing emitted yet
            return Map.of(POSITION, position, STREAM_VERSION, version, SEED, boxedSeed, STREAM_OPTIONS, streamOptions);
        }
        if (!bounded) {
            return Map.of(POSITION, position, STREAM_VERSION, version, SEED, boxedSeed, CURSOR_ARRIVAL, c.arrival(),
                    CURSOR_USER, c.user(), CURSOR_VISIT, c.visit(), CURSOR_INDEX, c.index(), CURSOR_VARIANT, c.variant(),
                    STREAM_OPTIONS, streamOptions);
        }
        return Map.of(POSITION, position, STREAM_VERSION, version, SEED, boxedSeed, CURSOR_ARRIVAL, c.arrival(),
                CURSOR_USER, c.user(), CURSOR_VISIT, c.visit(), CURSOR_INDEX, c.index(), CURSOR_VARIANT, c.variant(),
                TYPE_COUNTS, stream.typeCountsText(), STREAM_OPTIONS, streamOptions);
    }

    /** The seed stored in an offset, or null. */
    static Long seed(Map<String, ?> offset) {
        return integral(offset.get(SEED));
    }

    /**
     * The value as a long when it is a whole number that fits one, else null. A PATCH body is parsed by Jackson,
     * so numbers arrive as Integer, Long, BigInteger (beyond a long) or Double (1000.7, 1e3); {@link Number#longValue}
     * would silently truncate or wrap them.
     */
    static Long integral(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? big.longValue() : null;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            // 2^63 is exact as a double; every double below it in magnitude with no fraction fits a long.
            return d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63 ? (long) d : null;
        }
        if (value instanceof Number n) {
            try {
                return new BigDecimal(n.toString()).longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * How a run with {@code eventsPerType} (0: unbounded) resumes from a stored offset; throws with a readable message
     * when the offset is malformed, or when a bounded run finds a cursor without counts (an unbounded run of the
     * same connector wrote it): counting from 0, it would emit every type's whole quota on top of what is there.
     */
    static ClickStream.Resume resume(Map<String, ?> offset, long eventsPerType) {
        String problem = problem(offset);
        if (problem != null) {
            throw new ConnectException("stored offset " + offset + " is not usable: " + problem);
        }
        if (boundedRunProblem(offset, eventsPerType) != null) {
            throw new ConnectException("stored offset " + offset + " has no \"type_counts\": an unbounded run of this connector"
                    + " wrote it, and this run is bounded (events.per.type=" + eventsPerType + "), so it cannot tell how many"
                    + " events of each type were emitted. Stop the connector and reset its offsets"
                    + " (DELETE /connectors/<name>/offsets) to start the bounded run afresh, or deploy it under a new name"
                    + " (with random.seed set, either way the run starts the seed's stream again: the same event ids)");
        }
        long position = integral(offset.get(POSITION));
        if (offset.get(CURSOR_ARRIVAL) == null) {
            return new ClickStream.Resume(position, null, Map.of());
        }
        StreamCursor cursor = new StreamCursor(
                integral(offset.get(CURSOR_ARRIVAL)), Math.toIntExact(integral(offset.get(CURSOR_USER))),
                integral(offset.get(CURSOR_VISIT)), Math.toIntExact(integral(offset.get(CURSOR_INDEX))),
                Math.toIntExact(integral(offset.get(CURSOR_VARIANT))));
        Map<String, Long> counts = new LinkedHashMap<>();
        Object raw = offset.get(TYPE_COUNTS);
        if (raw != null && !raw.toString().isEmpty()) {
            for (String pair : raw.toString().split(",")) {
                String[] kv = pair.split("=", 2);
                counts.put(kv[0], Long.parseLong(kv[1])); // problem() checked that each is a count that fits
            }
        }
        return new ClickStream.Resume(position, cursor, counts);
    }

    /** The task count of a partition that {@link #partitionProblem} accepts. */
    static long taskCount(Map<String, ?> partition) {
        return partitionNumber(partition.get(TASKS));
    }

    /**
     * What is wrong with giving a partition that {@link #partitionProblem} accepts an offset that {@link #problem}
     * accepts, or null: a cursor's visitor slot must be one of the partition's task's (slot i goes to task i % tasks).
     * Another task's offset (e.g. pasted under the wrong partition from GET .../offsets) would resume this task at that
     * task's place, with its counts: a bounded run's totals would come out wrong.
     */
    static String shardProblem(Map<String, ?> partition, Map<String, ?> offset) {
        if (offset.get(CURSOR_USER) == null) {
            return null;
        }
        long task = partitionNumber(partition.get(TASK));
        long tasks = taskCount(partition);
        long user = integral(offset.get(CURSOR_USER));
        if (user % tasks != task) {
            return "\"" + CURSOR_USER + "\": " + user + " is a visitor slot of task " + user % tasks + ", not of task " + task
                    + " (slot i belongs to task i % tasks, here " + tasks + "): this is another partition's offset. Give each"
                    + " partition the offset GET /connectors/<name>/offsets shows for it";
        }
        return null;
    }

    /**
     * A partition's number as a long when it is an integer as JSON writes one, else null. Unlike an offset's numbers,
     * 0.0 or 1e0 will not do: Connect finds offsets by the partition's serialized bytes, and a task writes "0", so an
     * offset stored under "0.0" is never read.
     */
    private static Long partitionNumber(Object value) {
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return null;
        }
        return integral(value);
    }

    /** What is wrong with a partition, or null. */
    static String partitionProblem(Map<String, ?> partition) {
        if (partition == null) {
            return "the source partition is missing";
        }
        Long t = partitionNumber(partition.get(TASK));
        Long n = partitionNumber(partition.get(TASKS));
        if (t == null || n == null) {
            return "a source partition is {\"task\": <index>, \"tasks\": <count>} with integers (no decimal point), got "
                    + partition + (partition.get(TASK) instanceof String || partition.get(TASKS) instanceof String
                    ? " (a number in quotes is a string: write 0, not \"0\")" : "");
        }
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

    /**
     * What is wrong with resuming an offset under a configuration whose stream-shaping options are {@code current}
     * ({@link FakeClicksConfig#streamOptions()}), or null; an offset without them (a PATCH, an older plugin) is taken
     * as written with the current ones. With another value of such an option, a slot's visits come at other times or
     * walk other ways under the same event ids (a function of seed, slot, visit and index), so the position lands in
     * another stream: events already sent would be sent again under their ids, and others never.
     */
    static String streamOptionsProblem(Map<String, ?> offset, String current) {
        Object stored = offset.get(STREAM_OPTIONS);
        if (stored == null || stored.equals(current)) {
            return null;
        }
        Map<String, String> was = optionValues(stored.toString());
        Map<String, String> now = optionValues(current);
        Set<String> names = new LinkedHashSet<>(was.keySet());
        names.addAll(now.keySet());
        List<String> changed = new ArrayList<>();
        for (String name : names) {
            if (!Objects.equals(was.get(name), now.get(name))) {
                changed.add(name + "=" + was.getOrDefault(name, "(none)") + " (now " + now.getOrDefault(name, "(none)") + ")");
            }
        }
        return "it is a position in the stream of " + String.join(", ", changed) + ". These options shape the stream: under "
                + "other values the visits after the offset come at other times or walk other ways, under the same event ids,"
                + " so resuming would send events already sent again (same event_id) and skip others. Set them back to "
                + "continue the stream; to start a new one, also change random.seed (the new seed's stream starts from its "
                + "beginning, with new ids) or, without random.seed, stop the connector, reset its offsets (DELETE "
                + "/connectors/<name>/offsets) and resume it (a new seed is drawn)";
    }

    private static Map<String, String> optionValues(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], kv.length == 2 ? kv[1] : "");
        }
        return values;
    }

    /**
     * What is wrong with an offset set from outside for a connector whose run is bounded ({@code events.per.type}
     * &gt; 0) or not, or null. A cursor resumes the stream right after it with the counts the offset gives: a bounded
     * run's offset without them would start every type's count at 0, and the task would emit its whole quota again.
     */
    static String boundedRunProblem(Map<String, ?> offset, long eventsPerType) {
        if (eventsPerType > 0 && offset.get(CURSOR_ARRIVAL) != null && offset.get(TYPE_COUNTS) == null) {
            return "events.per.type=" + eventsPerType + " bounds this connector's run, so an offset with the cursor fields "
                    + CURSOR_KEYS + " must also give \"type_counts\", the events emitted so far per type (e.g. "
                    + TYPE_COUNTS_EXAMPLE + ", as in GET /connectors/<name>/offsets); without it the task would count "
                    + "from 0 and emit its whole quota of every type again. To rewind without the counts, give "
                    + "\"position\" (and \"seed\") alone: the task then replays its stream and counts as it skips";
        }
        return null;
    }

    /**
     * An offset's value as a refusal shows it: a number in quotes (a PATCH body's {@code "position": "1000"}) is a
     * string, which would otherwise print as 1000 and leave the reader wondering what is wrong with it.
     */
    private static String shown(Object value) {
        return value instanceof String text ? "\"" + text + "\" (a string: write numbers without quotes)" : String.valueOf(value);
    }

    /** What is wrong with an offset, or null. */
    static String problem(Map<String, ?> offset) {
        Object position = offset.get(POSITION);
        Long p = integral(position);
        if (p == null || p < 0) {
            return "\"position\" must be a non-negative whole number, got " + shown(position);
        }
        if (offset.containsKey(STREAM_VERSION)) {
            String versionProblem = streamVersionProblem(offset.get(STREAM_VERSION));
            if (versionProblem != null) {
                return versionProblem;
            }
        }
        if (offset.containsKey(SEED) && integral(offset.get(SEED)) == null) {
            return "\"seed\" must be a whole number that fits a long, got " + shown(offset.get(SEED));
        }
        long present = CURSOR_KEYS.stream().filter(k -> offset.get(k) != null).count();
        if (present != 0 && present != CURSOR_KEYS.size()) {
            return "give all of " + CURSOR_KEYS + " or none of them";
        }
        for (String k : CURSOR_KEYS) {
            Object value = offset.get(k);
            if (value == null) {
                continue;
            }
            Long n = integral(value);
            if (n == null) {
                return "\"" + k + "\" must be a whole number, got " + shown(value);
            }
            if (INT_CURSOR_KEYS.contains(k) && (n < 0 || n > Integer.MAX_VALUE)) {
                return "\"" + k + "\" must be in [0, " + Integer.MAX_VALUE + "], got " + value;
            }
        }
        Object counts = offset.get(TYPE_COUNTS);
        if (counts != null) {
            String countsProblem = typeCountsProblem(counts);
            if (countsProblem != null) {
                return countsProblem;
            }
        }
        if (counts != null && present == 0) {
            return "\"type_counts\" only makes sense with the cursor fields";
        }
        Object streamOptions = offset.get(STREAM_OPTIONS);
        if (streamOptions != null && !(streamOptions instanceof String)) {
            return "\"" + STREAM_OPTIONS + "\" must be a string as in GET /connectors/<name>/offsets, got " + streamOptions;
        }
        for (String key : offset.keySet()) {
            if (!key.equals(POSITION) && !key.equals(STREAM_VERSION) && !key.equals(SEED) && !key.equals(TYPE_COUNTS)
                    && !key.equals(STREAM_OPTIONS) && !CURSOR_KEYS.contains(key)) {
                return "unknown key \"" + key + "\"";
            }
        }
        return null;
    }

    /**
     * What is wrong with an offset's stream version, or null. A plugin upgrade may generate a seed's stream differently;
     * resuming the old stream's position in the new one would send some events twice and skip others, silently.
     */
    private static String streamVersionProblem(Object version) {
        Long v = integral(version);
        if (v == null) {
            return "\"" + STREAM_VERSION + "\" must be a whole number, got " + shown(version);
        }
        if (v != ClickStream.STREAM_VERSION) {
            return "it is a position in version " + v + " of the generator's stream, and this plugin (" + Version.VERSION
                    + ") generates version " + ClickStream.STREAM_VERSION + ", where that position lands between other events"
                    + " (some would be sent twice, others never). Stop the connector (PUT /connectors/<name>/stop), reset"
                    + " its offsets (DELETE /connectors/<name>/offsets) and resume it to start the new version's stream, or"
                    + " deploy it under a new name; to continue the old stream, run the plugin version that wrote it";
        }
        return null;
    }

    private static String typeCountsProblem(Object counts) {
        if (!(counts instanceof String text)) {
            return "\"type_counts\" must be a string like " + TYPE_COUNTS_EXAMPLE + ", got " + counts;
        }
        if (text.isEmpty()) {
            return null; // nothing emitted yet
        }
        Set<String> types = new HashSet<>();
        for (String pair : text.split(",", -1)) {
            String[] kv = pair.split("=", -1);
            if (kv.length != 2 || !EventTypeNames.isValid(kv[0]) || !kv[1].matches("\\d+")) {
                return "\"type_counts\" must look like " + TYPE_COUNTS_EXAMPLE + ": \"" + pair + "\" in \"" + text
                        + "\" is not <event type>=<count>";
            }
            if (FakeClicksConfig.catalogue().get(kv[0]).isEmpty()) {
                // A misspelt type would be ignored, and the task would emit that type's whole quota again.
                return "\"type_counts\": \"" + kv[0] + "\" in \"" + text + "\" is not an event type of the catalogue; known: "
                        + String.join(", ", FakeClicksConfig.catalogue().types());
            }
            try {
                Long.parseLong(kv[1]);
            } catch (NumberFormatException e) {
                return "\"type_counts\": the count in \"" + pair + "\" is larger than " + Long.MAX_VALUE;
            }
            if (!types.add(kv[0])) {
                return "\"type_counts\" gives \"" + kv[0] + "\" twice in \"" + text + "\"";
            }
        }
        return null;
    }
}

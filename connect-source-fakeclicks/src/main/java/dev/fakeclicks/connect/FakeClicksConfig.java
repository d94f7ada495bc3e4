package dev.fakeclicks.connect;

import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.catalogue.EventTypeNames;
import dev.fakeclicks.connect.generator.BadRecordKind;
import dev.fakeclicks.connect.generator.FunnelSettings;
import dev.fakeclicks.connect.generator.GeneratorSettings;
import dev.fakeclicks.connect.record.RawPassthroughJsonConverter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The connector's options: the only place they are defined, documented, read and validated. Single-option
 * checks live in the {@link ConfigDef} validators; checks across options in {@link #crossProblems()}, which
 * {@link FakeClicksSourceConnector#validate} attaches to the option they name.
 */
public final class FakeClicksConfig extends AbstractConfig {

    public static final String TOPIC = "topic";
    public static final String EVENTS_PER_TYPE = "events.per.type";
    public static final String EVENTS_PER_SECOND = "events.per.second";
    public static final String EVENT_TYPES = "event.types";
    public static final String USERS = "users";
    public static final String PRODUCTS = "products";
    public static final String RANDOM_SEED = "random.seed";
    public static final String START_TIME = "start.time";
    public static final String TIME_ACCELERATION = "time.acceleration";
    public static final String VISITS_PER_USER_PER_DAY = "visits.per.user.per.day";
    public static final String LATE_EVENTS_RATIO = "late.events.ratio";
    public static final String LATE_EVENTS_MAX_LATENESS_MS = "late.events.max.lateness.ms";
    public static final String DUPLICATES_RATIO = "duplicates.ratio";
    public static final String BAD_RECORDS_RATIO = "bad.records.ratio";
    public static final String BAD_RECORDS_KINDS = "bad.records.kinds";
    public static final String FUNNEL_BOUNCE_RATE = "funnel.bounce.rate";
    public static final String FUNNEL_EXIT_RATE = "funnel.exit.rate";
    public static final String FUNNEL_ADD_TO_CART_RATE = "funnel.add.to.cart.rate";
    public static final String FUNNEL_CHECKOUT_RATE = "funnel.checkout.rate";
    public static final String FUNNEL_CART_REMOVAL_RATE = "funnel.cart.removal.rate";
    public static final String FUNNEL_CHECKOUT_STEP_RATE = "funnel.checkout.step.rate";
    public static final String POLL_MAX_RECORDS = "poll.max.records";

    /** Set by the connector for each task; not user options. */
    static final String TASK_INDEX = "fakeclicks.task.index";
    static final String TASK_COUNT = "fakeclicks.task.count";
    static final String TASK_SEED = "fakeclicks.task.seed";
    static final String TASK_SEED_EXPLICIT = "fakeclicks.task.seed.explicit";
    /** Connect's own options, read for cross-option checks. */
    static final String TASKS_MAX = "tasks.max";
    public static final String VALUE_CONVERTER = "value.converter";

    /**
     * The options that shape a seed's stream beyond filtering it: with another value, a slot's visits come at other
     * times (visits, late events) or walk other ways (funnel, products), under the same event ids. Offsets carry their
     * values, and a task refuses to resume an offset written with others (see {@link StreamOffsets#streamOptionsProblem}).
     * The others are safe to change on a running connector: which types are emitted and how many, duplicates and bad
     * records (extra records after their event), timing and pacing, and users (new slots, the old ones' visits unchanged).
     */
    static final List<String> STREAM_OPTIONS = List.of(PRODUCTS, VISITS_PER_USER_PER_DAY, LATE_EVENTS_RATIO,
            LATE_EVENTS_MAX_LATENESS_MS, FUNNEL_BOUNCE_RATE, FUNNEL_EXIT_RATE, FUNNEL_ADD_TO_CART_RATE, FUNNEL_CHECKOUT_RATE,
            FUNNEL_CART_REMOVAL_RATE, FUNNEL_CHECKOUT_STEP_RATE);

    /**
     * The types a funnel rate of exactly 0 rules out, each of them needing that step (see SessionGenerator): a bounded
     * run asking for them could never finish, so validation refuses it. Rarer dead ends (every session bouncing) are
     * left to the task's stall search.
     */
    private static final List<FunnelGate> ZERO_RATE_GATES = List.of(
            new FunnelGate(FUNNEL_ADD_TO_CART_RATE, List.of("add_to_cart", "cart_view", "remove_from_cart", "checkout_start",
                    "add_shipping_info", "add_payment_info", "purchase")),
            new FunnelGate(FUNNEL_CHECKOUT_RATE, List.of("checkout_start", "add_shipping_info", "add_payment_info", "purchase")),
            new FunnelGate(FUNNEL_CART_REMOVAL_RATE, List.of("remove_from_cart")),
            new FunnelGate(FUNNEL_CHECKOUT_STEP_RATE, List.of("add_shipping_info", "add_payment_info", "purchase")));

    private record FunnelGate(String rate, List<String> types) {
    }

    private static final Catalogue CATALOGUE = Catalogue.builtIn();
    private static final java.time.Duration START_TIME_CLOCK_SKEW = java.time.Duration.ofMinutes(1);
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public static final ConfigDef CONFIG_DEF = configDef();

    public FakeClicksConfig(Map<String, String> props) {
        super(CONFIG_DEF, props, false);
    }

    private static ConfigDef configDef() {
        FunnelSettings f = FunnelSettings.DEFAULTS;
        String what = "What";
        String time = "Time";
        String faults = "Test data for the downstream";
        String funnel = "Funnel";
        int[] order = {0};
        ConfigDef def = new ConfigDef()
                .define(TOPIC, Type.STRING, "raw_events", (name, value) -> {
                    if (value == null || !TOPIC_NAME.matcher(value.toString()).matches()
                            || value.equals(".") || value.equals("..")) {
                        throw new ConfigException(name, value, "a topic name is 1 to 249 of a-z A-Z 0-9 . _ -, "
                                + "and not \".\" or \"..\"");
                    }
                }, Importance.HIGH, "Kafka topic the events are written to.", what, ++order[0], ConfigDef.Width.MEDIUM, "Topic")
                .define(EVENTS_PER_TYPE, Type.LONG, 0L, Range.atLeast(0), Importance.HIGH,
                        "When > 0, a bounded run: exactly this many events of every enabled type in total over all tasks, "
                                + "then the tasks stay RUNNING and idle (log \"done: N events\"). 0 = unbounded.",
                        what, ++order[0], ConfigDef.Width.SHORT, "Events per type")
                .define(EVENTS_PER_SECOND, Type.DOUBLE, 0.0, finite(Range.atLeast(0)), Importance.HIGH,
                        "Records per second over all tasks (each task gets an equal share): events plus any duplicates and bad "
                                + "records; 0 = as fast as possible.",
                        what, ++order[0], ConfigDef.Width.SHORT, "Events per second")
                .define(EVENT_TYPES, Type.LIST, "", FakeClicksConfig::validateTypes, Importance.MEDIUM,
                        "Comma-separated event types to emit; empty = every type of the catalogue. Sessions still walk "
                                + "the whole funnel, other types are just not emitted.",
                        what, ++order[0], ConfigDef.Width.LONG, "Event types")
                .define(USERS, Type.INT, 10_000, Range.between(1, GeneratorSettings.MAX_USERS), Importance.MEDIUM,
                        "Number of visitor slots in the pool. Each slot hosts successive visitors (churn: a newcomer "
                                + "replaces a slot's visitor at a quarter of its visits); slots are sharded across tasks "
                                + "(slot i goes to task i % tasks), so a session never spans tasks.",
                        what, ++order[0], ConfigDef.Width.SHORT, "Users")
                .define(PRODUCTS, Type.INT, 1_000, Range.between(1, GeneratorSettings.MAX_PRODUCTS), Importance.MEDIUM,
                        "Size of the product catalogue (Zipf-like popularity). Product i is the same product whatever random.seed "
                                + "or products: a larger catalogue extends a smaller one.", what, ++order[0], ConfigDef.Width.SHORT, "Products")
                .define(RANDOM_SEED, Type.LONG, null, Importance.MEDIUM,
                        "Seed of the traffic (visitors, sessions, product popularity, ids); the same seed and options give the same "
                                + "events. The product catalogue does not depend on it. Unset = a random "
                                + "seed, logged at start (and kept in the offsets, so a restart continues the same stream).",
                        what, ++order[0], ConfigDef.Width.SHORT, "Random seed")
                .define(VISITS_PER_USER_PER_DAY, Type.DOUBLE, 0.5, finite((name, value) -> {
                    double v = (Double) value;
                    if (!(v > 0 && v <= GeneratorSettings.MAX_VISITS_PER_USER_PER_DAY)) {
                        throw new ConfigException(name, value, "must be > 0 and at most " + GeneratorSettings.MAX_VISITS_PER_USER_PER_DAY);
                    }
                }), Importance.LOW, "Mean visits per visitor per simulated day; with users, sets how busy the shop is in simulated time.",
                        what, ++order[0], ConfigDef.Width.SHORT, "Visits per user per day")
                .define(START_TIME, Type.STRING, "", FakeClicksConfig::validateStartTime, Importance.MEDIUM,
                        "Empty = live: event_time and sent_at are the wall clock when the record is built: at emission with "
                                + EVENTS_PER_SECOND + ", otherwise up to a few batches and at most "
                                + FakeClicksSourceTask.STALE_AFTER_MILLIS / 1000 + " s before it is sent. A late event's "
                                + "event_time lies up to its simulated lateness in the past, never before the on-time events of its "
                                + "session that precede it. An ISO-8601 instant between 1970-01-01T00:00:00Z and now = simulated "
                                + "clock for backfills: event_time = start.time + the simulated time of the event (think times, "
                                + "visit gaps), deterministic for a seed. The simulated clock never runs ahead of the wall clock: "
                                + "once it reaches now, the stream continues in real time (backfill, then live). Record "
                                + "timestamps are event_time, so a backfill far in the past needs a topic retention that keeps "
                                + "them (e.g. retention.ms=-1).",
                        time, ++order[0], ConfigDef.Width.MEDIUM, "Start time")
                .define(TIME_ACCELERATION, Type.DOUBLE, 0.0, finite(Range.atLeast(0)), Importance.LOW,
                        "With start.time: how many simulated seconds pass per real second (1 = real time, 60 = an hour per "
                                + "minute); emission waits for the simulated clock. 0 = as fast as the rate allows. Either way "
                                + "the simulated clock stops at now and then follows the wall clock.",
                        time, ++order[0], ConfigDef.Width.SHORT, "Time acceleration")
                .define(LATE_EVENTS_RATIO, Type.DOUBLE, 0.0, finite(Range.between(0.0, 1.0)), Importance.LOW,
                        "Share of events delivered late: held back and emitted up to late.events.max.lateness.ms after they "
                                + "happened (header fakeclicks_late=true).",
                        faults, ++order[0], ConfigDef.Width.SHORT, "Late events ratio")
                .define(LATE_EVENTS_MAX_LATENESS_MS, Type.LONG, 600_000L, Range.between(1, GeneratorSettings.MAX_LATENESS_MILLIS),
                        Importance.LOW, "Largest delivery delay of a late event, in milliseconds.",
                        faults, ++order[0], ConfigDef.Width.SHORT, "Max lateness (ms)")
                .define(DUPLICATES_RATIO, Type.DOUBLE, 0.0, finite(Range.between(0.0, 1.0)), Importance.LOW,
                        "Share of events delivered twice, right after each other (same event_id; the copy has header "
                                + "fakeclicks_duplicate=true). Copies are not counted in events.per.type.",
                        faults, ++order[0], ConfigDef.Width.SHORT, "Duplicates ratio")
                .define(BAD_RECORDS_RATIO, Type.DOUBLE, 0.0, finite(Range.between(0.0, 1.0)), Importance.LOW,
                        "Share of events followed by a bad record made from them (header fakeclicks_bad_kind). Bad records "
                                + "are not counted in events.per.type. Needs value.converter="
                                + RawPassthroughJsonConverter.class.getName() + " to write broken JSON verbatim (another converter "
                                + "set on the connector is refused; when the connector sets none, the worker's applies and a "
                                + "warning is logged).",
                        faults, ++order[0], ConfigDef.Width.SHORT, "Bad records ratio")
                .define(BAD_RECORDS_KINDS, Type.LIST, Arrays.stream(BadRecordKind.values()).map(BadRecordKind::configName).collect(Collectors.joining(",")),
                        FakeClicksConfig::validateBadKinds, Importance.LOW,
                        "Kinds of bad records to inject: " + Arrays.stream(BadRecordKind.values()).map(BadRecordKind::configName)
                                .collect(Collectors.joining(", ")) + ".",
                        faults, ++order[0], ConfigDef.Width.LONG, "Bad record kinds")
                .define(FUNNEL_BOUNCE_RATE, Type.DOUBLE, f.bounceRate(), finite(Range.between(0.0, 1.0)), Importance.LOW,
                        "Probability of leaving after the landing page.", funnel, ++order[0], ConfigDef.Width.SHORT, "Bounce rate")
                .define(FUNNEL_EXIT_RATE, Type.DOUBLE, f.exitRate(), finite(Range.between(0.0, 1.0)), Importance.LOW,
                        "Probability of leaving after any later browsing page.", funnel, ++order[0], ConfigDef.Width.SHORT, "Exit rate")
                .define(FUNNEL_ADD_TO_CART_RATE, Type.DOUBLE, f.addToCartRate(), finite(Range.between(0.0, 1.0)), Importance.LOW,
                        "Probability of adding the product to the cart, per product page view.", funnel, ++order[0],
                        ConfigDef.Width.SHORT, "Add-to-cart rate")
                .define(FUNNEL_CHECKOUT_RATE, Type.DOUBLE, f.checkoutRate(), finite(Range.between(0.0, 1.0)), Importance.LOW,
                        "Probability of starting checkout, per cart page view.", funnel, ++order[0], ConfigDef.Width.SHORT, "Checkout rate")
                .define(FUNNEL_CART_REMOVAL_RATE, Type.DOUBLE, f.cartRemovalRate(), finite(Range.between(0.0, 1.0)), Importance.LOW,
                        "Probability of removing a cart line, per cart page view (checkout rate + this must be at most 1).",
                        funnel, ++order[0], ConfigDef.Width.SHORT, "Cart removal rate")
                .define(FUNNEL_CHECKOUT_STEP_RATE, Type.DOUBLE, f.checkoutStepRate(), finite(Range.between(0.0, 1.0)), Importance.LOW,
                        "Probability of going on to the next checkout step (shipping, payment, order), per step.",
                        funnel, ++order[0], ConfigDef.Width.SHORT, "Checkout step rate")
                .define(POLL_MAX_RECORDS, Type.INT, 2_000, Range.between(1, 100_000), Importance.LOW,
                        "Most records one poll returns; with a rate limit, polls return about a tenth of a second's worth.",
                        what, ++order[0], ConfigDef.Width.SHORT, "Max records per poll");
        def.defineInternal(TASK_INDEX, Type.INT, 0, Importance.LOW)
                .defineInternal(TASK_COUNT, Type.INT, 1, Importance.LOW)
                .defineInternal(TASK_SEED, Type.LONG, null, Importance.LOW)
                .defineInternal(TASK_SEED_EXPLICIT, Type.BOOLEAN, false, Importance.LOW);
        return def;
    }

    /**
     * Every double option: a finite number, then {@code range}. Kafka's {@link Range} compares with {@code <}
     * and {@code >}, which are false for NaN, so NaN would pass as "no limit" or "probability 0", and Infinity
     * would poison the rate pacer. Shows as {@code range} in the docs.
     */
    private static ConfigDef.Validator finite(ConfigDef.Validator range) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value instanceof Double d && !Double.isFinite(d)) {
                    throw new ConfigException(name, value, "must be a finite number");
                }
                range.ensureValid(name, value);
            }

            @Override
            public String toString() {
                return range.toString();
            }
        };
    }

    /**
     * Empty, or an instant the broker accepts as a record timestamp: not before 1970 (Kafka refuses negative
     * timestamps) and not in the future (brokers refuse timestamps more than log.message.timestamp.after.max.ms
     * ahead, and a backfill that starts later than now has nothing to fill). A minute of clock skew between the
     * worker that validates and the one that runs a task is tolerated: the task waits for it.
     */
    private static void validateStartTime(String name, Object value) {
        String s = value == null ? "" : value.toString().trim();
        if (s.isEmpty()) {
            return;
        }
        Instant start;
        try {
            start = Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new ConfigException(name, value, "expected an ISO-8601 instant such as 2026-01-01T00:00:00Z, or empty");
        }
        if (start.isBefore(Instant.EPOCH)) {
            throw new ConfigException(name, value, "must not be before 1970-01-01T00:00:00Z (record timestamps are event_time)");
        }
        if (start.isAfter(Instant.now().plus(START_TIME_CLOCK_SKEW))) {
            throw new ConfigException(name, value, "must not be in the future: the simulated clock starts there and never runs "
                    + "ahead of the wall clock (leave " + name + " empty for live events)");
        }
    }

    private static void validateTypes(String name, Object value) {
        @SuppressWarnings("unchecked")
        List<String> types = (List<String>) value;
        for (String type : types) {
            EventTypeNames.problem(type).ifPresent(p -> {
                throw new ConfigException(name, value, p);
            });
            if (CATALOGUE.get(type).isEmpty()) {
                throw new ConfigException(name, value, "event type " + type + " is not in the catalogue; known: "
                        + String.join(", ", CATALOGUE.types()));
            }
        }
    }

    private static void validateBadKinds(String name, Object value) {
        @SuppressWarnings("unchecked")
        List<String> kinds = (List<String>) value;
        for (String kind : kinds) {
            if (BadRecordKind.fromConfigName(kind).isEmpty()) {
                throw new ConfigException(name, value, "unknown kind " + kind + "; known: "
                        + Arrays.stream(BadRecordKind.values()).map(BadRecordKind::configName).collect(Collectors.joining(", ")));
            }
        }
    }

    /**
     * A problem found across options: the option it is reported on, and every option it depends on (a problem is
     * only meaningful when none of those is invalid on its own).
     */
    public record Problem(String option, String message, Set<String> involves) {
        Problem(String option, String message, String... alsoInvolves) {
            this(option, message, Set.copyOf(concat(option, alsoInvolves)));
        }

        private static List<String> concat(String option, String[] more) {
            List<String> all = new ArrayList<>(Arrays.asList(more));
            all.add(option);
            return all;
        }
    }

    /** Checks that involve more than one option (single options are checked by the ConfigDef). */
    public List<Problem> crossProblems() {
        List<Problem> problems = new ArrayList<>();
        if (getDouble(TIME_ACCELERATION) > 0 && startTime() == null) {
            problems.add(new Problem(TIME_ACCELERATION, TIME_ACCELERATION + " needs " + START_TIME
                    + ": it paces a simulated clock, and without " + START_TIME + " event_time is the wall clock", START_TIME));
        }
        if (getDouble(FUNNEL_CHECKOUT_RATE) + getDouble(FUNNEL_CART_REMOVAL_RATE) > 1.0) {
            problems.add(new Problem(FUNNEL_CART_REMOVAL_RATE, FUNNEL_CHECKOUT_RATE + " + " + FUNNEL_CART_REMOVAL_RATE
                    + " must be at most 1 (both are per cart page view)", FUNNEL_CHECKOUT_RATE));
        }
        if (getDouble(BAD_RECORDS_RATIO) > 0 && getList(BAD_RECORDS_KINDS).isEmpty()) {
            problems.add(new Problem(BAD_RECORDS_KINDS, BAD_RECORDS_KINDS + " must name at least one kind when "
                    + BAD_RECORDS_RATIO + " > 0", BAD_RECORDS_RATIO));
        }
        String valueConverter = valueConverter();
        // Unset, the worker's converter applies, which a connector cannot see: start() warns instead.
        if (getDouble(BAD_RECORDS_RATIO) > 0 && !valueConverter.isEmpty() && !writesRawRecords(valueConverter)) {
            problems.add(new Problem(BAD_RECORDS_RATIO, BAD_RECORDS_RATIO + " > 0 needs " + VALUE_CONVERTER + "="
                    + RawPassthroughJsonConverter.class.getName() + " (it is " + valueConverter + "): bad records are raw "
                    + "bytes, which it writes verbatim; other converters write them as valid JSON (e.g. JsonConverter as "
                    + "base64 strings), so no bad data would reach the topic", VALUE_CONVERTER));
        }
        if (eventsPerType() > 0) {
            for (FunnelGate gate : ZERO_RATE_GATES) {
                List<String> ruledOut = gate.types().stream().filter(enabledTypes()::contains).toList();
                if (getDouble(gate.rate()) == 0.0 && !ruledOut.isEmpty()) {
                    problems.add(new Problem(gate.rate(), gate.rate() + "=0 rules out " + String.join(", ", ruledOut)
                            + ", so a bounded run (" + EVENTS_PER_TYPE + "=" + eventsPerType() + " of every enabled type) "
                            + "could never finish: make the rate > 0 or leave those types out of " + EVENT_TYPES,
                            EVENTS_PER_TYPE, EVENT_TYPES));
                }
            }
        }
        // No capacity check for sign_up or login: pool slots host ever new visitors (churn, see Visitors), so every
        // task's shard signs up and logs in again and again; other settings that make a type impossible fail the task.
        return problems;
    }

    /**
     * Whether a value.converter is RawPassthroughJsonConverter as Connect would load it: its class name; the aliases
     * Connect gives every converter plugin, the simple class name ({@code RawPassthroughJsonConverter}) and that name
     * without "Converter" ({@code RawPassthroughJson}); or the name of a class that extends it and that this plugin's
     * class loader loads. Another plugin's alias of a subclass cannot be resolved here and is refused.
     */
    static boolean writesRawRecords(String valueConverter) {
        Class<RawPassthroughJsonConverter> raw = RawPassthroughJsonConverter.class;
        String simple = raw.getSimpleName();
        if (valueConverter.equals(raw.getName()) || valueConverter.equals(simple)
                || valueConverter.equals(simple.substring(0, simple.length() - "Converter".length()))) {
            return true;
        }
        try {
            return raw.isAssignableFrom(Class.forName(valueConverter, false, FakeClicksConfig.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false; // an alias of another converter, or no class at all (Connect reports that itself)
        }
    }

    /** The connector config's value.converter, or "" when the worker's applies. */
    public String valueConverter() {
        return originalsStrings().getOrDefault(VALUE_CONVERTER, "").trim();
    }

    /**
     * The values of {@link #STREAM_OPTIONS} as offsets store them: "option=value" pairs, values as parsed (0.5 = .50).
     * Without late events their maximum lateness shapes nothing, so it is left out (changing it is then safe).
     */
    public String streamOptions() {
        return STREAM_OPTIONS.stream()
                .filter(option -> !(option.equals(LATE_EVENTS_MAX_LATENESS_MS) && getDouble(LATE_EVENTS_RATIO) == 0.0))
                .map(option -> option + "=" + get(option)).collect(Collectors.joining(","));
    }

    /** All cross-option problems as one message, or nothing. */
    public void requireValid() {
        List<Problem> problems = crossProblems();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream().map(Problem::message).collect(Collectors.joining("; ")));
        }
    }

    // --- typed accessors ---

    public String topic() {
        return getString(TOPIC);
    }

    public long eventsPerType() {
        return getLong(EVENTS_PER_TYPE);
    }

    public double eventsPerSecond() {
        return getDouble(EVENTS_PER_SECOND);
    }

    /** Enabled types as configured (all catalogue types when empty). */
    public Set<String> enabledTypes() {
        return new LinkedHashSet<>(enabledTypesInOrder());
    }

    /** Enabled types in catalogue order. */
    public List<String> enabledTypesInOrder() {
        List<String> configured = getList(EVENT_TYPES);
        return CATALOGUE.types().stream().filter(t -> configured.isEmpty() || configured.contains(t)).toList();
    }

    /** The seed the user set, or null. */
    public Long seed() {
        return getLong(RANDOM_SEED);
    }

    /** Epoch millis of start.time, or null for the live wall clock. */
    public Long startTime() {
        String s = getString(START_TIME).trim();
        return s.isEmpty() ? null : Instant.parse(s).toEpochMilli();
    }

    public double timeAcceleration() {
        return getDouble(TIME_ACCELERATION);
    }

    public int pollMaxRecords() {
        return getInt(POLL_MAX_RECORDS);
    }

    public int users() {
        return getInt(USERS);
    }

    int tasksMax() {
        String raw = originalsStrings().get(TASKS_MAX);
        try {
            return raw == null ? 1 : Math.max(1, Integer.parseInt(raw.trim()));
        } catch (NumberFormatException e) {
            return 1; // Connect reports a bad tasks.max itself
        }
    }

    /** How many tasks the connector runs: one per visitor at most. */
    int tasksToRun() {
        return Math.max(1, Math.min(tasksMax(), users()));
    }

    public int taskIndex() {
        return getInt(TASK_INDEX);
    }

    public int taskCount() {
        return getInt(TASK_COUNT);
    }

    /** The seed the connector chose for this task's stream (the user's, or a random one). */
    public long taskSeed() {
        Long seed = getLong(TASK_SEED);
        if (seed == null) {
            throw new ConfigException(TASK_SEED, null, "missing: task configs come from FakeClicksSourceConnector.taskConfigs");
        }
        return seed;
    }

    public boolean taskSeedExplicit() {
        return getBoolean(TASK_SEED_EXPLICIT);
    }

    public FunnelSettings funnel() {
        return new FunnelSettings(getDouble(FUNNEL_BOUNCE_RATE), getDouble(FUNNEL_EXIT_RATE), getDouble(FUNNEL_ADD_TO_CART_RATE),
                getDouble(FUNNEL_CHECKOUT_RATE), getDouble(FUNNEL_CART_REMOVAL_RATE), getDouble(FUNNEL_CHECKOUT_STEP_RATE));
    }

    public List<BadRecordKind> badRecordKinds() {
        return getList(BAD_RECORDS_KINDS).stream().map(k -> BadRecordKind.fromConfigName(k).orElseThrow()).toList();
    }

    /** The generator's settings for a given seed. */
    public GeneratorSettings generatorSettings(long seed) {
        return new GeneratorSettings(seed, getInt(USERS), getInt(PRODUCTS), getDouble(VISITS_PER_USER_PER_DAY), funnel(),
                enabledTypes(), eventsPerType(), getDouble(LATE_EVENTS_RATIO), getLong(LATE_EVENTS_MAX_LATENESS_MS),
                getDouble(DUPLICATES_RATIO), getDouble(BAD_RECORDS_RATIO), badRecordKinds());
    }

    public static Catalogue catalogue() {
        return CATALOGUE;
    }
}

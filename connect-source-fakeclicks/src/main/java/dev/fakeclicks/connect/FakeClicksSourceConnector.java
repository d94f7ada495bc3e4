package dev.fakeclicks.connect;

import dev.fakeclicks.connect.record.RawPassthroughJsonConverter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Connect source of realistic, deterministic clickstream sessions. Splits the visitor pool over
 * tasks, fixes the seed for all of them, and validates options (each option on its own through the
 * ConfigDef, across options in {@link FakeClicksConfig#crossProblems()}).
 */
public class FakeClicksSourceConnector extends SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(FakeClicksSourceConnector.class);
    /** Task counts whose offsets start() looks for: beyond what this connector is run with (2,080 partitions). */
    static final int TASK_COUNTS_CHECKED = 64;

    private final LongSupplier randomSeeds;
    private Map<String, String> props;
    private FakeClicksConfig config;
    private long seed;
    private boolean seedExplicit;

    public FakeClicksSourceConnector() {
        this(new SecureRandom()::nextLong);
    }

    /** For tests: where random seeds come from. */
    FakeClicksSourceConnector(LongSupplier randomSeeds) {
        this.randomSeeds = randomSeeds;
    }

    @Override
    public String version() {
        return Version.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        this.config = new FakeClicksConfig(props);
        config.requireValid();
        if (config.getDouble(FakeClicksConfig.BAD_RECORDS_RATIO) > 0 && config.valueConverter().isEmpty()) {
            log.warn("{} > 0 but the connector sets no {}: bad records reach the topic verbatim only if the worker's is {}",
                    FakeClicksConfig.BAD_RECORDS_RATIO, FakeClicksConfig.VALUE_CONVERTER, RawPassthroughJsonConverter.class.getName());
        }
        refuseOffsetsOfAnotherTaskCount(config.tasksToRun());
        seedExplicit = config.seed() != null;
        if (seedExplicit) {
            seed = config.seed();
        } else {
            Long stored = storedSeed(config.tasksToRun());
            if (stored != null) {
                seed = stored;
                log.info("{} is not set: resuming with seed {} stored in the offsets", FakeClicksConfig.RANDOM_SEED, seed);
            } else {
                seed = randomSeeds.getAsLong();
                log.info("{} is not set: this run uses seed {} (set {}={} to reproduce it; a restart resumes with the seed "
                        + "stored in the offsets)", FakeClicksConfig.RANDOM_SEED, seed, FakeClicksConfig.RANDOM_SEED, seed);
            }
        }
        log.info("Starting: topic {}, {}, {} event types, {} users, seed {}", config.topic(),
                config.eventsPerType() > 0 ? "bounded run of " + config.eventsPerType() + " events per type" : "unbounded",
                config.enabledTypes().size(), config.users(), seed);
    }

    /**
     * Fails when the offsets hold a stream of another task count (checked up to {@link #TASK_COUNTS_CHECKED} tasks).
     * Visitors are sharded by the task count, so each count has its own partitions: the new tasks would find no
     * offset and start new streams beside the old ones, and with random.seed set re-send the old events (same ids),
     * a bounded run its whole quota again.
     */
    private void refuseOffsetsOfAnotherTaskCount(int tasks) {
        if (context() == null) {
            return; // not run by a worker (unit tests)
        }
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (int n = 1; n <= TASK_COUNTS_CHECKED; n++) {
            for (int i = 0; n != tasks && i < n; i++) {
                partitions.add(StreamOffsets.partition(i, n));
            }
        }
        Map<Map<String, Object>, Map<String, Object>> offsets;
        try {
            offsets = context().offsetStorageReader().offsets(partitions);
        } catch (RuntimeException e) {
            log.warn("Could not read the stored offsets to check them against {} ({})", FakeClicksConfig.TASKS_MAX, e.toString());
            return;
        }
        for (Map<String, Object> partition : partitions) {
            Map<String, Object> offset = offsets == null ? null : offsets.get(partition);
            if (offset != null) {
                Object stored = partition.get(StreamOffsets.TASKS);
                throw new ConnectException("the stored offsets are those of a run with " + stored + " task(s) (partition "
                        + partition + ": " + offset + "), but this configuration runs " + tasks + " (" + FakeClicksConfig.TASKS_MAX
                        + "=" + config.tasksMax() + ", " + FakeClicksConfig.USERS + "=" + config.users() + "). Tasks shard the "
                        + "visitors by their count, so " + tasks + " task(s) would start new streams beside the old ones (with "
                        + FakeClicksConfig.RANDOM_SEED + " set, sending the same events again; a bounded run its whole quota "
                        + "again). Set " + FakeClicksConfig.TASKS_MAX + " back to " + stored + " (the task count is the smaller of "
                        + FakeClicksConfig.TASKS_MAX + " and " + FakeClicksConfig.USERS + ") to continue that stream, or "
                        + "stop the connector, reset its offsets (DELETE /connectors/<name>/offsets) and resume it to start "
                        + "afresh with " + tasks + " task(s)");
            }
        }
    }

    /**
     * The seed a random-seed stream of this many tasks stored in its offsets, or null. Reusing it keeps the
     * task configs equal across restarts: a new seed would change them, and Connect would reconfigure and
     * restart every task (which would still resume with the stored seed, but the configs would lie).
     */
    private Long storedSeed(int tasks) {
        if (context() == null) {
            return null; // not run by a worker (unit tests)
        }
        List<Map<String, Object>> partitions = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            partitions.add(StreamOffsets.partition(i, tasks));
        }
        try {
            Map<Map<String, Object>, Map<String, Object>> offsets = context().offsetStorageReader().offsets(partitions);
            for (Map<String, Object> partition : partitions) {
                Map<String, Object> offset = offsets == null ? null : offsets.get(partition);
                Long seed = offset == null ? null : StreamOffsets.seed(offset);
                if (seed != null) {
                    return seed;
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not read the stored offsets to find the stream's seed ({}); drawing a new one", e.toString());
        }
        return null;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FakeClicksSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        int tasks = Math.max(1, Math.min(maxTasks, config.users()));
        List<Map<String, String>> configs = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(FakeClicksConfig.TASK_INDEX, String.valueOf(i));
            task.put(FakeClicksConfig.TASK_COUNT, String.valueOf(tasks));
            task.put(FakeClicksConfig.TASK_SEED, String.valueOf(seed));
            task.put(FakeClicksConfig.TASK_SEED_EXPLICIT, String.valueOf(seedExplicit));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
        log.info("Stopped");
    }

    @Override
    public ConfigDef config() {
        return FakeClicksConfig.CONFIG_DEF;
    }

    /**
     * Single-option errors from the ConfigDef, then cross-option problems on the option they name, in one answer:
     * the cross checks run with the invalid options left at their defaults, and a problem is reported only when none of
     * the options it depends on is invalid (with a default in its place it might be wrong).
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        Set<String> invalid = result.configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                .map(ConfigValue::name).collect(Collectors.toSet());
        Map<String, String> validOnly = new HashMap<>(connectorConfigs);
        validOnly.keySet().removeAll(invalid);
        FakeClicksConfig parsed;
        try {
            parsed = new FakeClicksConfig(validOnly);
        } catch (ConfigException e) {
            // Every option passed its own check, so this should not happen; if it does, it must not read as valid.
            addError(result, FakeClicksConfig.TOPIC, e.getMessage());
            return result;
        }
        for (FakeClicksConfig.Problem problem : parsed.crossProblems()) {
            if (Collections.disjoint(problem.involves(), invalid)) {
                addError(result, problem.option(), problem.message());
            }
        }
        return result;
    }

    private static void addError(Config result, String option, String message) {
        for (ConfigValue value : result.configValues()) {
            if (value.name().equals(option)) {
                value.addErrorMessage(message);
            }
        }
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // Records and offsets come from a deterministic stream: the transactional producer of a worker with
        // exactly.once.source.support=enabled makes each poll batch and its offset atomic (KIP-618).
        return ExactlyOnceSupport.SUPPORTED;
    }

    /**
     * Accepts offsets of the form the tasks write (see {@link StreamOffsets}), or a bare {@code position} (with the
     * stream's {@code seed} when {@code random.seed} is unset); null resets a task's stream to its beginning. A
     * bounded run's offset with a cursor must carry its {@code type_counts}. Only partitions of the task count the
     * connector runs take an offset; those of another count can only be reset.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        FakeClicksConfig connector = new FakeClicksConfig(connectorConfig);
        Long configuredSeed = connector.seed();
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            String partitionProblem = StreamOffsets.partitionProblem(entry.getKey());
            if (partitionProblem != null) {
                throw new ConnectException("cannot alter offsets: " + partitionProblem);
            }
            if (entry.getValue() != null && StreamOffsets.taskCount(entry.getKey()) != connector.tasksToRun()) {
                // No task would read it, and its presence would make start() refuse the connector's own task count.
                throw new ConnectException("cannot alter offsets of partition " + entry.getKey() + ": this connector runs "
                        + connector.tasksToRun() + " task(s) (" + FakeClicksConfig.TASKS_MAX + "=" + connector.tasksMax() + ", "
                        + FakeClicksConfig.USERS + "=" + connector.users() + "), so it reads only partitions with \"tasks\": "
                        + connector.tasksToRun() + "; a partition of another task count can only be reset (a null offset)");
            }
            if (entry.getValue() != null) {
                String problem = StreamOffsets.problem(entry.getValue());
                if (problem == null) {
                    problem = StreamOffsets.shardProblem(entry.getKey(), entry.getValue());
                }
                if (problem == null) {
                    problem = StreamOffsets.seedProblem(entry.getValue(), configuredSeed);
                }
                if (problem == null) {
                    problem = StreamOffsets.boundedRunProblem(entry.getValue(), connector.eventsPerType());
                }
                if (problem == null) {
                    problem = StreamOffsets.streamOptionsProblem(entry.getValue(), connector.streamOptions());
                }
                if (problem != null) {
                    throw new ConnectException("cannot alter offsets of partition " + entry.getKey() + ": " + problem);
                }
            }
        }
        return true;
    }
}

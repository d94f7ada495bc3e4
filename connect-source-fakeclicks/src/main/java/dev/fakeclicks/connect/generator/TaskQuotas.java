package dev.fakeclicks.connect.generator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a bounded run's {@code events.per.type} is split between tasks: each task gets {@code n / tasks} of
 * every type, and the remainder {@code r = n % tasks} of type {@code k} goes to the {@code r} tasks starting
 * at task {@code (k * r) % tasks} (wrapping around), i.e. right where type {@code k - 1}'s remainder stopped,
 * so remainders spread over tasks instead of piling onto task 0. Quotas of all tasks add up to exactly
 * {@code n} per type.
 */
public final class TaskQuotas {

    private TaskQuotas() {
    }

    /** The quota of every type in {@code types} (catalogue order matters) for one task. */
    public static Map<String, Long> forTask(long eventsPerType, List<String> types, int taskIndex, int taskCount) {
        Map<String, Long> quotas = new LinkedHashMap<>();
        long base = eventsPerType / taskCount;
        long remainder = eventsPerType % taskCount;
        for (int k = 0; k < types.size(); k++) {
            long first = (k * remainder) % taskCount; // where the previous type's remainder stopped
            long offset = Math.floorMod(taskIndex - first, (long) taskCount);
            quotas.put(types.get(k), base + (offset < remainder ? 1 : 0));
        }
        return quotas;
    }
}

package dev.fakeclicks.connect.generator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a bounded run's {@code events.per.type} is split between tasks: each task gets {@code n / tasks} of
 * every type, and the remainder {@code r = n % tasks} of the type at catalogue index {@code k} (of {@code T} types)
 * goes to the {@code r} tasks starting at task {@code k * tasks / T} (wrapping around). The starts are spread evenly
 * over the tasks, so whatever {@code r}, remainders spread over tasks (with every type enabled, each task's total
 * differs from another's by at most one) instead of piling onto task 0. Quotas of all tasks add up to exactly {@code n} per type.
 *
 * <p>A task's quota of a type depends only on {@code n}, the type's place in the catalogue and the task, and never
 * shrinks when {@code n} grows (event {@code j} of the type always goes to the same task). So a bounded run whose
 * {@code events.per.type} is raised, or whose {@code event.types} change, while tasks resume from their counts still
 * ends with exactly {@code n} of every type: no task has already sent more than its new quota.
 */
public final class TaskQuotas {

    private TaskQuotas() {
    }

    /**
     * The quota of every type in {@code catalogueTypes}, which must be every catalogue type in catalogue order (not
     * only the enabled ones: a type's share must not depend on which others are enabled), for one task.
     */
    public static Map<String, Long> forTask(long eventsPerType, List<String> catalogueTypes, int taskIndex, int taskCount) {
        Map<String, Long> quotas = new LinkedHashMap<>();
        long base = eventsPerType / taskCount;
        long remainder = eventsPerType % taskCount;
        for (int k = 0; k < catalogueTypes.size(); k++) {
            long first = (long) k * taskCount / catalogueTypes.size(); // the starts, evenly spread over the tasks
            long offset = Math.floorMod(taskIndex - first, (long) taskCount);
            quotas.put(catalogueTypes.get(k), base + (offset < remainder ? 1 : 0));
        }
        return quotas;
    }
}

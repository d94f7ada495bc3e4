package dev.fakeclicks.connect.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskQuotasTest {

    @Test
    void quotasAddUpToNAndDifferByAtMostOne() {
        List<String> types = TestStreams.TYPES;
        for (long n : new long[] {1, 7, 10, 15, 1_000_003}) {
            for (int tasks : new int[] {1, 2, 3, 4, 16, 40}) {
                long[] perTask = new long[tasks];
                for (String type : types) {
                    long sum = 0;
                    long min = Long.MAX_VALUE;
                    long max = 0;
                    for (int t = 0; t < tasks; t++) {
                        long q = TaskQuotas.forTask(n, types, t, tasks).get(type);
                        sum += q;
                        min = Math.min(min, q);
                        max = Math.max(max, q);
                        perTask[t] += q;
                    }
                    assertThat(sum).isEqualTo(n);
                    assertThat(max - min).isLessThanOrEqualTo(1);
                }
                long least = java.util.Arrays.stream(perTask).min().orElseThrow();
                long most = java.util.Arrays.stream(perTask).max().orElseThrow();
                assertThat(most - least).as("remainders spread over tasks, n=%d tasks=%d", n, tasks).isLessThanOrEqualTo(1);
            }
        }
    }

    /**
     * Tasks resume a bounded run from their counts: when events.per.type grows, a task that had already sent its old
     * quota must not find a smaller new one while another task's grows, or the run ends with more than n of a type.
     */
    @Test
    void aTasksQuotaNeverShrinksWhenNGrows() {
        List<String> types = TestStreams.TYPES;
        for (int tasks : new int[] {2, 3, 4, 7, 16, 40}) {
            for (long n = 0; n <= 3L * tasks; n++) {
                for (int t = 0; t < tasks; t++) {
                    Map<String, Long> now = TaskQuotas.forTask(n, types, t, tasks);
                    Map<String, Long> more = TaskQuotas.forTask(n + 1, types, t, tasks);
                    for (String type : types) {
                        assertThat(more.get(type)).as("%s, task %d of %d, n %d -> %d", type, t, tasks, n, n + 1)
                                .isGreaterThanOrEqualTo(now.get(type));
                    }
                }
            }
        }
    }

    @Test
    void oneTaskGetsEverything() {
        Map<String, Long> q = TaskQuotas.forTask(10, List.of("a_b", "c"), 0, 1);
        assertThat(q).containsEntry("a_b", 10L).containsEntry("c", 10L);
    }
}

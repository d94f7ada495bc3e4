package dev.fakeclicks.sink.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TypeTableWriterTest {

    @Test
    void oneTaskPerFiftyThousandRecordsOnTwoLocalCores() {
        assertThat(TypeTableWriter.tasks(0, 1)).isEqualTo(1);
        assertThat(TypeTableWriter.tasks(6_667, 1)).isEqualTo(1);
        assertThat(TypeTableWriter.tasks(50_001, 1)).isEqualTo(2);
        assertThat(TypeTableWriter.tasks(250_000, 2)).isEqualTo(5);
    }

    @Test
    void onAClusterATypeUsesItsShareOfTheCoresWhenItHasTheRecordsForThem() {
        // 64 cores, 4 types at a time: 16 each.
        assertThat(TypeTableWriter.tasks(16_667, 16)).as("at least 5,000 records per task").isEqualTo(3);
        assertThat(TypeTableWriter.tasks(200_000, 16)).isEqualTo(16);
        assertThat(TypeTableWriter.tasks(2_000_000, 16)).as("more rows than the cores' share: by rows").isEqualTo(40);
    }
}

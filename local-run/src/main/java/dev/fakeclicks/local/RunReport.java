package dev.fakeclicks.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fakeclicks.local.delta.DeltaTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Rows per Delta table after a run, reconciled with what the topic holds. */
record RunReport(long produced, Map<String, Long> rowsPerType, long quarantined) {

    static final String QUARANTINE = "_quarantine";

    static RunReport of(long produced, DeltaTables tables) {
        Map<String, Long> rows = new LinkedHashMap<>();
        tables.names().stream().filter(name -> !name.startsWith("_")).forEach(name -> rows.put(name, tables.count(name)));
        return new RunReport(produced, rows, tables.count(QUARANTINE));
    }

    long inDelta() {
        return rowsPerType.values().stream().mapToLong(Long::longValue).sum() + quarantined;
    }

    String table() {
        StringBuilder out = new StringBuilder(String.format("%-20s %10s%n", "table", "rows"));
        rowsPerType.forEach((type, rows) -> out.append(String.format("%-20s %10d%n", type, rows)));
        out.append(String.format("%-20s %10d%n", QUARANTINE, quarantined));
        out.append(String.format("%-20s %10d%n", "total in Delta", inDelta()));
        out.append(String.format("%-20s %10d  %s%n", "produced (topic)", produced,
                produced == inDelta() ? "= total: nothing lost, nothing duplicated" : "!= total in Delta"));
        return out.toString();
    }

    void write(Path file) {
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), Map.of(
                    "produced", produced, "rows_per_type", rowsPerType, "quarantined", quarantined, "in_delta", inDelta()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.fakeclicks.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fakeclicks.local.delta.DeltaTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rows per Delta table after a run, reconciled with what the topic holds.
 *
 * @param duplicateIds rows of the type tables whose event_id another row of them already has (the quarantine may
 *                     hold copies on purpose, so it is not part of this check)
 */
record RunReport(long produced, Map<String, Long> rowsPerType, long quarantined, long duplicateIds) {

    static final String QUARANTINE = "_quarantine";

    /** Reads event_id of every type table: as cheap as counting the rows, which reads one column anyway. */
    static RunReport of(long produced, DeltaTables tables) {
        Map<String, Long> rows = new LinkedHashMap<>();
        Set<String> eventIds = new HashSet<>();
        long duplicates = 0;
        for (String name : tables.names()) {
            if (name.startsWith("_")) {
                continue;
            }
            List<String> ids = tables.strings(name, "event_id");
            rows.put(name, (long) ids.size());
            for (String id : ids) {
                if (!eventIds.add(id)) {
                    duplicates++;
                }
            }
        }
        return new RunReport(produced, rows, tables.count(QUARANTINE), duplicates);
    }

    long inDelta() {
        return rowsPerType.values().stream().mapToLong(Long::longValue).sum() + quarantined;
    }

    /** Why Delta does not hold exactly what was produced, once each; empty when it does. */
    Optional<String> mismatch() {
        List<String> problems = new ArrayList<>();
        if (inDelta() < produced) {
            problems.add((produced - inDelta()) + " of the " + produced + " records in the topic are not in Delta");
        } else if (inDelta() > produced) {
            problems.add("Delta holds " + inDelta() + " rows (type tables + " + QUARANTINE + ") but the topic only "
                    + produced + " records");
        }
        if (duplicateIds > 0) {
            problems.add(duplicateIds + " rows of the type tables repeat an event_id of another row");
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    String table() {
        StringBuilder out = new StringBuilder(String.format("%-20s %10s%n", "table", "rows"));
        rowsPerType.forEach((type, rows) -> out.append(String.format("%-20s %10d%n", type, rows)));
        out.append(String.format("%-20s %10d%n", QUARANTINE, quarantined));
        out.append(String.format("%-20s %10d%n", "total in Delta", inDelta()));
        if (duplicateIds > 0) {
            out.append(String.format("%-20s %10d%n", "repeated event_id", duplicateIds));
        }
        out.append(String.format("%-20s %10d  %s%n", "produced (topic)", produced,
                mismatch().isEmpty() ? "= total: nothing lost, nothing duplicated"
                        : produced == inDelta() ? "= total, but event_ids repeat" : "!= total in Delta"));
        return out.toString();
    }

    void write(Path file) {
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), Map.of(
                    "produced", produced, "rows_per_type", rowsPerType, "quarantined", quarantined, "in_delta", inDelta(),
                    "duplicate_event_ids", duplicateIds));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

package dev.fakeclicks.sink.plan;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The outcome of one micro-batch, logged as one line (format documented in the README and kept stable,
 * since tools parse it):
 * <pre>batch=12 read=5000 written={page_view=1200, search=300} quarantined=3 reasons={unknown_event_type=3} registry_ms=2 total_ms=1840</pre>
 * A batch already committed before a restart logs {@code replayed=true} at the end and writes nothing.
 */
public record BatchReport(long batchId, long read, Map<String, Long> written, long quarantined,
                          Map<String, Long> reasons, long registryMs, long totalMs, boolean replayed) {

    /** Type and reason maps are kept sorted by name. Parses {@link #line()}: {@code batch}, {@code read}, {@code quarantined}, ..., the maps as text. */
    public static final Pattern LINE = Pattern.compile(
            "batch=(?<batch>\\d+) read=(?<read>\\d+) written=\\{(?<written>[^}]*)} quarantined=(?<quarantined>\\d+)"
                    + " reasons=\\{(?<reasons>[^}]*)} registry_ms=(?<registryMs>\\d+) total_ms=(?<totalMs>\\d+)(?<replayed> replayed=true)?");

    public BatchReport {
        written = Collections.unmodifiableSortedMap(new TreeMap<>(written));
        reasons = Collections.unmodifiableSortedMap(new TreeMap<>(reasons));
    }

    public long writtenTotal() {
        return written.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Why the counts do not add up (read = written + quarantined, reasons add up to quarantined); empty when they do. */
    public Optional<String> reconciliationProblem() {
        if (replayed) {
            return Optional.empty();
        }
        long byReason = reasons.values().stream().mapToLong(Long::longValue).sum();
        if (read != writtenTotal() + quarantined) {
            return Optional.of("batch " + batchId + ": read " + read + " records but wrote " + writtenTotal()
                    + " to type tables and " + quarantined + " to quarantine");
        }
        if (byReason != quarantined) {
            return Optional.of("batch " + batchId + ": quarantined " + quarantined + " records but reasons add up to " + byReason);
        }
        return Optional.empty();
    }

    public String line() {
        return "batch=" + batchId + " read=" + read + " written=" + format(written) + " quarantined=" + quarantined
                + " reasons=" + format(reasons) + " registry_ms=" + registryMs + " total_ms=" + totalMs
                + (replayed ? " replayed=true" : "");
    }

    /** Reads a {@link #line()} back (the local runner and the tests do). */
    public static Optional<BatchReport> parse(String text) {
        Matcher m = LINE.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new BatchReport(Long.parseLong(m.group("batch")), Long.parseLong(m.group("read")),
                parseMap(m.group("written")), Long.parseLong(m.group("quarantined")), parseMap(m.group("reasons")),
                Long.parseLong(m.group("registryMs")), Long.parseLong(m.group("totalMs")), m.group("replayed") != null));
    }

    private static String format(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
    }

    private static SortedMap<String, Long> parseMap(String text) {
        SortedMap<String, Long> out = new TreeMap<>();
        if (!text.isBlank()) {
            for (String pair : text.split(", ")) {
                int eq = pair.lastIndexOf('=');
                out.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
            }
        }
        return out;
    }
}

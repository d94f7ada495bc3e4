package dev.fakeclicks.local.sink;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One committed micro-batch as the sink logs it (its BatchReport line), e.g.
 * {@code batch=12 read=5000 written={page_view=1200, search=300} quarantined=3 reasons={...} registry_ms=2 total_ms=1840},
 * with {@code replayed=true} at the end for a batch that a restarted sink found already written.
 * <p>
 * A second parser of that line, because the sink's own ({@code BatchReport.parse}) comes in the Spark job's
 * module, whose dependencies (Spark's Kafka client 3.9) clash with this launcher's; BatchLineTest parses real
 * {@code BatchReport.line()} output to keep the two in step.
 */
public record BatchLine(long batchId, long read, Map<String, Long> written, long quarantined, long totalMillis,
                        boolean replayed) {

    private static final Pattern LINE = Pattern.compile(
            "batch=(\\d+) read=(\\d+) written=\\{([^}]*)} quarantined=(\\d+).*?total_ms=(\\d+)( replayed=true)?");
    private static final Pattern COUNT = Pattern.compile("([a-z][a-z0-9_]*)=(\\d+)");

    public static Optional<BatchLine> parse(String logLine) {
        Matcher m = LINE.matcher(logLine);
        if (!m.find()) {
            return Optional.empty();
        }
        Map<String, Long> written = new LinkedHashMap<>();
        Matcher count = COUNT.matcher(m.group(3));
        while (count.find()) {
            written.put(count.group(1), Long.parseLong(count.group(2)));
        }
        return Optional.of(new BatchLine(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), written,
                Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), m.group(6) != null));
    }

    /**
     * For progress output: "batch 12: 5000 rows in 1840 ms (page_view 1200, search 300), 3 quarantined", or for a
     * replayed batch "batch 12: already written (5000 records read again after a restart, nothing written twice)".
     */
    public String describe() {
        if (replayed) {
            return "batch " + batchId + ": already written (" + read + " records read again after a restart, nothing written twice)";
        }
        StringBuilder types = new StringBuilder();
        written.forEach((type, rows) -> types.append(types.isEmpty() ? "" : ", ").append(type).append(' ').append(rows));
        return "batch " + batchId + ": " + read + " rows in " + totalMillis + " ms"
                + (types.isEmpty() ? "" : " (" + types + ")") + (quarantined > 0 ? ", " + quarantined + " quarantined" : "");
    }
}

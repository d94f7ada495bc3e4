package dev.fakeclicks.local.sink;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One committed micro-batch as the sink logs it, e.g.
 * {@code batch=12 read=5000 written={page_view=1200, search=300} quarantined=3 registry_ms=2 total_ms=1840}.
 */
public record BatchLine(long batchId, long read, Map<String, Long> written, long quarantined, long totalMillis) {

    private static final Pattern LINE = Pattern.compile(
            "batch=(\\d+) read=(\\d+) written=\\{([^}]*)} quarantined=(\\d+).*?total_ms=(\\d+)");
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
                Long.parseLong(m.group(4)), Long.parseLong(m.group(5))));
    }

    /** For progress output: "batch 12: 5000 rows in 1840 ms (page_view 1200, search 300), 3 quarantined". */
    public String describe() {
        StringBuilder types = new StringBuilder();
        written.forEach((type, rows) -> types.append(types.isEmpty() ? "" : ", ").append(type).append(' ').append(rows));
        return "batch " + batchId + ": " + read + " rows in " + totalMillis + " ms"
                + (types.isEmpty() ? "" : " (" + types + ")") + (quarantined > 0 ? ", " + quarantined + " quarantined" : "");
    }
}

package dev.fakeclicks.sink.plan;

import dev.fakeclicks.catalogue.EventTypeNames;
import dev.fakeclicks.registry.RegistrySnapshot;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Where a record goes, given its raw {@code event_type} and the registry snapshot of its batch: to the table
 * of a registered type, or to quarantine with a reason: {@link #reasonSql}, one Spark SQL expression evaluated once
 * per record ({@code EventRoutingIT} evaluates it in Spark).
 */
public final class EventRouting {

    private final RegistrySnapshot snapshot;

    public EventRouting(RegistrySnapshot snapshot) {
        this.snapshot = snapshot;
    }

    /**
     * SQL for the quarantine reason code of a record, or NULL when it is routed to its type's table.
     *
     * @param sizeColumn      the value's size in bytes
     * @param maxRecordBytes  larger records are {@code oversized} and were not parsed
     * @param parsedColumn    struct from the light parse (NULL: empty value)
     * @param corruptField    field of {@code parsedColumn} that Spark fills when the value is not JSON
     * @param eventTypeColumn the raw event_type
     */
    public String reasonSql(String sizeColumn, int maxRecordBytes, String parsedColumn, String corruptField,
                            String eventTypeColumn) {
        StringBuilder sql = new StringBuilder("CASE");
        when(sql, sizeColumn + " > " + maxRecordBytes, QuarantineReason.OVERSIZED);
        when(sql, parsedColumn + " IS NULL OR " + parsedColumn + "." + RequiredFieldChecks.quote(corruptField) + " IS NOT NULL",
                QuarantineReason.NOT_JSON);
        when(sql, eventTypeColumn + " IS NULL", QuarantineReason.MISSING_EVENT_TYPE);
        if (!snapshot.schemas().isEmpty()) {
            sql.append(" WHEN ").append(eventTypeColumn).append(" IN (").append(literals(snapshot.schemas().keySet()))
                    .append(") THEN NULL");
        }
        String pattern = "^(?:" + EventTypeNames.PATTERN.pattern() + ")\\z";
        when(sql, "NOT " + eventTypeColumn + " RLIKE " + RequiredFieldChecks.literal(pattern), QuarantineReason.INVALID_EVENT_TYPE);
        if (!snapshot.rejected().isEmpty()) {
            when(sql, eventTypeColumn + " IN (" + literals(snapshot.rejected().keySet()) + ")", QuarantineReason.REJECTED_SCHEMA);
        }
        return sql.append(" ELSE '").append(QuarantineReason.UNKNOWN_EVENT_TYPE.code()).append("' END").toString();
    }

    private static void when(StringBuilder sql, String condition, QuarantineReason reason) {
        sql.append(" WHEN ").append(condition).append(" THEN '").append(reason.code()).append("'");
    }

    private static String literals(Collection<String> values) {
        return values.stream().map(RequiredFieldChecks::literal).collect(Collectors.joining(", "));
    }
}

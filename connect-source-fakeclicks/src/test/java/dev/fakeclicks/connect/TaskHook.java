package dev.fakeclicks.connect;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * A test-only SMT the worker runs on the task's thread between poll() and the producer, passing records through:
 * {@code sleep.ms} slows every record down (so an unthrottled run lasts long enough to be restarted mid-way), and
 * {@code fail.once.at.position} fails the task once, at the record with that stream position, after the records
 * before it in the batch went to the producer: a crash in the middle of a batch (a transaction, with exactly-once).
 * "Once" is per {@code fail.once.id} in this JVM, so the restarted task passes the record.
 */
public class TaskHook implements Transformation<SourceRecord> {

    static final String SLEEP_MS = "sleep.ms";
    static final String FAIL_ONCE_AT_POSITION = "fail.once.at.position";
    static final String FAIL_ONCE_ID = "fail.once.id";
    /** How long the failing record waits before failing: the batch's earlier records reach the broker first. */
    private static final long FAIL_DELAY_MS = 500;
    private static final Set<String> FAILED = ConcurrentHashMap.newKeySet();

    private long sleepMs;
    private long failAt = -1;
    private String failId = "";

    @Override
    public void configure(Map<String, ?> configs) {
        AbstractConfig parsed = new AbstractConfig(config(), configs);
        sleepMs = parsed.getLong(SLEEP_MS);
        failAt = parsed.getLong(FAIL_ONCE_AT_POSITION);
        failId = parsed.getString(FAIL_ONCE_ID);
    }

    @Override
    public SourceRecord apply(SourceRecord record) {
        try {
            if (sleepMs > 0) {
                Thread.sleep(sleepMs);
            }
            Object position = record.sourceOffset().get(StreamOffsets.POSITION);
            if (position instanceof Number p && p.longValue() == failAt && FAILED.add(failId)) {
                Thread.sleep(FAIL_DELAY_MS);
                throw new ConnectException("TaskHook: failing the task at position " + failAt + " (a test crash)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return record;
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef()
                .define(SLEEP_MS, ConfigDef.Type.LONG, 0L, ConfigDef.Importance.LOW, "Sleep per record")
                .define(FAIL_ONCE_AT_POSITION, ConfigDef.Type.LONG, -1L, ConfigDef.Importance.LOW, "Fail once at this position")
                .define(FAIL_ONCE_ID, ConfigDef.Type.STRING, "", ConfigDef.Importance.LOW, "What 'once' is counted per");
    }

    @Override
    public void close() {
    }
}

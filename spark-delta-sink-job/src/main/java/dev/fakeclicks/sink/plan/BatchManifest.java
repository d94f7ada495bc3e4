package dev.fakeclicks.sink.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fakeclicks.registry.RegisteredSchema;
import dev.fakeclicks.registry.RegistrySnapshot;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a batch was decided with, written before any table is touched: the offsets Spark logged for it, the registry
 * snapshot, the size limit and the ingest time. A batch replayed after a crash reuses it, so the tables it already committed and the records
 * still to write add up to the batch, once: the ingest time and size limit as they were, and each committed table's
 * schema as it was. The replay takes fresh registry entries for the other types ({@link ReplaySnapshot}) and
 * records them in a revised manifest before writing. {@code completedReport} is the batch's report once every write
 * is done; it is stored apart from the JSON ({@link #toJson()} leaves it out), so completing a batch never rewrites
 * the manifest its tables were written by. {@code sourceOffsets} is the text of the batch's entry in the checkpoint's
 * offset log (the source lines, without Spark's metadata line); empty in manifests written before it was recorded.
 */
public record BatchManifest(long batchId, String queryId, String sourceOffsets, Instant ingestedAt, int maxRecordBytes,
                            RegistrySnapshot snapshot, Optional<String> completedReport) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Stops a replay of this batch over other offsets than it was first run with: the checkpoint's offset log was
     * reset or restored apart from the manifests (which sit beside it), and deciding the replay by the earlier attempt
     * (or skipping it as complete) would lose the records the two ranges do not share.
     */
    public void requireSameOffsets(String replayOffsets) {
        if (!sourceOffsets.isEmpty() && !replayOffsets.isEmpty() && !sourceOffsets.equals(replayOffsets)) {
            throw new IllegalStateException("batch " + batchId + " of this streaming query ran before over offsets "
                    + sourceOffsets.strip() + ", and now over " + replayOffsets.strip() + ": the checkpoint's offsets/ and"
                    + " commits/ were reset or restored apart from the rest of it. Writing on would skip records, so the sink"
                    + " stops. Put back the checkpoint that goes with the tables, or start over with a new CHECKPOINT_LOCATION"
                    + " and new tables (OUTPUT_PATH).");
        }
    }

    public BatchManifest completed(BatchReport report) {
        return withCompletedReport(report.line());
    }

    /** The same batch decided with another snapshot (a replay that read the registry again). */
    public BatchManifest withSnapshot(RegistrySnapshot replaySnapshot) {
        return new BatchManifest(batchId, queryId, sourceOffsets, ingestedAt, maxRecordBytes, replaySnapshot, completedReport);
    }

    public BatchManifest withCompletedReport(String reportLine) {
        return new BatchManifest(batchId, queryId, sourceOffsets, ingestedAt, maxRecordBytes, snapshot, Optional.of(reportLine));
    }

    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("batch_id", batchId);
        root.put("query_id", queryId);
        root.put("source_offsets", sourceOffsets);
        root.put("ingested_at", ingestedAt.toString());
        root.put("max_record_bytes", maxRecordBytes);
        ObjectNode latest = root.putObject("latest");
        snapshot.schemas().forEach((type, schema) -> latest.put(type, schema.toEntryJson()));
        ObjectNode rejected = root.putObject("rejected");
        snapshot.rejected().forEach(rejected::put);
        return root.toString();
    }

    /** Reads {@link #toJson()} (no completed report); an {@link IllegalArgumentException} says what is wrong. */
    public static BatchManifest fromJson(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            SortedMap<String, RegisteredSchema> schemas = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("latest").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                schemas.put(e.getKey(), RegisteredSchema.fromEntryJson(e.getKey(), e.getValue().asText()));
            }
            SortedMap<String, String> rejected = new TreeMap<>();
            root.path("rejected").fields().forEachRemaining(e -> rejected.put(e.getKey(), e.getValue().asText()));
            if (!root.path("batch_id").canConvertToLong() || !root.path("query_id").isTextual()) {
                throw new IllegalArgumentException("batch manifest lacks batch_id or query_id");
            }
            return new BatchManifest(root.path("batch_id").asLong(), root.path("query_id").asText(),
                    root.path("source_offsets").asText(""),
                    Instant.parse(root.path("ingested_at").asText()), root.path("max_record_bytes").asInt(),
                    new RegistrySnapshot(schemas, rejected), Optional.empty());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable batch manifest: " + e.getMessage(), e);
        }
    }
}

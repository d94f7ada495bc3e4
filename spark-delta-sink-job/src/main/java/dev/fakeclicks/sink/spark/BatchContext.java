package dev.fakeclicks.sink.spark;

import java.time.Instant;

/**
 * What every write of one batch shares: the idempotence key (query id as Delta {@code txnAppId}, batch id as
 * {@code txnVersion}), the ingest time, and where tables live. {@code replay}: an earlier attempt of this batch
 * got as far as writing its manifest, so some tables may already hold it (a first attempt skips that check:
 * the manifest is written before any table, so no table can).
 */
record BatchContext(String appId, long batchId, Instant ingestedAt, String outputPath, String registryPrefix,
                    int maxRecordBytes, boolean replay) {

    String tablePath(String type) {
        return outputPath + "/" + type;
    }

    String quarantinePath() {
        return outputPath + "/_quarantine";
    }

    /** Stored in each commit (DESCRIBE HISTORY shows it) and used to recognise our own commit. */
    String userMetadata(int schemaVersion) {
        return "{\"writer\":\"fakeclicks-delta-sink\",\"query_id\":\"" + appId + "\",\"batch_id\":" + batchId
                + (schemaVersion > 0 ? ",\"schema_version\":" + schemaVersion : "") + "}";
    }
}

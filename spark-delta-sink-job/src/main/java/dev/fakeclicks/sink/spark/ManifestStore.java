package dev.fakeclicks.sink.spark;

import dev.fakeclicks.sink.plan.BatchManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch manifests in {@code <checkpoint>/fakeclicks-sink/manifests/<batchId>.json}, next to Spark's own offset
 * log, so they follow the checkpoint (a new checkpoint starts afresh, like the query id). Written to a temporary
 * name and renamed, so a crash never leaves half a manifest; the last {@link #RETAINED} are kept.
 */
final class ManifestStore {

    static final int RETAINED = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ManifestStore.class);

    private final Path dir;
    private final Configuration hadoop;

    ManifestStore(String checkpointLocation, Configuration hadoop) {
        this.dir = new Path(checkpointLocation, "fakeclicks-sink/manifests");
        this.hadoop = hadoop;
    }

    Optional<BatchManifest> read(long batchId) {
        Path file = file(batchId);
        try {
            FileSystem fs = file.getFileSystem(hadoop);
            if (!fs.exists(file)) {
                return Optional.empty();
            }
            try (InputStream in = fs.open(file)) {
                return Optional.of(BatchManifest.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        } catch (IllegalArgumentException e) {
            // Written before any table was touched and renamed into place; unreadable means never used.
            LOG.warn("ignoring unreadable manifest {}: {}", file, e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read batch manifest " + file + ": " + e.getMessage(), e);
        }
    }

    void write(BatchManifest manifest) {
        Path file = file(manifest.batchId());
        Path tmp = new Path(dir, "." + manifest.batchId() + ".json." + System.nanoTime() + ".tmp");
        try {
            FileSystem fs = file.getFileSystem(hadoop);
            try (OutputStream out = fs.create(tmp, true)) {
                out.write(manifest.toJson().getBytes(StandardCharsets.UTF_8));
            }
            fs.delete(file, false);
            if (!fs.rename(tmp, file)) {
                throw new IOException("rename " + tmp + " -> " + file + " failed");
            }
            if (manifest.completedReport().isPresent() && manifest.batchId() >= RETAINED) {
                fs.delete(file(manifest.batchId() - RETAINED), false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write batch manifest " + file + ": " + e.getMessage(), e);
        }
    }

    private Path file(long batchId) {
        return new Path(dir, batchId + ".json");
    }
}

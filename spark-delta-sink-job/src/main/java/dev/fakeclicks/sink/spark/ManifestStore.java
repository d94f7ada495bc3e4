package dev.fakeclicks.sink.spark;

import dev.fakeclicks.sink.plan.BatchManifest;
import dev.fakeclicks.sink.plan.BatchReport;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch manifests in {@code <checkpoint>/fakeclicks-sink/manifests/}, next to Spark's own offset log, so they
 * follow the checkpoint (a new checkpoint starts afresh, like the query id): {@code <batchId>.json}, written
 * before any table is touched and never rewritten after; {@code <batchId>-<n>.json}, revision n, written by a replay
 * that took fresh registry entries, before it touches any table (the newest revision is the manifest); and
 * {@code <batchId>.done} with the batch's report, written when every table holds the batch. Each file is written to
 * a temporary name and renamed to a name not taken, so a crash never leaves half of one; and since revising or
 * completing a batch only adds a file, no crash can leave a batch whose tables were written without the manifest
 * that says how it was routed. The last {@link #RETAINED} batches are kept.
 */
final class ManifestStore {

    static final int RETAINED = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ManifestStore.class);

    private final Path dir;
    private final Path offsetLog;
    private final Configuration hadoop;

    ManifestStore(String checkpointLocation, Configuration hadoop) {
        this.dir = new Path(checkpointLocation, "fakeclicks-sink/manifests");
        this.offsetLog = new Path(checkpointLocation, "offsets");
        this.hadoop = hadoop;
    }

    /** The manifest of {@code batchId} (its newest revision), with its report if the batch completed. */
    Optional<BatchManifest> read(long batchId) {
        Optional<BatchManifest> newest = Optional.empty();
        for (int revision = lastRevision(batchId); revision >= 0 && newest.isEmpty(); revision--) {
            newest = readManifest(revision == 0 ? manifestFile(batchId) : revisionFile(batchId, revision));
        }
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        BatchManifest manifest = newest.get();
        Optional<String> report = readReport(doneFile(batchId));
        return Optional.of(report.isPresent() ? manifest.withCompletedReport(report.get()) : manifest);
    }

    /**
     * The report of a completed batch; empty when there is none or it is unreadable. An unreadable one is ignored like
     * an unreadable manifest: the batch is then replayed as unfinished, and the tables' Delta transaction ids show
     * which of them already hold it, so nothing is written twice (a replay of a complete batch would otherwise fail on
     * the report, at every restart).
     */
    private Optional<String> readReport(Path file) {
        Optional<String> report = readUnlessCorrupt(file, "batch report").map(String::trim).filter(r -> !r.isEmpty());
        if (report.isPresent() && BatchReport.parse(report.get()).isEmpty()) {
            LOG.warn("ignoring unreadable batch report {}: {}", file, report.get());
            return Optional.empty();
        }
        return report;
    }

    /** The file's text; empty when missing, or corrupt under the file system's checksum (logged). */
    private Optional<String> readUnlessCorrupt(Path file, String what) {
        try {
            return readText(file);
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof ChecksumException)) {
                throw e;
            }
            LOG.warn("ignoring corrupt {} {}: {}", what, file, e.getCause().getMessage());
            return Optional.empty();
        }
    }

    /**
     * One manifest file; empty when missing or unreadable. Each is written whole and renamed into place, so an
     * unreadable one was never used: the revision before it (or the first manifest) is what the batch was decided with.
     */
    private Optional<BatchManifest> readManifest(Path file) {
        Optional<String> json = readUnlessCorrupt(file, "manifest");
        if (json.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(BatchManifest.fromJson(json.get()));
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring unreadable manifest {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Writes a batch's manifest, before any of its tables is touched (dropping a report left by another query). */
    void write(BatchManifest manifest) {
        if (manifest.completedReport().isPresent()) {
            throw new IllegalArgumentException("a completed batch is recorded with complete(), not write()");
        }
        delete(doneFile(manifest.batchId()));
        deleteRevisions(manifest.batchId());
        writeText(manifestFile(manifest.batchId()), manifest.toJson());
    }

    /**
     * Records the manifest a replay of an unfinished batch uses from now on (fresh registry entries), before the
     * replay touches any table. A new file, so a crash leaves either the previous manifest or this one.
     */
    void revise(BatchManifest manifest) {
        if (manifest.completedReport().isPresent()) {
            throw new IllegalArgumentException("a completed batch is not revised");
        }
        long batchId = manifest.batchId();
        writeText(revisionFile(batchId, lastRevision(batchId) + 1), manifest.toJson());
    }

    /** Records that every table holds the batch, and forgets the batch {@link #RETAINED} before it. */
    void complete(BatchManifest manifest) {
        long batchId = manifest.batchId();
        writeText(doneFile(batchId), manifest.completedReport().orElseThrow(
                () -> new IllegalArgumentException("batch " + batchId + " has no report")));
        if (batchId >= RETAINED) {
            try {
                delete(doneFile(batchId - RETAINED));
                deleteRevisions(batchId - RETAINED);
                delete(manifestFile(batchId - RETAINED));
            } catch (UncheckedIOException e) {
                LOG.warn("cannot delete an old batch manifest: {}", e.getMessage());
            }
        }
    }

    /**
     * The source lines of the batch's entry in Spark's offset log ({@code <checkpoint>/offsets/<batchId>}: a version
     * line, a metadata line, then one line per source), which Spark writes before it runs the batch and reads back
     * unchanged when it replays it; empty when there is none.
     */
    String sparkOffsets(long batchId) {
        return readText(new Path(offsetLog, Long.toString(batchId)))
                .map(text -> text.lines().skip(2).collect(Collectors.joining("\n")))
                .orElse("");
    }

    private Optional<String> readText(Path file) {
        try {
            FileSystem fs = file.getFileSystem(hadoop);
            if (!fs.exists(file)) {
                return Optional.empty();
            }
            try (InputStream in = fs.open(file)) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read batch manifest " + file + ": " + e.getMessage(), e);
        }
    }

    private void writeText(Path file, String text) {
        Path tmp = new Path(dir, "." + file.getName() + "." + System.nanoTime() + ".tmp");
        try {
            FileSystem fs = file.getFileSystem(hadoop);
            try (OutputStream out = fs.create(tmp, true)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            // Only a file no table depends on yet is ever replaced: a manifest of another query id (revisions take new names).
            fs.delete(file, false);
            if (!fs.rename(tmp, file)) {
                throw new IOException("rename " + tmp + " -> " + file + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write batch manifest " + file + ": " + e.getMessage(), e);
        }
    }

    private void delete(Path file) {
        try {
            file.getFileSystem(hadoop).delete(file, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete batch manifest " + file + ": " + e.getMessage(), e);
        }
    }

    /** The highest revision number of the batch's manifest; 0 when it has none (only {@code <batchId>.json}). */
    private int lastRevision(long batchId) {
        int last = 0;
        for (Path file : revisionFiles(batchId)) {
            String name = file.getName();
            last = Math.max(last, Integer.parseInt(name.substring(name.indexOf('-') + 1, name.length() - ".json".length())));
        }
        return last;
    }

    private void deleteRevisions(long batchId) {
        for (Path file : revisionFiles(batchId)) {
            delete(file);
        }
    }

    private List<Path> revisionFiles(long batchId) {
        try {
            // A filter, not a glob: a glob would read [, ], ? or a backslash in the checkpoint path as patterns and find nothing.
            String revision = batchId + "-[1-9][0-9]{0,8}\\.json";
            List<Path> files = new ArrayList<>();
            for (FileStatus status : dir.getFileSystem(hadoop).listStatus(dir, path -> path.getName().matches(revision))) {
                files.add(status.getPath());
            }
            return files;
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list batch manifests in " + dir + ": " + e.getMessage(), e);
        }
    }

    private Path revisionFile(long batchId, int revision) {
        return new Path(dir, batchId + "-" + revision + ".json");
    }

    private Path manifestFile(long batchId) {
        return new Path(dir, batchId + ".json");
    }

    private Path doneFile(long batchId) {
        return new Path(dir, batchId + ".done");
    }
}

package dev.fakeclicks.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the tables of a work directory's sink checkpoint are (an output directory or an s3a:// root), recorded on
 * first use. The checkpoint holds Kafka offsets, not tables: a run writing elsewhere with it would start after
 * everything committed before, so the new tables would silently miss it.
 */
record DestinationRecord(Path file) {

    Optional<String> read() {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).strip()).filter(d -> !d.isEmpty()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    void write(String destination) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, destination + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Why a run must not write to {@code asked} with this work directory; empty when it may. A different destination
     * needs --clean (which deletes the work directory and a local output). With S3, --clean is refused: run-local
     * cannot delete the tables there, and a fresh run would append the same events again (the demo configs fix
     * random.seed, so even the event_ids repeat).
     *
     * @param recorded what {@link #read()} found before any --clean
     */
    static Optional<String> problem(Optional<String> recorded, String asked, boolean clean, boolean s3, Path workDir) {
        if (clean && s3) {
            return Optional.of("--clean cannot delete the tables in " + asked + ", and a fresh run would append the same"
                    + " events to them again: delete " + asked + " yourself or set a new S3_PREFIX, then delete "
                    + workDir + " yourself (or choose a new --work-dir) and run without --clean");
        }
        if (clean || recorded.isEmpty() || recorded.get().equals(asked)) {
            return Optional.empty();
        }
        return Optional.of("the checkpoint in " + workDir + " belongs to the tables in " + recorded.get()
                + ", but this run writes to " + asked + ", whose tables would miss everything written before: write to "
                + recorded.get() + " again, choose a new --work-dir, or " + (s3
                        ? "delete " + workDir + " yourself (--clean cannot delete S3 tables, so it is refused with S3)"
                        : "add --clean to start over (deletes " + workDir + " and " + asked + ")"));
    }
}

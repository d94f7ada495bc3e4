package dev.fakeclicks.sink.spark;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's raw local file system, for Delta's logs and Spark's checkpoints on local disk, minus its process starts. Without
 * Hadoop's native library (which no Maven artifact or Spark download ships), Hadoop runs a {@code chmod} process for
 * every file and directory it creates and a {@code readlink} process for every status check of a rename: ~400
 * processes per batch of 30 tables, most of them in Delta's commits and Spark's checkpoint. This class does both
 * through java.nio instead; symbolic links and sticky bits, which the sink never makes, keep Hadoop's own path.
 * <p>
 * The sink uses it through {@link ForFileContext}, in local mode (see {@link SparkSetup#configureStorage}): Delta's
 * log store and Spark's checkpoint write through {@code FileContext}, raw here as on S3, which also spares a second
 * file and rename per commit (Hadoop's default LocalFs writes a {@code .crc} beside each file; Delta's log has version
 * checksums of its own). Data files keep Hadoop's LocalFileSystem: s3a's buffers and other callers of
 * {@code FileSystem.getLocal} need that class, and executors on a cluster would need this one in Hadoop's class loader.
 */
public class ForklessLocalFileSystem extends RawLocalFileSystem {

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
        if (permission.getStickyBit()) {
            super.setPermission(p, permission);
            return;
        }
        String rwx = permission.getUserAction().SYMBOL + permission.getGroupAction().SYMBOL + permission.getOtherAction().SYMBOL;
        try {
            Files.setPosixFilePermissions(pathToFile(p).toPath(), PosixFilePermissions.fromString(rwx));
        } catch (UnsupportedOperationException notPosix) {
            super.setPermission(p, permission);
        }
    }

    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
        // For anything but a link Hadoop's answer is getFileStatus(f), after a readlink process to find that out.
        return Files.isSymbolicLink(pathToFile(f).toPath()) ? super.getFileLinkStatus(f) : getFileStatus(f);
    }

    /** The {@code FileContext} side ({@code fs.AbstractFileSystem.file.impl}): raw, as Hadoop's RawLocalFs. */
    public static final class ForFileContext extends DelegateToFileSystem {

        /** The constructor {@code AbstractFileSystem.createFileSystem} calls. */
        public ForFileContext(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new ForklessLocalFileSystem(), conf, "file", false);
        }

        @Override
        public int getUriDefaultPort() {
            return -1;
        }

        @Override
        public boolean isValidName(String src) {
            return true; // as Hadoop's RawLocalFs: any name the local file system takes
        }

        /**
         * Hadoop's LocalFileSystem, which reads these files, checks a {@code .NAME.crc} beside a file when there is one:
         * one that Hadoop's default LocalFs wrote before (a checkpoint or table from an earlier run) must not outlive
         * the file it describes when a rename replaces it (Delta's {@code _last_checkpoint}).
         */
        @Override
        public void renameInternal(Path src, Path dst) throws IOException {
            java.io.File target = ((ForklessLocalFileSystem) fsImpl).pathToFile(dst);
            Files.deleteIfExists(target.toPath().resolveSibling("." + target.getName() + ".crc"));
            super.renameInternal(src, dst);
        }
    }
}

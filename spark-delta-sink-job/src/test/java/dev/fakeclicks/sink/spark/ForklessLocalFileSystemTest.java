package dev.fakeclicks.sink.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The answers of {@link ForklessLocalFileSystem} are Hadoop's RawLocalFileSystem's, through java.nio. */
class ForklessLocalFileSystemTest {

    @TempDir
    java.nio.file.Path tmp;

    private final ForklessLocalFileSystem forkless = new ForklessLocalFileSystem();
    private final RawLocalFileSystem hadoops = new RawLocalFileSystem();

    @BeforeEach
    void initialise() throws Exception {
        Configuration conf = new Configuration(false);
        forkless.initialize(java.net.URI.create("file:///"), conf);
        hadoops.initialize(java.net.URI.create("file:///"), conf);
    }

    @Test
    void setsPermissionsAsHadoopDoes() throws Exception {
        Path file = new Path(tmp.resolve("f").toUri());
        Files.writeString(tmp.resolve("f"), "x");
        for (String mode : new String[] {"640", "755", "600", "444", "777"}) {
            FsPermission permission = new FsPermission(mode);
            forkless.setPermission(file, permission);
            String ours = PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("f")));
            hadoops.setPermission(file, permission);
            assertThat(ours).as(mode).isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("f"))))
                    .isEqualTo(permission.toString());
        }
    }

    @Test
    void createsFilesAndDirectoriesWithTheUmasksPermissions() throws Exception {
        Path dir = new Path(tmp.resolve("a/b").toUri());
        assertThat(forkless.mkdirs(dir, new FsPermission("777"))).isTrue();
        try (FSDataOutputStream out = forkless.create(new Path(dir, "part-0.parquet"))) {
            out.write(1);
        }
        FsPermission umask = FsPermission.getUMask(forkless.getConf());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a/b"))))
                .isEqualTo(new FsPermission("777").applyUMask(umask).toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a/b/part-0.parquet"))))
                .isEqualTo(FsPermission.getFileDefault().applyUMask(umask).toString());
        try (Stream<java.nio.file.Path> files = Files.list(tmp.resolve("a/b"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("part-0.parquet"); // no .crc
        }
    }

    @Test
    void linkStatusIsHadoopsForFilesDirectoriesLinksAndMissingPaths() throws Exception {
        Files.writeString(tmp.resolve("file"), "content");
        Files.createDirectory(tmp.resolve("dir"));
        Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("file"));
        Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("nowhere"));
        for (String name : new String[] {"file", "dir", "link", "dangling", "missing"}) {
            // Hadoop reports links for plain paths only (for file:/... it runs readlink on "file:/..."): same answers.
            for (Path path : List.of(new Path(tmp.resolve(name).toString()), new Path(tmp.resolve(name).toUri()))) {
                assertThat(linkStatus(forkless, path)).as(path.toString()).isEqualTo(linkStatus(hadoops, path));
            }
        }
        assertThat(linkStatus(forkless, new Path(tmp.resolve("link").toString())))
                .startsWith("link to file:" + tmp.resolve("file"));
        assertThat(linkStatus(forkless, new Path(tmp.resolve("missing").toUri()))).isEqualTo("FileNotFoundException");
    }

    private static String linkStatus(RawLocalFileSystem fs, Path path) {
        try {
            FileStatus status = fs.getFileLinkStatus(path);
            return (status.isSymlink() ? "link to " + status.getSymlink() : status.isDirectory() ? "directory" : "file")
                    + " " + status.getPath() + " " + status.getLen() + " " + status.getPermission();
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        }
    }

    /** What Delta's log store does with a commit: write a temporary file, rename it without overwriting. */
    @Test
    void fileContextRenamesWithoutOverwritingAsDeltaCommitsNeed() throws Exception {
        Configuration conf = new Configuration();
        conf.set("fs.AbstractFileSystem.file.impl", ForklessLocalFileSystem.ForFileContext.class.getName());
        FileContext fc = FileContext.getFileContext(java.net.URI.create("file:///"), conf);
        assertThat(fc.getDefaultFileSystem()).isInstanceOf(ForklessLocalFileSystem.ForFileContext.class);

        Path log = new Path(tmp.resolve("_delta_log").toUri());
        Path commit = new Path(log, "00000000000000000000.json");
        write(fc, new Path(log, ".0.json.tmp"), "first");
        fc.rename(new Path(log, ".0.json.tmp"), commit, Options.Rename.NONE);
        write(fc, new Path(log, ".0.json.tmp2"), "second");
        assertThatThrownBy(() -> fc.rename(new Path(log, ".0.json.tmp2"), commit, Options.Rename.NONE))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(tmp.resolve("_delta_log/00000000000000000000.json"))).isEqualTo("first");
        try (Stream<java.nio.file.Path> files = Files.list(tmp.resolve("_delta_log"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("00000000000000000000.json", ".0.json.tmp2");
        }
    }

    /** Delta's _last_checkpoint, first written by Hadoop's default LocalFs (with a .crc), then replaced by this one. */
    @Test
    void replacingAFileLeavesNoStaleChecksumForHadoopsLocalFileSystemToTripOver() throws Exception {
        Path lastCheckpoint = new Path(tmp.resolve("_delta_log/_last_checkpoint").toUri());
        FileContext before = FileContext.getFileContext(java.net.URI.create("file:///"), new Configuration());
        write(before, lastCheckpoint, "{\"version\":100}");
        assertThat(tmp.resolve("_delta_log/._last_checkpoint.crc")).exists();

        Configuration conf = new Configuration();
        conf.set("fs.AbstractFileSystem.file.impl", ForklessLocalFileSystem.ForFileContext.class.getName());
        FileContext fc = FileContext.getFileContext(java.net.URI.create("file:///"), conf);
        Path tmpFile = new Path(tmp.resolve("_delta_log/.last.tmp").toUri());
        write(fc, tmpFile, "{\"version\":200}");
        fc.rename(tmpFile, lastCheckpoint, Options.Rename.OVERWRITE);

        assertThat(tmp.resolve("_delta_log/._last_checkpoint.crc")).doesNotExist();
        try (FSDataInputStream in = FileSystem.getLocal(new Configuration()).open(lastCheckpoint)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"version\":200}");
        }
    }

    private static void write(FileContext fc, Path path, String content) throws Exception {
        try (FSDataOutputStream out = fc.create(path, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }
}

package dev.fakeclicks.local.sink;

import dev.fakeclicks.local.process.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The sink job started the way users start it, through spark-submit's entry point
 * ({@code org.apache.spark.deploy.SparkSubmit}) in local mode, on the Spark classpath the build resolved.
 */
public final class SinkJob {

    public static final String MAIN_CLASS = "dev.fakeclicks.sink.DeltaSinkJob";

    private SinkJob() {
    }

    public static ManagedProcess start(Path javaHome, String sparkClasspath, List<String> sparkJvmOptions, Path jobJar,
                                       String master, Collection<String> notInherited, Map<String, String> env,
                                       Path dir, Path logs, Path workingDir) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(sparkJvmOptions);
        command.addAll(List.of("-Xmx2g", "-Djava.io.tmpdir=" + dir.resolve("tmp").toAbsolutePath(),
                "-cp", sparkClasspath, "org.apache.spark.deploy.SparkSubmit",
                "--master", master,
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.local.dir=" + dir.resolve("spark-local").toAbsolutePath(),
                "--class", MAIN_CLASS,
                jobJar.toAbsolutePath().toString()));
        try {
            Files.createDirectories(dir.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the sink's directory " + dir.resolve("tmp"), e);
        }
        return ManagedProcess.start("sink", command, notInherited, env, logs, workingDir);
    }
}

package dev.fakeclicks.local;

import dev.fakeclicks.local.process.ComponentFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the build puts what the local run starts, and where the run keeps its state. */
record Layout(Path repo, Path work) {

    static Layout of(Path repo, Path work) {
        return new Layout(repo, work);
    }

    Path logs() {
        return work.resolve("logs");
    }

    /** The sink's checkpoint lives beside the Kafka data it refers to. */
    Path checkpoint() {
        return work.resolve("checkpoint");
    }

    /** Where the checkpoint's tables are: see {@link DestinationRecord}. */
    Path destinationFile() {
        return work.resolve("destination");
    }

    /** What this work directory deployed: see {@link dev.fakeclicks.local.connect.DeployedConnectors}. */
    Path deployedConnectors() {
        return work.resolve("connectors");
    }

    Path registryToolsJar() {
        return repo.resolve("registry-tools/target/registry-tools.jar");
    }

    Path pluginPath() {
        return repo.resolve("connect-source-fakeclicks/target/plugin");
    }

    Path sinkJar() {
        return repo.resolve("spark-delta-sink-job/target/spark-delta-sink-job.jar");
    }

    String sparkClasspath() {
        return read(repo.resolve("spark-delta-sink-job/target/spark-classpath.txt"));
    }

    /** hadoop-aws and the AWS SDK, for a sink writing to S3 (resolved by local-run's build). */
    String s3Classpath() {
        return read(s3ClasspathFile());
    }

    private Path s3ClasspathFile() {
        return repo.resolve("local-run/target/s3-classpath.txt");
    }

    String kafkaClasspath() {
        return read(repo.resolve("local-servers/target/kafka-classpath.txt"));
    }

    /** One message listing whatever the build has not produced yet. */
    void requireBuilt(boolean s3) {
        List<Path> needed = new ArrayList<>(List.of(registryToolsJar(), pluginPath(), sinkJar(),
                repo.resolve("spark-delta-sink-job/target/spark-classpath.txt"),
                repo.resolve("local-servers/target/kafka-classpath.txt")));
        if (s3) {
            needed.add(s3ClasspathFile());
        }
        List<Path> missing = needed.stream().filter(p -> !Files.exists(p)).toList();
        if (!missing.isEmpty()) {
            throw new ComponentFailure("build", "is incomplete, missing " + missing
                    + ": run ./run-local without --no-build (or mvn -B -DskipTests package)", null);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

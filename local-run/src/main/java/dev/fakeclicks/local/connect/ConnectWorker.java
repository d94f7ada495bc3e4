package dev.fakeclicks.local.connect;

import dev.fakeclicks.local.kafka.JavaLauncher;
import dev.fakeclicks.local.process.Children;
import dev.fakeclicks.local.process.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A distributed Connect worker with the fakeclicks plugin on its plugin.path and exactly-once source support. */
public final class ConnectWorker {

    private ConnectWorker() {
    }

    /** Starts the worker, adding it to {@code children} as soon as its process exists, and waits for its REST API. */
    public static ManagedProcess start(JavaLauncher java, Path dir, String bootstrap, int restPort, Path pluginPath,
                                       Children children) {
        Path properties = dir.resolve("worker.properties");
        try {
            Files.createDirectories(dir);
            Files.writeString(properties, String.join("\n",
                    "# Written by ./run-local",
                    "bootstrap.servers=" + bootstrap,
                    "group.id=fakeclicks-local",
                    "listeners=http://localhost:" + restPort,
                    "plugin.path=" + pluginPath.toAbsolutePath(),
                    // Finds plugins through their ServiceLoader manifests: ready in ~5 s instead of ~30 s of scanning.
                    "plugin.discovery=service_load",
                    "exactly.once.source.support=enabled",
                    "key.converter=org.apache.kafka.connect.storage.StringConverter",
                    "value.converter=org.apache.kafka.connect.json.JsonConverter",
                    "config.storage.topic=_connect-configs",
                    "offset.storage.topic=_connect-offsets",
                    "status.storage.topic=_connect-status",
                    "config.storage.replication.factor=1",
                    "offset.storage.replication.factor=1",
                    "status.storage.replication.factor=1",
                    "offset.flush.interval.ms=1000",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Connect worker's config " + properties, e);
        }
        ManagedProcess worker = children.start(() -> java.start("connect", "org.apache.kafka.connect.cli.ConnectDistributed",
                List.of(properties.toAbsolutePath().toString()), Map.of(), "-Xmx1g"));
        ConnectRest rest = new ConnectRest(restPort, worker.log());
        worker.awaitReady(rest::isReady, Duration.ofSeconds(120), "REST API answering on port " + restPort);
        return worker;
    }
}

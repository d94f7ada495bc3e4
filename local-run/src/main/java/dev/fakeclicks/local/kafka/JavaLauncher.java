package dev.fakeclicks.local.kafka;

import dev.fakeclicks.local.process.ManagedProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts JVMs of the Kafka distribution (broker, storage tool, Connect worker) on the classpath that
 * local-servers resolved from Maven, with log4j2 configured to log to stdout (captured in the log file).
 */
public record JavaLauncher(Path javaHome, String classpath, Path log4jConfig, Path logs, Path workingDir) {

    public ManagedProcess start(String name, String mainClass, List<String> args, Map<String, String> env, String... jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(List.of(jvmOptions));
        command.add("-Dlog4j2.configurationFile=" + log4jConfig.toAbsolutePath());
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        return ManagedProcess.start(name, command, env, logs, workingDir);
    }
}

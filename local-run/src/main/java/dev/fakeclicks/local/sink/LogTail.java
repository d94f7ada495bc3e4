package dev.fakeclicks.local.sink;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the lines a log file gained since the last call (starting at its size when created). */
public final class LogTail {

    private final Path file;
    private long position;
    private String partial = "";

    public LogTail(Path file) {
        this.file = file;
        try {
            this.position = Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            this.position = 0;
        }
    }

    public List<String> newLines() {
        List<String> lines = new ArrayList<>();
        if (!Files.exists(file)) {
            return lines;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            if (in.length() < position) {
                position = 0;
            }
            in.seek(position);
            byte[] bytes = new byte[(int) Math.min(in.length() - position, 16 * 1024 * 1024)];
            in.readFully(bytes);
            position += bytes.length;
            String text = partial + new String(bytes, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            partial = end < 0 ? text : text.substring(end + 1);
            if (end >= 0) {
                lines.addAll(text.substring(0, end).lines().toList());
            }
        } catch (IOException e) {
            // The next call retries; a log we cannot read only costs progress output.
        }
        return lines;
    }
}

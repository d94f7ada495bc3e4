package dev.fakeclicks.tools.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Text or JSON on stdout, messages on stderr: the one place a verb's output is formatted. */
public final class Output {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;

    public Output(PrintWriter out, PrintWriter err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    public boolean json() {
        return json;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes {@code document} (records, maps, lists, JsonNodes) as indented JSON. */
    public void printJson(Object document) {
        try {
            out.println(MAPPER.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize output", e);
        }
        out.flush();
    }

    /** A schema string as a JSON tree, so JSON output embeds schemas as objects rather than quoted strings. */
    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    public void line(String text) {
        out.println(text);
        out.flush();
    }

    /** A message for humans on stderr (refusals, warnings), even in JSON mode. */
    public void error(String text) {
        err.println(text);
        err.flush();
    }

    /**
     * A verb's failure: {@code lines} on stderr and, in JSON mode, {@code {"error": ..., "exit_code": ...}} on stdout,
     * so a script parsing stdout learns what went wrong too. Returns {@code exitCode}.
     */
    public int failure(int exitCode, String... lines) {
        for (String line : lines) {
            error(line);
        }
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("error", String.join("\n", lines));
            document.put("exit_code", exitCode);
            printJson(document);
        }
        return exitCode;
    }

    /** Left-aligned columns sized to their content. */
    public void table(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] widths = new int[header.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(i == row.size() - 1 ? cell : String.format("%-" + widths[i] + "s  ", cell));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}

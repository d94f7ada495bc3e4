package dev.fakeclicks.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fakeclicks.schema.EventSchemaRules;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.schema.SchemaParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The event catalogue: the one source of truth for every clickstream event type's schema.
 *
 * <p>Layout (in this jar under {@code schemas/}, or any directory given to {@link #fromDirectory}):
 * {@code index.json} lists the types in funnel order with their revision and a description, and
 * {@code <type>.json} holds each type's Spark StructType JSON. A directory without an index takes every
 * {@code <type>.json} it holds, at revision 1. There, an {@code index.json} holding a schema (an object with
 * {@code "type"}, where an index has {@code "types"}) is the schema of the type named {@code index}, so that every
 * valid type name round-trips through {@code registry-tools export} and {@code seed --from}.
 */
public final class Catalogue {

    public static final String RESOURCE_DIR = "schemas/";
    public static final String INDEX = "index.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, CatalogueEntry> entries;

    private Catalogue(List<CatalogueEntry> entries) {
        Map<String, CatalogueEntry> byType = new LinkedHashMap<>();
        for (CatalogueEntry entry : entries) {
            if (byType.put(entry.type(), entry) != null) {
                throw new CatalogueException("event type " + entry.type() + " is listed twice");
            }
        }
        this.entries = Collections.unmodifiableMap(byType);
    }

    /** The catalogue shipped in this jar. */
    public static Catalogue builtIn() {
        return load("classpath:" + RESOURCE_DIR, name -> {
            try (InputStream in = Catalogue.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
                return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, List.of());
    }

    /** A catalogue kept as files, e.g. one written by {@code registry-tools export}. */
    public static Catalogue fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CatalogueException(dir + " is not a directory");
        }
        List<String> files;
        try (Stream<Path> list = Files.list(dir)) {
            // Only files: a directory named like one (say a backup, x.json/) is no schema, as versions/ is none.
            files = list.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return load(dir.toString(), name -> {
            Path file = dir.resolve(name);
            try {
                return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }, files);
    }

    private static Catalogue load(String origin, Function<String, Optional<String>> reader, List<String> fallbackFiles) {
        List<CatalogueEntry> entries = new ArrayList<>();
        Optional<String> index = reader.apply(INDEX).filter(json -> !holdsASchema(json));
        if (index.isPresent()) {
            JsonNode types = readIndex(origin, index.get());
            for (JsonNode item : types) {
                String type = item.path("name").asText(null);
                EventTypeNames.problem(type).ifPresent(p -> {
                    throw new CatalogueException(origin + "/" + INDEX + ": " + p);
                });
                int revision = item.path("revision").asInt(1);
                String file = type + ".json";
                String json = reader.apply(file).orElseThrow(
                        () -> new CatalogueException(origin + ": " + INDEX + " lists " + type + " but " + file + " is missing"));
                entries.add(entry(origin, type, revision, item.path("description").asText(""), json));
            }
        } else {
            for (String file : fallbackFiles) {
                String type = file.substring(0, file.length() - ".json".length());
                EventTypeNames.problem(type).ifPresent(p -> {
                    throw new CatalogueException(origin + "/" + file + ": " + p);
                });
                entries.add(entry(origin, type, 1, "", reader.apply(file).orElseThrow()));
            }
        }
        if (entries.isEmpty()) {
            throw new CatalogueException(origin + ": no event types found (expected " + INDEX + " or <type>.json files)");
        }
        return new Catalogue(entries);
    }

    /** Whether {@code json} is a type's schema rather than an index; what is not JSON counts as a broken index. */
    private static boolean holdsASchema(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return node != null && node.isObject() && node.has("type");
        } catch (IOException e) {
            return false;
        }
    }

    private static JsonNode readIndex(String origin, String json) {
        try {
            JsonNode types = MAPPER.readTree(json).path("types");
            if (!types.isArray()) {
                throw new CatalogueException(origin + "/" + INDEX + ": expected {\"types\": [ ... ]}");
            }
            return types;
        } catch (IOException e) {
            throw new CatalogueException(origin + "/" + INDEX + " is not valid JSON: " + e.getMessage());
        }
    }

    private static CatalogueEntry entry(String origin, String type, int revision, String description, String json) {
        try {
            var schema = SchemaJson.parseStruct(json);
            List<String> problems = EventSchemaRules.problems(schema);
            if (!problems.isEmpty()) {
                throw new CatalogueException(origin + "/" + type + ".json: " + String.join("; ", problems));
            }
            return new CatalogueEntry(type, revision, description, schema);
        } catch (SchemaParseException e) {
            throw new CatalogueException(origin + "/" + type + ".json: " + e.getMessage());
        }
    }

    /** Entries in catalogue order (funnel order for the built-in one). */
    public List<CatalogueEntry> entries() {
        return List.copyOf(entries.values());
    }

    public List<String> types() {
        return List.copyOf(entries.keySet());
    }

    public Optional<CatalogueEntry> get(String type) {
        return Optional.ofNullable(entries.get(type));
    }

    public CatalogueEntry require(String type) {
        return get(type).orElseThrow(() -> new CatalogueException("event type " + type + " is not in the catalogue; known: " + types()));
    }
}

package dev.fakeclicks.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.registry.RedisSchemaRegistry;
import dev.fakeclicks.registry.RedisSettings;
import dev.fakeclicks.registry.RegisteredSchema;
import dev.fakeclicks.registry.RegistryKeys;
import dev.fakeclicks.schema.AtomicType;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.schema.StructField;
import dev.fakeclicks.schema.StructType;
import dev.fakeclicks.servers.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/** The CLI in-process against a real redis-server; each test uses its own key prefix on the shared server. */
class RegistryToolsIT {

    private static final Catalogue CATALOGUE = Catalogue.builtIn();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RedisServerProcess redis;
    private String prefix;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void isolate(TestInfo test) {
        prefix = "it:" + test.getTestMethod().orElseThrow().getName() + ":";
    }

    private CliRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--redis-port", Integer.toString(redis.port()), "--prefix", prefix));
        return CliRun.of(all.toArray(String[]::new));
    }

    private RedisSchemaRegistry registry() {
        return RedisSchemaRegistry.connect(RedisSettings.local(redis.port()).withPrefix(prefix));
    }

    private Path schemaFile(StructType schema) throws Exception {
        return Files.writeString(Files.createTempFile(tmp, "schema", ".json"), SchemaJson.toPrettyJson(schema));
    }

    @Test
    void seedThenListShowsEveryCatalogueType() throws Exception {
        CliRun seed = cli("seed");
        assertThat(seed.exitCode()).as(seed.err()).isZero();
        assertThat(seed.out().lines()).hasSize(CATALOGUE.types().size())
                .allSatisfy(line -> assertThat(line).containsPattern("registered +v1$"));

        CliRun list = cli("list", "--json");
        assertThat(list.exitCode()).isZero();
        JsonNode types = JSON.readTree(list.out()).get("types");
        List<String> listed = new ArrayList<>();
        types.forEach(t -> {
            listed.add(t.get("type").asText());
            assertThat(t.get("version").asInt()).isEqualTo(1);
        });
        assertThat(listed).containsExactlyInAnyOrderElementsOf(CATALOGUE.types());

        try (RedisSchemaRegistry registry = registry()) {
            CATALOGUE.entries().forEach(e -> assertThat(registry.latest(e.type()).orElseThrow().schema()).isEqualTo(e.schema()));
        }
    }

    @Test
    void seedTwiceChangesNothing() {
        assertThat(cli("seed").exitCode()).isZero();
        List<RegisteredSchema> before;
        try (RedisSchemaRegistry registry = registry()) {
            before = CATALOGUE.types().stream().flatMap(t -> registry.history(t).stream()).toList();
        }
        CliRun second = cli("seed");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out().lines()).allSatisfy(line -> assertThat(line).containsPattern("unchanged +v1$"));
        try (RedisSchemaRegistry registry = registry()) {
            assertThat(CATALOGUE.types().stream().flatMap(t -> registry.history(t).stream()).toList()).isEqualTo(before);
        }
    }

    @Test
    void compatibleRegisterMakesVersionTwoVisibleInTheOneRoundTripRead() throws Exception {
        cli("seed");
        StructType v2 = CATALOGUE.require("search").schema().with(new StructField("spelling_suggestion", AtomicType.STRING, true));

        CliRun check = cli("check", "search", schemaFile(v2).toString());
        assertThat(check.exitCode()).isZero();
        assertThat(check.out()).contains("would register v2");

        CliRun register = cli("register", "search", schemaFile(v2).toString());
        assertThat(register.exitCode()).as(register.err()).isZero();
        assertThat(register.out()).containsPattern("search +registered +v2");

        try (RedisSchemaRegistry registry = registry()) {
            RegisteredSchema latest = registry.snapshot().schemas().get("search");
            assertThat(latest.version()).isEqualTo(2);
            assertThat(latest.schema()).isEqualTo(v2);
        }
        CliRun versions = cli("versions", "search");
        assertThat(versions.out()).contains("(first version)").containsPattern("v2 .* spelling_suggestion");
        CliRun getV1 = cli("get", "search", "--version", "1", "--json");
        assertThat(SchemaJson.parseStruct(JSON.readTree(getV1.out()).get("schema").toString()))
                .isEqualTo(CATALOGUE.require("search").schema());
    }

    @Test
    void aWideningIsRegisteredWithAWarningNamingTheFieldInTextAndJson() throws Exception {
        cli("seed");
        StructType widened = new StructType(CATALOGUE.require("search").schema().fields().stream()
                .map(f -> f.name().equals("results_count")
                        ? new StructField("results_count", AtomicType.LONG, f.nullable(), f.metadata()) : f)
                .toList());
        String warning = "WARNING: search: results_count: widened from int to bigint: the sink's Delta tables cannot "
                + "widen an existing column (Delta 3.3); writes of this type fail until the table is migrated, see "
                + "spark-delta-sink-job/README.md#schema-changes";
        Path file = schemaFile(widened);

        CliRun check = cli("check", "search", file.toString());
        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out()).contains("would register v2");
        assertThat(check.err().lines()).containsExactly(warning);

        CliRun register = cli("register", "search", file.toString(), "--json");
        assertThat(register.exitCode()).as(register.err()).isZero();
        JsonNode result = JSON.readTree(register.out());
        assertThat(result.get("status").asText()).isEqualTo("registered");
        assertThat(result.get("warnings")).hasSize(1);
        assertThat("WARNING: search: " + result.get("warnings").get(0).asText()).isEqualTo(warning);
        assertThat(register.err().lines()).containsExactly(warning);

        CliRun again = cli("register", "search", file.toString());
        assertThat(again.out()).containsPattern("search +unchanged +v2");
        assertThat(again.err()).as("nothing widened by an unchanged schema").isEmpty();
    }

    @Test
    void incompatibleRegisterExitsOneNamingTheField() throws Exception {
        cli("seed");
        StructType page = StructType.of(new StructField("url", AtomicType.STRING, false),
                new StructField("path", AtomicType.STRING, false), new StructField("referrer", AtomicType.STRING, true));
        StructType broken = new StructType(CATALOGUE.require("page_view").schema().fields().stream()
                .map(f -> f.name().equals("page") ? new StructField("page", page, false) : f).toList());
        Path file = schemaFile(broken);

        CliRun check = cli("check", "page_view", file.toString());
        assertThat(check.exitCode()).isEqualTo(RegistryTools.REFUSED);
        CliRun register = cli("register", "page_view", file.toString());
        assertThat(register.exitCode()).isEqualTo(RegistryTools.REFUSED);
        assertThat(register.err()).contains("page_view: page.title: removed or renamed");
        try (RedisSchemaRegistry registry = registry()) {
            assertThat(registry.history("page_view")).hasSize(1);
        }

        CliRun forced = cli("register", "page_view", file.toString(), "--compatibility", "none");
        assertThat(forced.exitCode()).isZero();
        assertThat(forced.out()).containsPattern("registered +v2");
    }

    @Test
    void changedCatalogueFileIsSeededAsNewVersionWhenCompatible() throws Exception {
        cli("seed");
        Path dir = Files.createDirectory(tmp.resolve("catalogue"));
        assertThat(cli("export", dir.toString()).exitCode()).isZero();
        assertThat(cli("seed", "--from", dir.toString()).out().lines())
                .allSatisfy(line -> assertThat(line).contains("unchanged"));

        StructType login = CATALOGUE.require("login").schema().with(new StructField("two_factor", AtomicType.BOOLEAN, true));
        Files.writeString(dir.resolve("login.json"), SchemaJson.toPrettyJson(login));
        StructType signUp = CATALOGUE.require("sign_up").schema().without("method");
        Files.writeString(dir.resolve("sign_up.json"), SchemaJson.toPrettyJson(signUp));

        CliRun seed = cli("seed", "--from", dir.toString());
        assertThat(seed.exitCode()).isEqualTo(RegistryTools.REFUSED);
        assertThat(seed.out()).containsPattern("login +registered +v2").containsPattern("sign_up +refused");
        assertThat(seed.err()).contains("sign_up: method: removed or renamed");
        try (RedisSchemaRegistry registry = registry()) {
            assertThat(registry.latest("login").orElseThrow().schema()).isEqualTo(login);
            assertThat(registry.history("sign_up")).hasSize(1);
        }
    }

    /** A registry moved on through register (as ./run-local's and compose's next start find it) still seeds. */
    @Test
    void seedLeavesATypeRegisteredFurtherSinceAloneWithAWarning() throws Exception {
        assertThat(cli("seed").exitCode()).isZero();
        StructType search = CATALOGUE.require("search").schema().with(new StructField("experiment", AtomicType.STRING, true));
        assertThat(cli("register", "search", schemaFile(search).toString()).exitCode()).isZero();

        CliRun seed = cli("seed");
        assertThat(seed.exitCode()).as(seed.err()).isZero();
        assertThat(seed.out()).containsPattern("search +unchanged +v2");
        assertThat(seed.err().strip()).isEqualTo(
                "WARNING: search: the catalogue's schema is v1; v2, registered since, stays the latest");
        CliRun json = cli("seed", "--json");
        JsonNode searchResult = null;
        for (JsonNode result : JSON.readTree(json.out()).get("results")) {
            searchResult = result.get("type").asText().equals("search") ? result : searchResult;
        }
        assertThat(searchResult.get("status").asText()).isEqualTo("unchanged");
        assertThat(searchResult.get("version").asInt()).isEqualTo(2);
        try (RedisSchemaRegistry registry = registry()) {
            assertThat(registry.history("search")).hasSize(2);
            assertThat(registry.latest("search").orElseThrow().schema()).isEqualTo(search);
        }

        // A catalogue schema that is no earlier version is refused as before, even beside one that is.
        Path dir = Files.createDirectory(tmp.resolve("catalogue"));
        Files.writeString(dir.resolve("search.json"), SchemaJson.toPrettyJson(CATALOGUE.require("search").schema().without("query")));
        CliRun refused = cli("seed", "--from", dir.toString());
        assertThat(refused.exitCode()).isEqualTo(RegistryTools.REFUSED);
        assertThat(refused.err()).contains("search: query: removed or renamed").contains("search: experiment: removed or renamed");

        // Nor does a readable history hide an unreadable latest entry, which the sink would set apart.
        try (RedisClient raw = RedisClient.create("localhost", redis.port())) {
            raw.hset(new RegistryKeys(prefix).latest(), "search", "{\"version\":\"one\"");
        }
        CliRun unreadable = cli("seed");
        assertThat(unreadable.exitCode()).isEqualTo(RegistryTools.REFUSED);
        assertThat(unreadable.out()).containsPattern("search +refused +\\(latest version unreadable\\)");
    }

    @Test
    void badTypeNamesAreRefusedSayingWhatIsAllowed() throws Exception {
        Path file = schemaFile(CATALOGUE.require("search").schema());
        for (String bad : List.of("../x", "Page View", "")) {
            CliRun run = cli("register", bad, file.toString());
            assertThat(run.exitCode()).as(bad).isEqualTo(RegistryTools.REFUSED);
            assertThat(run.err()).contains("invalid event type name").contains("a lowercase letter first");
        }
        assertThat(cli("get", "../x").exitCode()).isEqualTo(RegistryTools.REFUSED);
        assertThat(cli("list", "--json").out()).contains("\"types\" : [ ]");
    }

    @Test
    void deleteAsksForConfirmation() {
        cli("seed");
        CliRun unconfirmed = cli("delete", "login");
        assertThat(unconfirmed.exitCode()).isEqualTo(RegistryTools.USAGE);
        assertThat(unconfirmed.err().strip()).isEqualTo("not deleting login: add --yes to confirm (it drops every version of login)");
        try (RedisSchemaRegistry registry = registry()) {
            assertThat(registry.latest("login")).as("nothing deleted without --yes").isPresent();
        }
        CliRun confirmed = cli("delete", "login", "--yes");
        assertThat(confirmed.exitCode()).isZero();
        assertThat(confirmed.out()).contains("deleted login (1 version)");
        try (RedisSchemaRegistry registry = registry()) {
            assertThat(registry.snapshot().schemas()).doesNotContainKey("login").hasSize(CATALOGUE.types().size() - 1);
        }
    }

    @Test
    void exportAllVersionsWritesFilesThatReadBack() throws Exception {
        StructType v2 = seedWithSearchAtV2();
        Path dir = tmp.resolve("export");
        CliRun export = cli("export", dir.toString(), "--all-versions");
        assertThat(export.exitCode()).isZero();
        assertThat(Catalogue.fromDirectory(dir).require("search").schema()).isEqualTo(v2);
        assertThat(SchemaJson.parseStruct(Files.readString(dir.resolve("versions/search/v1.json"))))
                .isEqualTo(CATALOGUE.require("search").schema());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".json")).count()).isEqualTo(CATALOGUE.types().size());
        }
    }

    /** The catalogue seeded, then search at v2 (a nullable field added); returns v2. */
    private StructType seedWithSearchAtV2() throws Exception {
        cli("seed");
        StructType v2 = CATALOGUE.require("search").schema().with(new StructField("x", AtomicType.STRING, true));
        assertThat(cli("register", "search", schemaFile(v2).toString()).exitCode()).isZero();
        return v2;
    }

    @Test
    void exportAllVersionsRefusesVersionsAnEarlierExportLeftThatThisRegistryNoLongerHas() throws Exception {
        seedWithSearchAtV2();
        Path dir = tmp.resolve("export");
        assertThat(cli("export", dir.toString(), "--all-versions").exitCode()).isZero();
        assertThat(dir.resolve("versions/search/v2.json")).exists();

        // Deleted and registered again: search is at v1, and the earlier export's v2 is no version of it.
        assertThat(cli("delete", "search", "--yes").exitCode()).isZero();
        assertThat(cli("register", "search", schemaFile(CATALOGUE.require("search").schema()).toString()).exitCode()).isZero();
        String v2File = Files.readString(dir.resolve("versions/search/v2.json"));
        CliRun stale = cli("export", dir.toString(), "--all-versions");
        assertThat(stale.exitCode()).isEqualTo(RegistryTools.REFUSED);
        assertThat(stale.err().strip()).isEqualTo("not exporting to " + dir + ": versions/search/v2.json there is not a version "
                + "of this registry, and it would pass for one among the exported versions: remove it or export to a new directory");
        assertThat(Files.readString(dir.resolve("versions/search/v2.json"))).isEqualTo(v2File);

        assertThat(cli("export", dir.toString()).exitCode()).as("versions/ is not this export's without --all-versions").isZero();
        Files.delete(dir.resolve("versions/search/v2.json"));
        CliRun again = cli("export", dir.toString(), "--all-versions");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(SchemaJson.parseStruct(Files.readString(dir.resolve("versions/search/v1.json"))))
                .isEqualTo(CATALOGUE.require("search").schema());
    }

    @Test
    void exportThenSeedFromRoundTripsATypeNamedIndex() throws Exception {
        // index is a valid type name, and the catalogue layout's index file is index.json.
        Path file = schemaFile(CATALOGUE.require("search").schema());
        assertThat(cli("register", "index", file.toString()).exitCode()).isZero();
        assertThat(cli("register", "search", file.toString()).exitCode()).isZero();
        Path dir = tmp.resolve("export");
        CliRun export = cli("export", dir.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();

        CliRun seed = CliRun.of("seed", "--from", dir.toString(), "--redis-port", Integer.toString(redis.port()),
                "--prefix", prefix + "copy:");
        assertThat(seed.exitCode()).as(seed.err()).isZero();
        assertThat(seed.out().lines()).containsExactlyInAnyOrder("index   registered   v1", "search  registered   v1");
        try (RedisSchemaRegistry copy = RedisSchemaRegistry.connect(RedisSettings.local(redis.port()).withPrefix(prefix + "copy:"))) {
            assertThat(copy.latest("index").orElseThrow().schema()).isEqualTo(CATALOGUE.require("search").schema());
        }
    }

    @Test
    void exportReplacesItsOwnFilesButRefusesADirectoryHoldingOtherSchemaFiles() throws Exception {
        cli("seed");
        Path dir = tmp.resolve("export");
        assertThat(cli("export", dir.toString()).exitCode()).isZero();
        CliRun again = cli("export", dir.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("(" + CATALOGUE.types().size() + " files, " + CATALOGUE.types().size()
                + " of them replacing files already there)");

        // A type deleted since the last export: its file would bring it back with seed --from.
        assertThat(cli("delete", "login", "--yes").exitCode()).isZero();
        String loginFile = Files.readString(dir.resolve("login.json"));
        CliRun stale = cli("export", dir.toString());
        assertThat(stale.exitCode()).isEqualTo(RegistryTools.REFUSED);
        assertThat(stale.err().strip()).isEqualTo("not exporting to " + dir + ": login.json there is not a type of this "
                + "registry, and seed --from " + dir + " would register it too: remove it or export to a new directory");
        assertThat(stale.out()).isEmpty();
        assertThat(Files.readString(dir.resolve("login.json"))).isEqualTo(loginFile);

        Files.delete(dir.resolve("login.json"));
        Files.writeString(dir.resolve("notes.txt"), "not read by seed --from");
        assertThat(cli("export", dir.toString()).exitCode()).as("other kinds of files are left alone").isZero();
    }

    @Test
    void twoConcurrentSeedsLeaveAConsistentRegistry() {
        CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(() -> cli("seed", "--json"));
        CompletableFuture<CliRun> second = CompletableFuture.supplyAsync(() -> cli("seed", "--json"));
        assertThat(first.join().exitCode()).as(first.join().err()).isZero();
        assertThat(second.join().exitCode()).as(second.join().err()).isZero();
        try (RedisSchemaRegistry registry = registry()) {
            for (String type : CATALOGUE.types()) {
                assertThat(registry.history(type)).as(type).hasSize(1);
                assertThat(registry.latest(type).orElseThrow().schema()).isEqualTo(CATALOGUE.require(type).schema());
            }
        }
        String combined = first.join().out() + second.join().out();
        for (String type : CATALOGUE.types()) {
            // Exactly one of the two runs wrote each type; the other found it unchanged.
            assertThat(combined.split("\"type\" : \"" + type + "\",\\s+\"status\" : \"registered\"", -1)).as(type).hasSize(2);
        }
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        assertThat(cli("frobnicate").exitCode()).isEqualTo(RegistryTools.USAGE);
        assertThat(cli("register", "search").exitCode()).isEqualTo(RegistryTools.USAGE);
        CliRun missingFile = cli("register", "search", tmp.resolve("nope.json").toString());
        assertThat(missingFile.exitCode()).isEqualTo(RegistryTools.USAGE);
        assertThat(missingFile.err()).contains("cannot read schema file").contains("no such file");
        assertThat(cli("seed", "--compatibility", "sideways").exitCode()).isEqualTo(RegistryTools.USAGE);
    }

    /** The parser's own errors too: one line naming the problem and the help to read, and JSON with --json. */
    @Test
    void usageErrorsAreOneLineAndJsonWithJson() throws Exception {
        CliRun missingType = cli("get", "--json");
        assertThat(missingType.exitCode()).isEqualTo(RegistryTools.USAGE);
        assertThat(missingType.err().lines()).singleElement().asString()
                .isEqualTo("Missing required parameter: 'TYPE'; see: registry-tools get --help");
        assertThat(JSON.readTree(missingType.out()).get("error").asText()).isEqualTo(missingType.err().strip());
        assertThat(JSON.readTree(missingType.out()).get("exit_code").asInt()).isEqualTo(RegistryTools.USAGE);

        CliRun typo = cli("seeed");
        assertThat(typo.exitCode()).isEqualTo(RegistryTools.USAGE);
        assertThat(typo.err().lines()).singleElement().asString()
                .contains("'seeed'").contains("did you mean seed").endsWith("see: registry-tools --help");
        assertThat(typo.out()).as("no JSON without --json").isEmpty();

        // A misspelt password option: its value is the password, which must not be echoed with the option.
        CliRun misspeltPassword = cli("list", "--redis-pasword", "s3cret-spaced", "--redis-passwd=s3cret-joined");
        assertThat(misspeltPassword.exitCode()).isEqualTo(RegistryTools.USAGE);
        assertThat(misspeltPassword.err().lines()).singleElement().asString()
                .startsWith("Unknown options: '--redis-pasword', '--redis-passwd=...' (values not shown)")
                .contains("did you mean").contains("--redis-password");
        assertThat(misspeltPassword.out() + misspeltPassword.err()).doesNotContain("s3cret");

        CliRun noVerb = CliRun.of("--json");
        assertThat(noVerb.exitCode()).isEqualTo(RegistryTools.USAGE);
        assertThat(noVerb.err().strip()).isEqualTo("missing verb; see: registry-tools --help");
        assertThat(JSON.readTree(noVerb.out()).get("exit_code").asInt()).isEqualTo(RegistryTools.USAGE);

        CliRun badMode = cli("--json", "seed", "--compatibility", "sideways");
        assertThat(badMode.err().lines()).singleElement().asString().contains("--compatibility").contains("sideways");
        assertThat(JSON.readTree(badMode.out()).get("exit_code").asInt()).isEqualTo(RegistryTools.USAGE);
    }

    @Test
    void everyVerbHasItsOwnHelp() {
        for (String verb : List.of("seed", "list", "get", "versions", "register", "check", "delete", "export")) {
            CliRun help = cli(verb, "--help");
            assertThat(help.exitCode()).as(verb + ": " + help.err()).isZero();
            assertThat(help.out()).as(verb).contains("Usage: registry-tools " + verb);
        }
    }

    @Test
    void argumentsAreCheckedBeforeConnecting() throws Exception {
        String nowhere = Integer.toString(RedisServerProcess.freePort());
        Path file = schemaFile(CATALOGUE.require("search").schema());

        CliRun badName = CliRun.of("register", "Page View", file.toString(), "--redis-port", nowhere);
        assertThat(badName.exitCode()).as(badName.err()).isEqualTo(RegistryTools.REFUSED);
        assertThat(badName.err()).contains("invalid event type name");

        CliRun missingFile = CliRun.of("register", "search", tmp.resolve("missing.json").toString(), "--redis-port", nowhere);
        assertThat(missingFile.exitCode()).as(missingFile.err()).isEqualTo(RegistryTools.USAGE);
        assertThat(missingFile.err()).contains("cannot read schema file").contains("no such file");

        CliRun noSeedDir = CliRun.of("seed", "--from", tmp.resolve("no-such-dir").toString(), "--redis-port", nowhere);
        assertThat(noSeedDir.exitCode()).as(noSeedDir.err()).isEqualTo(RegistryTools.USAGE);
        assertThat(noSeedDir.err()).contains("--from " + tmp.resolve("no-such-dir") + ": no such directory");

        Path aFile = Files.writeString(tmp.resolve("a-file"), "x");
        CliRun exportOntoFile = CliRun.of("export", aFile.toString(), "--redis-port", nowhere);
        assertThat(exportOntoFile.exitCode()).as(exportOntoFile.err()).isEqualTo(RegistryTools.USAGE);
        assertThat(exportOntoFile.err()).contains(aFile + " exists and is not a directory");

        Path invalid = Files.writeString(tmp.resolve("invalid.json"), "{\"type\":\"struct\",\"fields\":[{\"name\":\"a\"}]}");
        CliRun badSchema = CliRun.of("check", "search", invalid.toString(), "--redis-port", nowhere);
        assertThat(badSchema.exitCode()).as(badSchema.err()).isEqualTo(RegistryTools.REFUSED);

        for (String[] args : List.of(new String[] {"get", "../x", "--version", "0"}, new String[] {"versions", "../x"},
                new String[] {"delete", "../x", "--yes"})) {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--redis-port", nowhere));
            CliRun run = CliRun.of(all.toArray(String[]::new));
            assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isEqualTo(RegistryTools.REFUSED);
            assertThat(run.err()).contains("invalid event type name").doesNotContain("has no version");
        }

        CliRun unconfirmed = CliRun.of("delete", "login", "--redis-port", nowhere);
        assertThat(unconfirmed.exitCode()).as(unconfirmed.err()).isEqualTo(RegistryTools.USAGE);
        assertThat(unconfirmed.err()).contains("add --yes");

        CliRun versionZero = CliRun.of("get", "search", "--version", "0", "--redis-port", nowhere);
        assertThat(versionZero.exitCode()).as(versionZero.err()).isEqualTo(RegistryTools.USAGE);
        assertThat(versionZero.err()).contains("--version must be 1 or more, got 0");

        CliRun valid = CliRun.of("register", "search", file.toString(), "--redis-port", nowhere);
        assertThat(valid.exitCode()).as("valid arguments, then Redis is down").isEqualTo(RegistryTools.UNREACHABLE);
    }

    /** Writes an unreadable entry for {@code type} as another tool might: the hash field and, if any, every version. */
    private void corrupt(String type) {
        RegistryKeys keys = new RegistryKeys(prefix);
        try (RedisClient raw = RedisClient.create("localhost", redis.port())) {
            raw.hset(keys.latest(), type, "{\"version\":\"one\"");
            for (long i = 0; i < raw.llen(keys.versions(type)); i++) {
                raw.lset(keys.versions(type), i, "{\"version\":\"one\"");
            }
        }
    }

    @Test
    void otherDataUnderThePrefixIsOneLineNamingThePrefix() {
        try (RedisClient raw = RedisClient.create("localhost", redis.port())) {
            raw.set(new RegistryKeys(prefix).latest(), "another program's value");
        }
        CliRun list = cli("list");
        assertThat(list.exitCode()).as(list.err()).isEqualTo(RegistryTools.REFUSED);
        assertThat(list.err().lines()).singleElement().asString()
                .contains("holds other data under the registry prefix '" + prefix + "'")
                .doesNotContain("unexpected error");
    }

    @Test
    void aCorruptRegistryEntryIsRefusedNamingTheTypeWhileSeedRegistersTheOthers() throws Exception {
        corrupt("search");
        CliRun get = cli("get", "search");
        assertThat(get.exitCode()).as(get.err()).isEqualTo(RegistryTools.REFUSED);
        assertThat(get.err()).contains("registry entry of search is unreadable: ")
                .contains("registry-tools delete search --yes");

        CliRun seed = cli("seed");
        assertThat(seed.exitCode()).as(seed.err()).isEqualTo(RegistryTools.REFUSED);
        assertThat(seed.out()).containsPattern("search +refused");
        assertThat(seed.err().lines()).as("the reason on one line, then the way out").satisfiesExactly(
                reason -> assertThat(reason).startsWith("search: registry entry of search is unreadable: not valid JSON: "),
                wayOut -> assertThat(wayOut).isEqualTo("search: " + RegistryTools.wayOutOfUnreadable("search")));
        try (RedisSchemaRegistry registry = registry()) {
            for (String type : CATALOGUE.types()) {
                if (!type.equals("search")) {
                    assertThat(registry.latest(type).orElseThrow().schema()).as(type).isEqualTo(CATALOGUE.require(type).schema());
                }
            }
        }

        CliRun json = cli("seed", "--json");
        assertThat(json.exitCode()).isEqualTo(RegistryTools.REFUSED);
        List<String> statuses = new ArrayList<>();
        JSON.readTree(json.out()).get("results").forEach(r -> {
            statuses.add(r.get("type").asText() + "=" + r.get("status").asText());
            if (r.get("type").asText().equals("search")) {
                assertThat(r.get("problems").get(0).asText()).startsWith("registry entry of search is unreadable: ");
            }
        });
        assertThat(statuses).hasSize(CATALOGUE.types().size()).contains("search=refused")
                .filteredOn(s -> !s.startsWith("search=")).allSatisfy(s -> assertThat(s).endsWith("=unchanged"));
    }

    @Test
    void exportWritesTheReadableTypesAndExitsOneNamingAnUnreadableEntry() throws Exception {
        cli("seed");
        corrupt("search");
        Path dir = tmp.resolve("export");
        CliRun export = cli("export", dir.toString());
        assertThat(export.exitCode()).as(export.err()).isEqualTo(RegistryTools.REFUSED);
        assertThat(export.err()).startsWith("not exported: registry entry search: ");
        assertThat(export.out()).contains("exported " + (CATALOGUE.types().size() - 1) + " types")
                .contains("1 unreadable registry entry not exported");
        assertThat(Catalogue.fromDirectory(dir).types()).hasSize(CATALOGUE.types().size() - 1).doesNotContain("search");

        CliRun json = cli("export", dir.toString(), "--json");
        assertThat(json.exitCode()).isEqualTo(RegistryTools.REFUSED);
        assertThat(JSON.readTree(json.out()).get("not_exported").get("search").asText()).contains("unreadable");
    }

    @Test
    void failuresAreJsonOnStdoutTooWithJson() throws Exception {
        CliRun missing = cli("--json", "get", "nosuch");
        assertThat(missing.exitCode()).isEqualTo(RegistryTools.REFUSED);
        assertThat(missing.err().strip()).isEqualTo("nosuch is not registered");
        assertThat(JSON.readTree(missing.out()).get("error").asText()).isEqualTo("nosuch is not registered");
        assertThat(JSON.readTree(missing.out()).get("exit_code").asInt()).isEqualTo(RegistryTools.REFUSED);

        String nowhere = Integer.toString(RedisServerProcess.freePort());
        CliRun down = CliRun.of("list", "--json", "--redis-port", nowhere);
        assertThat(down.exitCode()).isEqualTo(RegistryTools.UNREACHABLE);
        assertThat(JSON.readTree(down.out()).get("error").asText()).isEqualTo(down.err().strip())
                .startsWith("cannot reach Redis at localhost:" + nowhere);
        assertThat(JSON.readTree(down.out()).get("exit_code").asInt()).isEqualTo(RegistryTools.UNREACHABLE);
    }

    @Test
    void aLatestEntryItsVersionsListDisagreesWithIsRefusedWhileSeedRegistersTheOthers() throws Exception {
        // Another tool wrote a readable v1 of search into the hash only: no versions list behind it.
        StructType older = new StructType(CATALOGUE.require("search").schema().fields().stream()
                .filter(f -> !f.name().equals("sort")).toList()); // a nullable field: adding it back is compatible
        try (RedisClient raw = RedisClient.create("localhost", redis.port())) {
            raw.hset(new RegistryKeys(prefix).latest(), "search",
                    new RegisteredSchema("search", 1, java.time.Instant.now(), SchemaJson.toJson(older)).toEntryJson());
        }

        CliRun seed = cli("seed");

        assertThat(seed.exitCode()).as(seed.err()).isEqualTo(RegistryTools.REFUSED);
        assertThat(seed.err()).contains("search: registry entry of search is unreadable: its latest entry says v1 but its "
                + "versions list holds 0 entries").contains("registry-tools delete search --yes");
        try (RedisSchemaRegistry registry = registry()) {
            assertThat(registry.latest("login")).as("the other types are registered").isPresent();
        }
    }

    @Test
    void aCorruptTypeIsRefusedByRegisterNamingTheWayOutWhichWorks() throws Exception {
        assertThat(cli("seed").exitCode()).isZero();
        StructType v2 = CATALOGUE.require("search").schema().with(new StructField("x", AtomicType.STRING, true));
        cli("register", "search", schemaFile(v2).toString());
        corrupt("search");
        Path file = schemaFile(CATALOGUE.require("search").schema());

        for (String mode : List.of("backward", "none")) {
            CliRun register = cli("register", "search", file.toString(), "--compatibility", mode);
            assertThat(register.exitCode()).as(mode + ": " + register.err()).isEqualTo(RegistryTools.REFUSED);
            assertThat(register.out()).as(mode).containsPattern("search +refused +\\(latest version unreadable\\)");
            assertThat(register.err()).as(mode).contains("registry entry of search is unreadable: ")
                    .contains("registry-tools delete search --yes");
        }
        CliRun check = cli("check", "search", file.toString());
        assertThat(check.exitCode()).isEqualTo(RegistryTools.REFUSED);
        assertThat(check.err()).contains("registry-tools delete search --yes");

        CliRun delete = cli("delete", "search", "--yes");
        assertThat(delete.exitCode()).as(delete.err()).isZero();
        assertThat(delete.out()).contains("deleted search (2 versions)");
        try (RedisClient raw = RedisClient.create("localhost", redis.port())) {
            RegistryKeys keys = new RegistryKeys(prefix);
            assertThat(raw.exists(keys.versions("search"))).isFalse();
            assertThat(raw.hexists(keys.latest(), "search")).isFalse();
            assertThat(raw.hlen(keys.latest())).isEqualTo(CATALOGUE.types().size() - 1);
        }
        CliRun again = cli("register", "search", file.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).containsPattern("search +registered +v1");
    }

    @Test
    void aTypeWithOnlyAnUnreadableLatestFieldCanBeDeleted() {
        // Another tool wrote the hash field but no versions list: list shows it as unreadable, so delete must see it.
        corrupt("orphan");
        CliRun unconfirmed = cli("delete", "orphan");
        assertThat(unconfirmed.err()).contains("add --yes");
        CliRun delete = cli("delete", "orphan", "--yes");
        assertThat(delete.exitCode()).as(delete.err()).isZero();
        try (RedisClient raw = RedisClient.create("localhost", redis.port())) {
            assertThat(raw.keys(prefix + "*")).isEmpty();
        }
        assertThat(cli("delete", "orphan", "--yes").err()).contains("orphan is not registered");
    }

    @Test
    void schemasSparkCannotUseAreRefusedByCheckRegisterAndSeed() throws Exception {
        // Both would stop the sink: from_json reads string map keys only; Spark's Metadata holds no nested arrays.
        StructType base = CATALOGUE.require("search").schema();
        StructType longKeys = base.with(new StructField("counts",
                new dev.fakeclicks.schema.MapType(AtomicType.LONG, AtomicType.INTEGER, true), true));
        StructType nestedArrays = base.with(new StructField("tags", AtomicType.STRING, true,
                java.util.Map.of("tags", List.of(List.of("a")))));
        for (StructType schema : List.of(longKeys, nestedArrays)) {
            Path file = schemaFile(schema);
            for (String verb : List.of("check", "register")) {
                CliRun run = cli(verb, "search", file.toString(), "--compatibility", "none");
                assertThat(run.exitCode()).as(verb + ": " + run.err()).isEqualTo(RegistryTools.REFUSED);
            }
        }
        CliRun longKeysRun = cli("register", "search", schemaFile(longKeys).toString());
        assertThat(longKeysRun.out()).as("a refused first version").containsPattern("search +refused +\\(new type\\)$");
        JsonNode refusedJson = JSON.readTree(cli("register", "search", schemaFile(longKeys).toString(), "--json").out());
        assertThat(refusedJson.get("status").asText()).isEqualTo("refused");
        assertThat(refusedJson.get("version").isNull()).as("no version to check against: " + refusedJson).isTrue();
        assertThat(longKeysRun.err())
                .contains("search: counts: map keys must be string (JSON object keys are strings), found map<bigint,int>");
        assertThat(cli("register", "search", schemaFile(nestedArrays).toString()).err())
                .contains("search: tags: metadata \"tags\" is an array of arrays; Spark's field metadata holds");

        Path dir = Files.createDirectory(tmp.resolve("catalogue"));
        Files.writeString(dir.resolve("search.json"), SchemaJson.toPrettyJson(nestedArrays));
        CliRun seed = cli("seed", "--from", dir.toString());
        assertThat(seed.exitCode()).as(seed.err()).isEqualTo(RegistryTools.REFUSED);
        assertThat(seed.err()).contains("search.json: tags: metadata \"tags\" is an array of arrays");
        try (RedisSchemaRegistry registry = registry()) {
            assertThat(registry.history("search")).isEmpty();
        }
    }

    @Test
    void invalidSchemaFileIsRefusedWithItsPath() throws Exception {
        Path file = Files.writeString(tmp.resolve("bad.json"),
                "{\"type\":\"struct\",\"fields\":[{\"name\":\"event_id\",\"type\":\"uuid\",\"nullable\":false}]}");
        CliRun run = cli("register", "search", file.toString());
        assertThat(run.exitCode()).isEqualTo(RegistryTools.REFUSED);
        assertThat(run.err().strip()).isEqualTo(file + ": event_id: unknown type \"uuid\"");
    }
}

package dev.fakeclicks.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.catalogue.InvalidEventTypeException;
import dev.fakeclicks.schema.AtomicType;
import dev.fakeclicks.schema.CompatibilityMode;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.schema.StructField;
import dev.fakeclicks.schema.StructType;
import dev.fakeclicks.servers.BusyRedis;
import dev.fakeclicks.servers.RedisServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import redis.clients.jedis.RedisClient;

/** Against a real redis-server process. */
class RedisSchemaRegistryIT {

    private static final StructType SEARCH = Catalogue.builtIn().require("search").schema();
    private static RedisServerProcess redis;
    private RedisSettings settings;

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
        // A prefix per test keeps tests independent on one shared server.
        settings = RedisSettings.local(redis.port()).withPrefix("it:" + test.getTestMethod().orElseThrow().getName() + ":");
    }

    @Test
    void registersVersionsAndReadsThemBackInOneSnapshot() {
        try (RedisSchemaRegistry registry = RedisSchemaRegistry.connect(settings)) {
            assertThat(registry.register("search", SEARCH, CompatibilityMode.BACKWARD).status())
                    .isEqualTo(RegistrationResult.Status.REGISTERED);
            StructType v2 = SEARCH.with(new StructField("spelling_suggestion", AtomicType.STRING, true));
            RegistrationResult second = registry.register("search", v2, CompatibilityMode.BACKWARD);
            assertThat(second.status()).isEqualTo(RegistrationResult.Status.REGISTERED);
            assertThat(second.version()).isEqualTo(2);

            RegistrySnapshot snapshot = registry.snapshot();
            assertThat(snapshot.schemas()).containsOnlyKeys("search");
            assertThat(snapshot.schemas().get("search").version()).isEqualTo(2);
            assertThat(snapshot.schemas().get("search").schemaJson()).isEqualTo(SchemaJson.toJson(v2));
            assertThat(registry.version("search", 1).orElseThrow().schema()).isEqualTo(SEARCH);
            assertThat(registry.history("search")).extracting(RegisteredSchema::version).containsExactly(1, 2);
        }
    }

    @Test
    void identicalRegistrationWritesNothing() {
        try (RedisSchemaRegistry registry = RedisSchemaRegistry.connect(settings)) {
            registry.register("search", SEARCH, CompatibilityMode.BACKWARD);
            var before = registry.history("search");
            RegistrationResult again = registry.register("search", SEARCH, CompatibilityMode.BACKWARD);
            assertThat(again.status()).isEqualTo(RegistrationResult.Status.UNCHANGED);
            assertThat(registry.history("search")).isEqualTo(before);
        }
    }

    @Test
    void incompatibleRegistrationIsRefusedAndLeavesTheRegistryAlone() {
        try (RedisSchemaRegistry registry = RedisSchemaRegistry.connect(settings)) {
            registry.register("search", SEARCH, CompatibilityMode.BACKWARD);
            RegistrationResult refused = registry.register("search", SEARCH.without("query"), CompatibilityMode.BACKWARD);
            assertThat(refused.status()).isEqualTo(RegistrationResult.Status.REFUSED);
            assertThat(refused.problems()).singleElement().asString().startsWith("query:");
            assertThat(registry.history("search")).hasSize(1);
        }
    }

    @Test
    void deleteRemovesTheTypeAndAllVersions() {
        try (RedisSchemaRegistry registry = RedisSchemaRegistry.connect(settings)) {
            registry.register("search", SEARCH, CompatibilityMode.BACKWARD);
            registry.register("search", SEARCH.with(new StructField("x", AtomicType.STRING, true)), CompatibilityMode.BACKWARD);
            assertThat(registry.delete("search")).isEqualTo(2);
            assertThat(registry.snapshot().schemas()).isEmpty();
            assertThat(registry.history("search")).isEmpty();
            assertThat(registry.delete("search")).isZero();
        }
    }

    @Test
    void invalidTypeNamesNeverReachRedis() {
        try (RedisSchemaRegistry registry = RedisSchemaRegistry.connect(settings)) {
            assertThatThrownBy(() -> registry.register("../x", SEARCH, CompatibilityMode.BACKWARD))
                    .isInstanceOf(InvalidEventTypeException.class);
            assertThatThrownBy(() -> registry.latest("Page View")).isInstanceOf(InvalidEventTypeException.class);
            assertThatThrownBy(() -> registry.version("../x", 0)).isInstanceOf(InvalidEventTypeException.class);
            assertThat(registry.snapshot().schemas()).isEmpty();
        }
    }

    @Test
    void concurrentWritersEndWithConsecutiveVersionsAndNoLostUpdate() throws Exception {
        int writers = 8;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<RegistrationResult>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            // Half the writers race to register v1 with the same schema, the other half each add their own field.
            StructType candidate = i % 2 == 0 ? SEARCH : SEARCH.with(new StructField("extra_" + i, AtomicType.STRING, true));
            Callable<RegistrationResult> writer = () -> {
                try (RedisSchemaRegistry registry = RedisSchemaRegistry.connect(settings)) {
                    start.await();
                    return registry.register("search", candidate, CompatibilityMode.NONE);
                }
            };
            results.add(pool.submit(writer));
        }
        List<Integer> written = new ArrayList<>();
        for (Future<RegistrationResult> result : results) {
            RegistrationResult r = result.get();
            if (r.status() == RegistrationResult.Status.REGISTERED) {
                written.add(r.version());
            }
        }
        pool.shutdown();
        try (RedisSchemaRegistry registry = RedisSchemaRegistry.connect(settings)) {
            List<RegisteredSchema> history = registry.history("search");
            assertThat(history).extracting(RegisteredSchema::version)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, history.size()).boxed().toList());
            assertThat(written).containsExactlyInAnyOrderElementsOf(
                    history.stream().map(RegisteredSchema::version).toList());
            assertThat(registry.latest("search").orElseThrow()).isEqualTo(history.get(history.size() - 1));
        }
    }

    @Test
    void aCorruptEntrySaysWhichTypeIsUnreadable() {
        RegistryKeys keys = new RegistryKeys(settings.prefix());
        try (RedisClient raw = RedisClient.create("localhost", redis.port());
             RedisSchemaRegistry registry = RedisSchemaRegistry.connect(settings)) {
            registry.register("search", SEARCH, CompatibilityMode.BACKWARD);
            raw.hset(keys.latest(), "search", "{not json");
            raw.hset(keys.latest(), "login", "{\"version\":1,\"schema\":{\"type\":\"struct\",\"fields\":\"none\"}}");
            raw.rpush(keys.versions("login"), "{\"version\":1,\"schema\":{\"type\":\"struct\",\"fields\":\"none\"}}");
            assertThatThrownBy(() -> registry.latest("search")).isInstanceOf(RegistryDataException.class)
                    .hasMessageStartingWith("registry entry of search is unreadable: not valid JSON");
            assertThatThrownBy(() -> registry.version("login", 1)).isInstanceOf(RegistryDataException.class)
                    .hasMessageStartingWith("registry entry of login is unreadable: ");
            assertThat(registry.snapshot().rejected()).containsOnlyKeys("search", "login");
            assertThat(registry.snapshot().rejected().get("login")).startsWith("registry entry of login is unreadable: ");
        }
    }

    @Test
    void otherDataUnderThePrefixIsNamedNotARawRedisError() {
        RegistryKeys keys = new RegistryKeys(settings.prefix());
        try (RedisClient raw = RedisClient.create("localhost", redis.port());
             RedisSchemaRegistry registry = RedisSchemaRegistry.connect(settings)) {
            raw.set(keys.latest(), "another program's value");
            assertThatThrownBy(registry::snapshot).isInstanceOf(RegistryLayoutException.class)
                    .hasMessageContaining("holds other data under the registry prefix '" + settings.prefix() + "' ("
                            + keys.latest() + " must be a hash")
                    .hasMessageContaining("Redis says: WRONGTYPE")
                    .hasMessageEndingWith("choose another prefix (--prefix / REGISTRY_PREFIX) or remove those keys");
            raw.del(keys.latest());
        }
    }

    @Test
    void aCorruptTypeIsCountedAndDeletedWithoutReadingItsEntries() {
        RegistryKeys keys = new RegistryKeys(settings.prefix());
        try (RedisClient raw = RedisClient.create("localhost", redis.port());
             RedisSchemaRegistry registry = RedisSchemaRegistry.connect(settings)) {
            registry.register("search", SEARCH, CompatibilityMode.BACKWARD);
            registry.register("search", SEARCH.with(new StructField("x", AtomicType.STRING, true)), CompatibilityMode.BACKWARD);
            raw.lset(keys.versions("search"), 0, "{not json");
            raw.hset(keys.latest(), "search", "{not json");
            raw.hset(keys.latest(), "orphan", "{not json"); // a hash field without a versions list

            assertThat(registry.versionCount("search")).isEqualTo(2);
            assertThat(registry.versionCount("orphan")).isZero();
            assertThat(registry.hasLatest("orphan")).isTrue();
            assertThat(registry.hasLatest("login")).isFalse();

            assertThat(registry.delete("search")).isEqualTo(2);
            assertThat(registry.delete("orphan")).isZero();
            assertThat(raw.exists(keys.versions("search"))).isFalse();
            assertThat(raw.hkeys(keys.latest())).isEmpty();
            assertThat(registry.register("search", SEARCH, CompatibilityMode.BACKWARD).version()).isEqualTo(1);
        }
    }

    @Test
    void aDeleteAndReRegisterBetweenReadAndWriteIsNotOverwritten() {
        // Another writer deletes the type and registers a different v1 while this writer decides (hooked into the
        // clock, which register reads between its decision and its write): the version count is 1 again, so only
        // comparing the latest entry itself shows that the decision is stale.
        StructType theirs = SEARCH.with(new StructField("their_field", AtomicType.STRING, true));
        StructType ours = SEARCH.with(new StructField("our_field", AtomicType.STRING, true));
        boolean[] raced = {false};
        java.time.Clock racingClock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                if (!raced[0]) {
                    raced[0] = true;
                    try (RedisSchemaRegistry other = RedisSchemaRegistry.connect(settings)) {
                        other.delete("search");
                        other.register("search", theirs, CompatibilityMode.BACKWARD);
                    }
                }
                return java.time.Instant.now();
            }
        };
        try (RedisSchemaRegistry registry = RedisSchemaRegistry.connect(settings)) {
            registry.register("search", SEARCH, CompatibilityMode.BACKWARD);
        }
        try (RedisSchemaRegistry registry = RedisSchemaRegistry.connect(settings, racingClock)) {
            RegistrationResult result = registry.register("search", ours, CompatibilityMode.BACKWARD);
            assertThat(raced[0]).isTrue();
            assertThat(result.status()).as("decided again against their v1, which ours would drop a field of")
                    .isEqualTo(RegistrationResult.Status.REFUSED);
            assertThat(result.problems()).singleElement().asString().startsWith("their_field:");
            assertThat(registry.history("search")).extracting(RegisteredSchema::schema).containsExactly(theirs);
        }
    }

    @Test
    void unreachableRedisGivesOneClearLine() throws Exception {
        RedisSettings nowhere = RedisSettings.local(RedisServerProcess.freePort());
        assertThatThrownBy(() -> RedisSchemaRegistry.connect(nowhere))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessage("cannot reach Redis at localhost:" + nowhere.port() + ": connection refused");
    }

    @Test
    void passwordProtectedRedis() {
        try (RedisServerProcess secured = RedisServerProcess.start("s3cr3t-pw")) {
            RedisSettings noPassword = RedisSettings.local(secured.port());
            assertThatThrownBy(() -> RedisSchemaRegistry.connect(noPassword))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("requires a password");
            RedisSettings wrong = new RedisSettings("localhost", secured.port(), "wrong", false, "p:", 2000);
            assertThatThrownBy(() -> RedisSchemaRegistry.connect(wrong))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("rejected the password")
                    .hasMessageNotContaining("wrong");
            RedisSettings right = new RedisSettings("localhost", secured.port(), "s3cr3t-pw", false, "p:", 2000);
            try (RedisSchemaRegistry registry = RedisSchemaRegistry.connect(right)) {
                assertThat(registry.register("search", SEARCH, CompatibilityMode.BACKWARD).status())
                        .isEqualTo(RegistrationResult.Status.REGISTERED);
            }
        }
    }

    /** A server that is up but cannot serve for a while (here: busy with a script) is unavailable, not an error. */
    @Test
    void aBusyRedisIsUnavailableSoThatCallersRetry() {
        try (RedisSchemaRegistry registry = RedisSchemaRegistry.connect(settings)) {
            registry.register("search", SEARCH, CompatibilityMode.BACKWARD);
            try (BusyRedis busy = BusyRedis.start(redis.port())) {
                assertThatThrownBy(registry::snapshot).isInstanceOf(RegistryUnavailableException.class)
                        .hasMessageStartingWith("Redis at localhost:" + redis.port() + " cannot serve now: BUSY");
            }
            assertThat(registry.snapshot().schemas()).containsOnlyKeys("search");
        }
    }
}

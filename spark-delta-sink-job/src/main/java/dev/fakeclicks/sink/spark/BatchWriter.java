package dev.fakeclicks.sink.spark;

import dev.fakeclicks.registry.RegisteredSchema;
import dev.fakeclicks.registry.RegistrySnapshot;
import dev.fakeclicks.registry.RegistryUnavailableException;
import dev.fakeclicks.sink.DeltaSinkJob;
import dev.fakeclicks.sink.SinkConfig;
import dev.fakeclicks.sink.plan.BatchManifest;
import dev.fakeclicks.sink.plan.BatchPlan;
import dev.fakeclicks.sink.plan.BatchReport;
import dev.fakeclicks.sink.plan.EventRouting;
import dev.fakeclicks.sink.plan.ReplaySnapshot;
import dev.fakeclicks.sink.registry.RegistryReader;
import dev.fakeclicks.sink.registry.SchemaCache;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of one micro-batch ({@code foreachBatch}):
 * <ol>
 *   <li>read the registry once, compile what changed (an entry Spark cannot use becomes a rejection: its records are
 *       quarantined), and record it in the batch's manifest (a batch replayed after a crash reads it again for the
 *       types whose table does not hold the batch yet, and keeps the manifest's entries for the others);</li>
 *   <li>cache the batch with each record's route computed once ({@link PreparedBatch});</li>
 *   <li>write each type present to its table, in parallel, idempotently ({@link TypeTableWriter});</li>
 *   <li>write what fits no table to the quarantine ({@link QuarantineWriter});</li>
 *   <li>check that read = written + quarantined, and log one line ({@link BatchReport}).</li>
 * </ol>
 * A failure anywhere fails the batch (and the query) after the writes in flight finish; the restart replays it
 * and the tables that already committed it skip it.
 */
public final class BatchWriter implements VoidFunction2<Dataset<Row>, Long> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
    /** How long a stopped batch waits for its table writers to return (their Spark jobs are cancelled with the query's). */
    private static final long WRITERS_STOP_WAIT_SECONDS = 60;
    /** Local property Spark's stream execution sets on its thread: the query id, stored in the checkpoint. */
    private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

    private final transient SinkConfig config;
    private final transient RegistryReader registry;
    /** foreachBatch runs with the query's session active: the session that analyses each new schema version. */
    private final transient SchemaCache<CompiledType> schemas =
            new SchemaCache<>(registered -> CompiledType.compile(registered, SparkSession.active()));
    private final transient Consumer<BatchReport> listener;

    public BatchWriter(SinkConfig config, RegistryReader registry, Consumer<BatchReport> listener) {
        this.config = config;
        this.registry = registry;
        this.listener = listener;
    }

    @Override
    public void call(Dataset<Row> batch, Long batchIdBoxed) {
        long start = System.nanoTime();
        long batchId = batchIdBoxed;
        SparkSession spark = batch.sparkSession();
        String queryId = spark.sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
        if (queryId == null) {
            throw new IllegalStateException("no streaming query id on this thread: BatchWriter must run inside foreachBatch");
        }
        ManifestStore manifests = new ManifestStore(config.checkpointLocation(), spark.sparkContext().hadoopConfiguration());
        String offsets = manifests.sparkOffsets(batchId);
        Optional<BatchManifest> earlier = manifests.read(batchId).filter(m -> m.queryId().equals(queryId));
        earlier.ifPresent(m -> m.requireSameOffsets(offsets));
        if (earlier.isPresent() && earlier.get().completedReport().isPresent()) {
            replayedComplete(earlier.get(), start);
            return;
        }

        BatchManifest manifest;
        long registryStart = System.nanoTime();
        if (earlier.isPresent()) {
            manifest = replayManifest(spark, earlier.get(), manifests);
        } else {
            RegistrySnapshot snapshot;
            try {
                snapshot = schemas.usable(registry.read());
            } catch (RegistryUnavailableException e) {
                throw new RegistryUnavailableException(e.getMessage()
                        + ". Nothing of this batch was written; restarting the job resumes from the checkpoint.", e.getCause());
            }
            // Emptied while the job runs (a Redis without persistence restarted, a wrong prefix written over): every
            // record would be quarantined as unknown, which the job refuses to start with. Fail before writing anything.
            Optional<String> unusable = DeltaSinkJob.noUsableTypes(snapshot, config.redis());
            if (unusable.isPresent()) {
                throw new IllegalStateException("batch " + batchId + ": " + unusable.get() + ". Nothing of this batch was"
                        + " written; restarting the job once the registry is seeded resumes from the checkpoint.");
            }
            manifest = new BatchManifest(batchId, queryId, offsets, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                    config.maxRecordBytes(), snapshot, Optional.empty());
            manifests.write(manifest);
        }
        long registryMs = millisSince(registryStart);
        BatchContext context = context(manifest, earlier.isPresent());

        long prepareStart = System.nanoTime();
        Map<String, RegisteredSchema> registered = manifest.snapshot().schemas();
        PreparedBatch prepared = PreparedBatch.prepare(batch, new EventRouting(manifest.snapshot()),
                type -> schemas.get(registered.get(type)), context);
        LOG.debug("batch {}: cached, deduplicated and counted in {} ms", batchId, millisSince(prepareStart));
        try {
            BatchPlan plan = prepared.plan();
            Map<String, CompiledType> types = new TreeMap<>();
            for (String type : plan.typesPresent()) {
                types.put(type, schemas.get(registered.get(type)));
            }

            long writeStart = System.nanoTime();
            List<TypeTableWriter.Result> results = writeTypes(spark, prepared, types, context);
            LOG.debug("batch {}: {} type tables written in {} ms", batchId, results.size(), millisSince(writeStart));
            BatchReport report;
            if (QuarantineWriter.alreadyCommitted(spark, context)) {
                // The quarantine is written last: the earlier attempt wrote everything; only its manifest update was lost.
                report = new BatchReport(batchId, plan.read(), Map.of(), 0, Map.of(), registryMs, millisSince(start), true);
            } else {
                List<CompiledType> recheck = results.stream()
                        .filter(r -> r.alreadyCommitted() || r.written() < r.routed())
                        .map(r -> types.get(r.type()))
                        .toList();
                // Checked before the quarantine commits too: after it, a replay finds the batch complete in every
                // table and has nothing left to check, so a mismatch must fail the batch while it can still fail.
                QuarantineWriter.Result quarantine = QuarantineWriter.write(spark, prepared, recheck, context,
                        manifest.snapshot().rejected(),
                        counted -> requireReconciled(report(batchId, plan, results, counted, registryMs, start)));
                report = requireReconciled(report(batchId, plan, results, quarantine, registryMs, start));
            }
            manifests.complete(manifest.completed(report));
            LOG.info(report.line());
            listener.accept(report);
        } finally {
            prepared.release();
        }
    }

    private static BatchReport report(long batchId, BatchPlan plan, List<TypeTableWriter.Result> results,
                                      QuarantineWriter.Result quarantine, long registryMs, long start) {
        SortedMap<String, Long> written = new TreeMap<>();
        for (TypeTableWriter.Result r : results) {
            // For a table an earlier attempt wrote, the rows its commit added: reconciled against the quarantine's
            // misfits recomputed now, a replay still catches a table that holds too few or too many rows.
            written.put(r.type(), r.written());
        }
        return new BatchReport(batchId, plan.read(), written, quarantine.written(), quarantine.reasons(),
                registryMs, millisSince(start), false);
    }

    private static BatchReport requireReconciled(BatchReport report) {
        Optional<String> problem = report.reconciliationProblem();
        if (problem.isPresent()) {
            throw new IllegalStateException("counts do not reconcile, failing the batch: " + problem.get()
                    + " (" + report.line() + ")");
        }
        return report;
    }

    private BatchContext context(BatchManifest manifest, boolean replay) {
        return new BatchContext(manifest.queryId(), manifest.batchId(), manifest.ingestedAt(), config.outputPath(),
                config.redis().prefix(), manifest.maxRecordBytes(), replay);
    }

    /**
     * The manifest a replay of an unfinished attempt uses: the registry read again, so that a failure the registry
     * caused ends once the registry is fixed, except for the types whose table already committed the batch (they
     * keep the schema they were written with, see {@link ReplaySnapshot}); revised in the store before any write, so
     * a further crash replays the same way. The earlier manifest as it is when the quarantine committed the batch
     * (every table holds it: only its completion was lost) or when the registry cannot be read.
     */
    private BatchManifest replayManifest(SparkSession spark, BatchManifest earlier, ManifestStore manifests) {
        long batchId = earlier.batchId();
        BatchContext context = context(earlier, true);
        if (QuarantineWriter.alreadyCommitted(spark, context)) {
            LOG.info("batch {} is a replay of an attempt that wrote every table: using its registry snapshot", batchId);
            return earlier;
        }
        RegistrySnapshot fresh;
        try {
            fresh = schemas.usable(registry.read());
        } catch (RegistryUnavailableException e) {
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            LOG.warn("batch {} is a replay of an unfinished attempt and the registry cannot be read ({}): using the snapshot"
                    + " of the earlier attempt ({} types)", batchId, why, earlier.snapshot().schemas().size());
            return earlier;
        }
        if (DeltaSinkJob.noUsableTypes(fresh, config.redis()).isPresent()) {
            LOG.warn("batch {} is a replay of an unfinished attempt and the registry has no usable type now: using the"
                    + " snapshot of the earlier attempt ({} types)", batchId, earlier.snapshot().schemas().size());
            return earlier;
        }
        RegistrySnapshot before = earlier.snapshot();
        SortedSet<String> changed = ReplaySnapshot.changedTypes(before, fresh);
        // Only a type the earlier attempt routed to a table can have a table holding the batch.
        SortedSet<String> committed = new TreeSet<>();
        for (String type : changed) {
            if (before.schemas().containsKey(type)
                    && DeltaCommits.alreadyHolds(DeltaCommits.committedBatch(spark, context.tablePath(type), context.appId()),
                            context, context.tablePath(type))) {
                committed.add(type);
            }
        }
        List<String> taken = changed.stream().filter(t -> !committed.contains(t))
                .map(t -> ReplaySnapshot.describeChange(t, before, fresh)).toList();
        List<String> kept = committed.stream().map(t -> ReplaySnapshot.describeChange(t, before, fresh)).toList();
        if (taken.isEmpty()) {
            LOG.info("batch {} is a replay of an unfinished attempt: registry read again, no fresh schema to take{}",
                    batchId, kept.isEmpty() ? " (unchanged)" : "; kept the earlier attempt's for tables that committed the batch: " + kept);
            return earlier;
        }
        BatchManifest revised = earlier.withSnapshot(ReplaySnapshot.merge(before, fresh, committed));
        manifests.revise(revised);
        LOG.info("batch {} is a replay of an unfinished attempt: registry read again, fresh schema for {}{}", batchId, taken,
                kept.isEmpty() ? "" : "; kept the earlier attempt's for tables that committed the batch: " + kept);
        return revised;
    }

    private void replayedComplete(BatchManifest manifest, long start) {
        BatchReport earlier = BatchReport.parse(manifest.completedReport().orElseThrow()).orElseThrow();
        BatchReport report = new BatchReport(earlier.batchId(), earlier.read(), Map.of(), 0, Map.of(), 0, millisSince(start), true);
        LOG.info(report.line());
        listener.accept(report);
    }

    /** Writes every type present, biggest first, at most WRITE_PARALLELISM at a time; waits for all before failing. */
    private List<TypeTableWriter.Result> writeTypes(SparkSession spark, PreparedBatch prepared,
                                                    Map<String, CompiledType> types, BatchContext context) {
        if (types.isEmpty()) {
            return List.of();
        }
        List<CompiledType> order = new ArrayList<>(types.values());
        order.sort(Comparator.comparingLong((CompiledType t) -> prepared.plan().routed().getOrDefault(t.type, 0L)).reversed());
        AtomicInteger threads = new AtomicInteger();
        // Threads are made per batch, inside foreachBatch, so they inherit this batch's Spark job group:
        // stopping the query cancels their jobs too.
        int threadCount = Math.min(config.writeParallelism(), order.size());
        int coresPerType = Math.max(1, spark.sparkContext().defaultParallelism() / threadCount);
        ExecutorService pool = Executors.newFixedThreadPool(threadCount, r -> {
            Thread t = new Thread(r, "delta-sink-batch-" + context.batchId() + "-writer-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<TypeTableWriter.Result>> futures = new ArrayList<>();
            for (CompiledType type : order) {
                futures.add(pool.submit(() -> TypeTableWriter.write(spark, prepared, type, context, coresPerType)));
            }
            List<TypeTableWriter.Result> results = new ArrayList<>();
            RuntimeException failure = null;
            for (int i = 0; i < futures.size(); i++) {
                try {
                    results.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    String type = order.get(i).type;
                    RuntimeException error = new IllegalStateException("batch " + context.batchId() + ": writing " + type
                            + " to " + context.tablePath(type) + " failed: " + withRootCause(e.getCause()), e.getCause());
                    if (failure == null) {
                        failure = error;
                    } else {
                        failure.addSuppressed(error);
                    }
                } catch (InterruptedException e) {
                    // Stopped: thrown in the form Spark's stream execution takes for a stop, not for a failure.
                    Thread.currentThread().interrupt();
                    throw new UncheckedIOException(new InterruptedIOException("interrupted while writing batch "
                            + context.batchId()));
                }
            }
            if (failure != null) {
                throw failure;
            }
            return results;
        } finally {
            pool.shutdownNow();
            awaitWriters(pool, context.batchId());
        }
    }

    /**
     * Only a stop leaves writers running here (otherwise every future was waited for). One already committing does not
     * heed the interrupt and would land its commit after the query stopped, racing a restart's replay of the batch;
     * waiting for it keeps a stopped query stopped. The interrupt status is kept for Spark.
     */
    private static void awaitWriters(ExecutorService pool, long batchId) {
        boolean interrupted = Thread.interrupted();
        try {
            if (!pool.awaitTermination(WRITERS_STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("batch {}: table writers still running {} s after the stop; a replay of the batch may conflict with"
                        + " their commits and fail once (Delta's transaction ids keep it from writing twice)", batchId,
                        WRITERS_STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The error's message, and its root cause's where that says more: Delta's schema merge fails with
     * "Failed to merge fields 'n' and 'n'", and only its cause names the two types (a registry version that widened n).
     */
    static String withRootCause(Throwable error) {
        String message = String.valueOf(error.getMessage());
        Throwable root = error;
        for (int depth = 0; depth < 20 && root.getCause() != null && root.getCause() != root; depth++) {
            root = root.getCause();
        }
        String rootMessage = root.getMessage();
        return root == error || rootMessage == null || message.contains(rootMessage.strip())
                ? message : message + " (caused by: " + rootMessage.strip() + ")";
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}

package dev.fakeclicks.connect;

import dev.fakeclicks.catalogue.Catalogue;
import dev.fakeclicks.catalogue.CatalogueEntry;
import dev.fakeclicks.connect.generator.ClickStream;
import dev.fakeclicks.connect.generator.EventClock;
import dev.fakeclicks.connect.generator.GeneratorSettings;
import dev.fakeclicks.connect.generator.Pools;
import dev.fakeclicks.connect.generator.StreamItem;
import dev.fakeclicks.connect.record.EventRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits one task's share of the clickstream: the stream itself is {@link ClickStream} (pure); this class
 * resumes it from the committed offset, paces it, and turns its items into records.
 */
public class FakeClicksSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(FakeClicksSourceTask.class);
    /**
     * The longest a poll waits. Since KAFKA-10792 Connect calls {@link #stop()} on the task's thread only after
     * poll returns, so nothing cuts a wait short: a poll waits at most this long and then returns, empty-handed
     * if nothing is due yet, so that a stopping or pausing task finishes its poll well within
     * {@code task.shutdown.graceful.timeout.ms} (5 s by default).
     */
    static final long IDLE_POLL_MILLIS = 1_000;
    /**
     * The most sessions one poll walks on the task's thread (a few tenths of a second of walking) before it
     * returns what it has: a search for a type that is rare, or that cannot appear and ends in the stream's stall
     * error, then spans polls instead of holding one poll (and a stop) for up to tens of seconds.
     */
    static final long SESSIONS_PER_POLL = 50_000;
    private static final long PROGRESS_LOG_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * Records built ahead with live stamps that waited longer than this for a poll (a paused connector, a stalled
     * producer) are not delivered: the stream is walked again from the last record delivered, stamped afresh.
     */
    static final long STALE_AFTER_MILLIS = 30_000;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final long staleAfterNanos;
    private FakeClicksConfig config;
    /** Opens this task's stream at a resume point (same settings, pools and clock every time). */
    private Function<ClickStream.Resume, ClickStream> streams;
    private ClickStream stream;
    private EventRecords records;
    private RatePacer pacer;
    /** Paces a simulated clock (start.time set); null for the live wall clock. */
    private SimulatedClockPacer clockPacer;
    private Prefetcher prefetcher;
    private long seed;
    /** {@link FakeClicksConfig#streamOptions()}, carried by every offset. */
    private String streamOptions;
    private int taskIndex;
    private int taskCount;
    private boolean bounded;
    private boolean doneLogged;
    private long lastProgressNanos;
    private long lastProgressPosition;

    public FakeClicksSourceTask() {
        this(STALE_AFTER_MILLIS);
    }

    /** With another staleness limit, for tests. */
    FakeClicksSourceTask(long staleAfterMillis) {
        this.staleAfterNanos = TimeUnit.MILLISECONDS.toNanos(staleAfterMillis);
    }

    @Override
    public String version() {
        return Version.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        long started = System.nanoTime();
        config = new FakeClicksConfig(props);
        taskIndex = config.taskIndex();
        taskCount = config.taskCount();
        seed = config.taskSeed();
        streamOptions = config.streamOptions();
        Map<String, Object> partition = StreamOffsets.partition(taskIndex, taskCount);
        ClickStream.Resume resume = ClickStream.Resume.START;
        Map<String, Object> offset = context.offsetStorageReader().offset(partition);
        if (offset != null) {
            Long storedSeed = StreamOffsets.seed(offset);
            if (storedSeed != null && storedSeed != seed && config.taskSeedExplicit()) {
                log.warn("Task {}/{}: {} changed from {} to {}: starting the stream of the new seed from its beginning",
                        taskIndex, taskCount, FakeClicksConfig.RANDOM_SEED, storedSeed, seed);
            } else {
                if (storedSeed != null) {
                    seed = storedSeed; // a random seed chosen by an earlier run: continue that stream
                }
                String changed = StreamOffsets.streamOptionsProblem(offset, streamOptions);
                if (changed != null) {
                    throw new ConnectException("Task " + taskIndex + "/" + taskCount + " cannot resume from its stored offset "
                            + offset + ": " + changed);
                }
                resume = StreamOffsets.resume(offset, config.eventsPerType());
            }
        }
        GeneratorSettings settings = config.generatorSettings(seed);
        bounded = settings.bounded();
        Catalogue catalogue = FakeClicksConfig.catalogue();
        Map<String, Integer> revisions = catalogue.entries().stream()
                .collect(Collectors.toMap(CatalogueEntry::type, CatalogueEntry::revision));
        Pools pools = Pools.build(seed, settings.products());
        Long startTime = config.startTime();
        EventClock clock = startTime == null ? EventClock.wall(System::currentTimeMillis) : EventClock.simulated(startTime);
        streams = from -> new ClickStream(settings, pools, catalogue.types(), revisions, taskIndex, taskCount, from, clock);
        stream = streams.apply(resume);
        records = new EventRecords(catalogue, config.topic(), partition);
        pacer = new RatePacer(config.eventsPerSecond() / taskCount, config.pollMaxRecords(), System::nanoTime);
        double acceleration = startTime == null ? 0 : config.timeAcceleration();
        clockPacer = startTime == null ? null
                : new SimulatedClockPacer(startTime, acceleration, System::nanoTime, System::currentTimeMillis);
        lastProgressNanos = System.nanoTime();
        lastProgressPosition = stream.position();
        if (!pacer.limited() && acceleration <= 0) {
            // Only wall-clock stamps go stale; a backfill's simulated ones are the same whenever they are built.
            prefetcher = new Prefetcher(resume, startTime == null);
            prefetcher.start();
        }
        log.info("Task {}/{} started in {} ms: seed {}, {} at position {}{}, {} users in this task's shard, clock {}",
                taskIndex, taskCount, (System.nanoTime() - started) / 1_000_000, seed,
                resume == ClickStream.Resume.START ? "new stream" : "resuming", resume.position(),
                bounded ? ", bounded run with quotas " + stream.quotas() : ", unbounded",
                (settings.users() - taskIndex + taskCount - 1) / taskCount,
                startTime == null ? "wall" : "simulated from " + config.getString(FakeClicksConfig.START_TIME));
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (prefetcher != null) {
            List<SourceRecord> batch = prefetcher.poll();
            if (prefetcher.stale()) {
                regenerateStale();
                return null;
            }
            return batch;
        }
        if (stream.done()) {
            idleDone();
            return null;
        }
        long pollStart = System.nanoTime();
        long deadline = pollStart + TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MILLIS);
        long wait = pacer.nanosUntilBatch();
        if (wait > 0) {
            // Sleeps (never spins) until the batch is due, but returns by the deadline: at a low rate the next
            // batch may be seconds or, at 1e-9 events/s, ages away.
            if (stopped.await(Math.min(wait, deadline - pollStart), TimeUnit.NANOSECONDS) || pacer.nanosUntilBatch() > 0) {
                return null;
            }
        }
        int permits = pacer.take();
        List<SourceRecord> batch = nextBatch(permits, deadline, stream.sessionsStarted() + SESSIONS_PER_POLL);
        pacer.giveBack(permits - batch.size());
        logProgress(batch.size(), System.nanoTime() - pollStart, stream.position());
        return batch.isEmpty() ? null : batch;
    }

    private void idleDone() throws InterruptedException {
        if (!doneLogged) {
            doneLogged = true;
            log.info("Task {}/{} done: {} events ({} records in all, per type {}); idle until stopped",
                    taskIndex, taskCount, stream.counts().values().stream().mapToLong(Long::longValue).sum(),
                    stream.position(), stream.counts());
        }
        stopped.await(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Up to {@code budget} records from the stream; fewer when it is done, when the stream has started
     * {@code sessionLimit} sessions in all, or (simulated clock) when the next item is not due yet. With nothing
     * due it sleeps until the next item is, but not past {@code waitDeadline}, so a poll never blocks for long;
     * then the batch may be empty although the stream is not done.
     */
    private List<SourceRecord> nextBatch(int budget, long waitDeadline, long sessionLimit) throws InterruptedException {
        List<SourceRecord> batch = new ArrayList<>(Math.min(budget, 4096));
        while (batch.size() < budget) {
            StreamItem next = stream.peek(sessionLimit);
            if (next == null) {
                break; // done, or this call's share of walking is used up
            }
            long notDue = clockPacer == null ? 0 : clockPacer.nanosUntilDue(next.arrival());
            if (notDue > 0) {
                long waitLeft = waitDeadline - System.nanoTime();
                if (!batch.isEmpty() || waitLeft <= 0 || stopped.await(Math.min(notDue, waitLeft), TimeUnit.NANOSECONDS)) {
                    break;
                }
                continue;
            }
            StreamItem item = stream.next();
            batch.add(records.toRecord(item, StreamOffsets.offset(stream, seed, bounded, streamOptions)));
        }
        return batch;
    }

    /**
     * Drops the records built ahead and walks the stream again from the last record delivered, as a restart from the
     * committed offset would: the same events in the same order, stamped now rather than when the connector paused.
     */
    private void regenerateStale() throws InterruptedException {
        prefetcher.stopAndWait();
        ClickStream.Resume from = prefetcher.resumePoint(config.eventsPerType());
        log.info("Task {}/{}: records built ahead waited more than {} s for a poll (a paused connector?): generating them"
                + " again from position {} with fresh timestamps", taskIndex, taskCount,
                String.format("%.1f", staleAfterNanos / 1e9), from.position());
        stream = streams.apply(from);
        prefetcher = new Prefetcher(from, true);
        prefetcher.start();
    }

    /** One DEBUG line per batch; one INFO line every 10 s with the rate. */
    private void logProgress(int batchSize, long batchNanos, long position) {
        if (log.isDebugEnabled()) {
            log.debug("Task {}/{}: poll returned {} records in {} us, position {}", taskIndex, taskCount, batchSize,
                    batchNanos / 1_000, position);
        }
        long now = System.nanoTime();
        if (now - lastProgressNanos >= PROGRESS_LOG_NANOS) {
            long emitted = position - lastProgressPosition;
            double seconds = (now - lastProgressNanos) / 1e9;
            log.info("Task {}/{}: {} records in the last {} s ({} records/s), position {}",
                    taskIndex, taskCount, emitted, String.format("%.1f", seconds), Math.round(emitted / seconds), position);
            lastProgressNanos = now;
            lastProgressPosition = position;
        }
    }

    /**
     * Without a rate limit or paced clock, a second thread generates and builds records ahead (a few batches),
     * so the task thread only converts and sends them: generation and Kafka's work run on two cores. The
     * stream is still walked by one thread in order, so records and offsets are exactly as without it.
     * Paced runs build records in poll(), so live event_time stamps are taken at emission. A backfill that reaches
     * the present makes this thread wait for the wall clock (see {@link SimulatedClockPacer}): records are built
     * only when due. With live stamps, a batch that waited longer than the staleness limit is not delivered:
     * {@link #stale()} turns true and the task starts a new prefetcher from {@link #resumePoint(long)}.
     */
    private final class Prefetcher implements Runnable {
        /** A batch and when it was built ({@link System#nanoTime()}). */
        private record Built(List<SourceRecord> records, long builtAt) {
        }

        private final BlockingQueue<Built> ready = new ArrayBlockingQueue<>(4);
        private final Built end = new Built(List.of(), 0);
        private final Thread thread;
        private final ClickStream.Resume startedFrom;
        private final boolean liveStamps;
        private volatile Throwable failure;
        private volatile boolean finished;
        private boolean stale;
        private long delivered;
        private Map<String, ?> lastDeliveredOffset;

        Prefetcher(ClickStream.Resume startedFrom, boolean liveStamps) {
            this.startedFrom = startedFrom;
            this.liveStamps = liveStamps;
            delivered = stream.position();
            thread = new Thread(this, "fakeclicks-generator-" + taskIndex);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            try {
                while (!Thread.currentThread().isInterrupted() && stopped.getCount() > 0) {
                    List<SourceRecord> batch = nextBatch(config.pollMaxRecords(),
                            System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MILLIS), Long.MAX_VALUE);
                    if (!batch.isEmpty()) {
                        ready.put(new Built(batch, System.nanoTime()));
                    } else if (stream.done()) {
                        ready.put(end);
                        return;
                    } // else nothing due yet (a backfill that reached the present): wait again
                }
            } catch (InterruptedException | CancellationException e) {
                Thread.currentThread().interrupt(); // stopped (the stream's walk also gives up when interrupted)
            } catch (Throwable t) {
                failure = t;
                ready.offer(end);
            }
        }

        List<SourceRecord> poll() throws InterruptedException {
            if (finished) {
                idleDone();
                return null;
            }
            long start = System.nanoTime();
            Built batch = ready.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (failure != null) {
                throw new ConnectException("generating events failed: " + failure, failure);
            }
            if (batch == null) {
                return null;
            }
            if (batch == end) {
                finished = true;
                idleDone();
                return null;
            }
            if (liveStamps && System.nanoTime() - batch.builtAt() > staleAfterNanos) {
                stale = true;
                return null;
            }
            List<SourceRecord> records = batch.records();
            delivered += records.size();
            lastDeliveredOffset = records.get(records.size() - 1).sourceOffset();
            logProgress(records.size(), System.nanoTime() - start, delivered);
            return records;
        }

        /** Whether the last poll found a batch too old to deliver; this prefetcher then delivers nothing more. */
        boolean stale() {
            return stale;
        }

        /** Where the stream continues after the last record delivered (where this prefetcher started, if none). */
        ClickStream.Resume resumePoint(long eventsPerType) {
            return lastDeliveredOffset == null ? startedFrom : StreamOffsets.resume(lastDeliveredOffset, eventsPerType);
        }

        void stop() {
            thread.interrupt();
        }

        /** Stops the thread and waits for it: only then may the task open another stream. */
        void stopAndWait() throws InterruptedException {
            stop();
            thread.join(TimeUnit.SECONDS.toMillis(10));
            if (thread.isAlive()) {
                throw new ConnectException("the generator thread did not stop within 10 s; failing the task (a restart"
                        + " resumes from the committed offset)");
            }
        }
    }

    @Override
    public void stop() {
        stopped.countDown();
        if (prefetcher != null) {
            prefetcher.stop();
        }
        if (stream != null) {
            log.info("Task {}/{} stopping", taskIndex, taskCount);
        }
    }
}

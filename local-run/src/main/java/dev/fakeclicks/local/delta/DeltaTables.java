package dev.fakeclicks.local.delta;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ObjIntConsumer;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads the sink's Delta tables with Delta Kernel (no Spark), so the local run can report what landed and the
 * end-to-end test can check it with a reader independent of the writer.
 */
public final class DeltaTables {

    private final Engine engine = DefaultEngine.create(new Configuration());
    private final Path root;

    public DeltaTables(Path root) {
        this.root = root;
    }

    /** Names of the Delta tables directly under the root (type tables and {@code _quarantine}), sorted. */
    public List<String> names() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isDirectory(d.resolve("_delta_log")))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the Delta tables in " + root, e);
        }
    }

    public boolean exists(String table) {
        return Files.isDirectory(root.resolve(table).resolve("_delta_log"));
    }

    /** Rows in the table's latest snapshot; 0 when the table does not exist yet. */
    public long count(String table) {
        if (!exists(table)) {
            return 0;
        }
        long[] rows = {0};
        String anyColumn = snapshot(table).getSchema(engine).fieldNames().get(0);
        scan(table, anyColumn, (values, row) -> rows[0]++);
        return rows[0];
    }

    /** Every value of a string column, e.g. {@code event_id}. */
    public List<String> strings(String table, String column) {
        List<String> values = new ArrayList<>();
        if (exists(table)) {
            scan(table, column, (vector, row) -> values.add(vector.isNullAt(row) ? null : vector.getString(row)));
        }
        return values;
    }

    private Snapshot snapshot(String table) {
        try {
            return Table.forPath(engine, root.resolve(table).toAbsolutePath().toString()).getLatestSnapshot(engine);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read Delta table " + root.resolve(table) + ": " + e.getMessage(), e);
        }
    }

    private void scan(String table, String column, ObjIntConsumer<ColumnVector> rows) {
        Snapshot snapshot = snapshot(table);
        StructType readSchema = new StructType().add(snapshot.getSchema(engine).get(column));
        Scan scan = snapshot.getScanBuilder(engine).withReadSchema(engine, readSchema).build();
        Row scanState = scan.getScanState(engine);
        StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(engine, scanState);
        try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
            while (files.hasNext()) {
                try (CloseableIterator<Row> fileRows = files.next().getRows()) {
                    while (fileRows.hasNext()) {
                        Row file = fileRows.next();
                        CloseableIterator<ColumnarBatch> physical = engine.getParquetHandler().readParquetFiles(
                                single(InternalScanFileUtils.getAddFileStatus(file)), physicalSchema, Optional.empty());
                        try (CloseableIterator<FilteredColumnarBatch> data = Scan.transformPhysicalData(engine, scanState, file, physical)) {
                            while (data.hasNext()) {
                                emit(data.next(), rows);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Delta table " + root.resolve(table), e);
        }
    }

    private static void emit(FilteredColumnarBatch batch, ObjIntConsumer<ColumnVector> rows) {
        ColumnVector values = batch.getData().getColumnVector(0);
        Optional<ColumnVector> selection = batch.getSelectionVector();
        for (int i = 0; i < batch.getData().getSize(); i++) {
            if (selection.isPresent() && (selection.get().isNullAt(i) || !selection.get().getBoolean(i))) {
                continue;
            }
            rows.accept(values, i);
        }
    }

    private static <T> CloseableIterator<T> single(T value) {
        return io.delta.kernel.internal.util.Utils.singletonCloseableIterator(value);
    }
}

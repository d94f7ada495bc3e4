package dev.fakeclicks.sink.spark;

import dev.fakeclicks.sink.SinkConfig;
import dev.fakeclicks.sink.SinkConfigException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A new checkpoint over tables an earlier sink wrote: the usual sign of a lost or deleted checkpoint. Its new query
 * id makes every Delta app id new, so nothing the tables hold is recognised, and starting at {@code earliest} (the
 * default) writes every record still in the topic a second time. The sink only goes on when STARTING_OFFSETS was
 * chosen explicitly.
 */
public final class FreshCheckpoint {

    private FreshCheckpoint() {
    }

    public static void requireNoEarlierTables(SparkSession spark, SinkConfig config) {
        if (config.startingOffsetsGiven()) {
            return;
        }
        try {
            Path offsets = new Path(config.checkpointLocation(), "offsets");
            FileSystem checkpointFs = offsets.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (checkpointFs.exists(offsets) && checkpointFs.listStatus(offsets).length > 0) {
                return; // a checkpoint with progress resumes where it was
            }
            List<String> tables = tables(spark, new Path(config.outputPath()));
            if (!tables.isEmpty()) {
                throw new SinkConfigException(List.of("CHECKPOINT_LOCATION " + config.checkpointLocation() + " has no"
                        + " progress, but OUTPUT_PATH " + config.outputPath() + " holds tables a sink wrote ("
                        + String.join(", ", tables.subList(0, Math.min(5, tables.size())))
                        + (tables.size() > 5 ? " and " + (tables.size() - 5) + " more" : "") + "): starting at the"
                        + " default STARTING_OFFSETS=earliest would write every record still in the topic again. If the"
                        + " checkpoint was lost, put it back; to go on where the tables end, set STARTING_OFFSETS (JSON"
                        + " offsets past the highest _kafka_offset per _kafka_partition in the tables, or latest); to rebuild the"
                        + " tables, delete them first"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + config.checkpointLocation() + " or " + config.outputPath()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The directories under {@code root} that are Delta tables. */
    private static List<String> tables(SparkSession spark, Path root) throws IOException {
        FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        List<String> tables = new ArrayList<>();
        try {
            for (FileStatus child : fs.listStatus(root)) {
                if (child.isDirectory() && fs.exists(new Path(child.getPath(), "_delta_log"))) {
                    tables.add(child.getPath().getName());
                }
            }
        } catch (FileNotFoundException e) {
            return List.of();
        }
        tables.sort(null);
        return tables;
    }
}

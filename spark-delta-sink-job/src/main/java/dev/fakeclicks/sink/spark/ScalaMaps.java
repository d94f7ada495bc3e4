package dev.fakeclicks.sink.spark;

import java.util.Map;
import scala.collection.JavaConverters;

/** Options maps for the Scala APIs of Spark and Delta (JSONOptions, DeltaOptions) that take an immutable Scala map. */
final class ScalaMaps {

    private ScalaMaps() {
    }

    static scala.collection.immutable.Map<String, String> of(Map<String, String> options) {
        return JavaConverters.mapAsScalaMap(options).toMap(scala.Predef$.MODULE$.$conforms());
    }
}

package dev.fakeclicks.connect.bench;

import dev.fakeclicks.connect.generator.ClickStream;
import dev.fakeclicks.connect.generator.StreamItem;
import dev.fakeclicks.connect.generator.TestStreams;
import dev.fakeclicks.connect.record.EventRecords;
import dev.fakeclicks.connect.record.RawPassthroughJsonConverter;
import java.util.Map;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Where a task's time goes per record, stage by stage, without Kafka (single thread): generate, build the
 * Struct, convert it with JsonConverter; build it for RawPassthroughJsonConverter, which asks for each event's
 * JSON to be written as it is built, then convert it with that converter (which returns those bytes).
 */
public final class PipelineMicroBench {
    public static void main(String[] args) {
        int n = 400_000;
        Map<String, String> settings = Map.of("schemas.enable", "false", "decimal.format", "NUMERIC");
        JsonConverter json = new JsonConverter();
        json.configure(settings, false);
        RawPassthroughJsonConverter raw = new RawPassthroughJsonConverter();
        raw.configure(settings, false);
        EventRecords records = new EventRecords(TestStreams.CATALOGUE, "t", Map.of("task", 0, "tasks", 1));
        EventRecords recordsForRaw = new EventRecords(TestStreams.CATALOGUE, "t", Map.of("task", 0, "tasks", 1));
        Map<String, Object> offset = Map.of("position", 1L);
        for (int round = 0; round < 5; round++) {
            ClickStream stream = TestStreams.stream(TestStreams.settings(1), 0, 1, ClickStream.Resume.START);
            long gen = 0;
            long struct = 0;
            long ser = 0;
            long rawStruct = 0;
            long rawSer = 0;
            long bytes = 0;
            for (int i = 0; i < n; i++) {
                long a = System.nanoTime();
                StreamItem item = stream.next();
                long b = System.nanoTime();
                SourceRecord r = records.toRecord(item, offset);
                long c = System.nanoTime();
                bytes += json.fromConnectData("t", r.valueSchema(), r.value()).length;
                long d = System.nanoTime();
                SourceRecord forRaw = recordsForRaw.toRecord(item, offset);
                long e = System.nanoTime();
                bytes -= raw.fromConnectData("t", forRaw.valueSchema(), forRaw.value()).length;
                long f = System.nanoTime();
                gen += b - a;
                struct += c - b;
                ser += d - c;
                rawStruct += e - d;
                rawSer += f - e;
            }
            if (bytes != 0) {
                throw new IllegalStateException("the converters wrote different lengths");
            }
            System.out.printf("generate %.2f us, struct %.2f us, JsonConverter %.2f us; struct with its JSON %.2f us, "
                    + "RawPassthroughJsonConverter %.2f us per record%n",
                    gen / 1e3 / n, struct / 1e3 / n, ser / 1e3 / n, rawStruct / 1e3 / n, rawSer / 1e3 / n);
        }
    }
}

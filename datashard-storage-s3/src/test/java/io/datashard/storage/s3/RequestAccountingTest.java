package io.datashard.storage.s3;

import static io.datashard.storage.s3.S3Fixtures.EVENTS;
import static io.datashard.storage.s3.S3Fixtures.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datashard.Table;
import io.datashard.Warehouse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How many S3 requests, and how many sequential round trips, one small append costs when the
 * writer's view of the table is current (DESIGN §8, §9.7). The requests go through a {@link
 * FaultProxy} that holds the responses of the data, manifest and manifest-list PUTs until all
 * three have arrived: they can only all arrive if the writer sent them without waiting for each
 * other, so the overlap the depth counts is certain rather than a matter of timing.
 */
class RequestAccountingTest {
  /** The three uploads of a commit that depend on nothing but local bytes. */
  private static final String UPLOADS =
      "^PUT /[^ ]*/events/(data/[^/ ]+\\.parquet|metadata/[0-9a-f-]{36}-m0\\.avro"
          + "|metadata/snap-[^/ ]+\\.avro)$";

  @Test
  void aSmallAppendWithACurrentViewCostsFiveRequestsInThreeSequentialRoundTrips()
      throws Exception {
    S3TestServer server = S3TestServer.get();
    String bucket = server.newBucket();
    RequestLog log = new RequestLog();
    try (FaultProxy proxy = new FaultProxy(server.endpoint().getPort(), 0)) {
      S3StorageBackend backend = new S3StorageBackend(
          S3Settings.from(S3TestServer.config(proxy.endpoint(), bucket, "wh").build()),
          List.of(log));
      try (Warehouse wh = Warehouse.of(backend,
          S3TestServer.config(proxy.endpoint(), bucket, "wh").build())) {
        Table table = wh.createTable("events", EVENTS);
        table.appendRecords(batch("warm-up", 3)); // the capability probe happens before this
        wh.awaitBackgroundWrites(); // the warm-up's version hint
        log.clear();
        proxy.holdResponses(UPLOADS, 3, 20_000);

        table.appendRecords(batch("counted", 3));
        wh.awaitBackgroundWrites(); // the hint is written after the append returned

        Map<RequestLog.Entry, Integer> depths = log.depths();
        System.out.println("Requests of one small append (" + depths.size() + "), with depth:");
        depths.forEach((r, d) -> System.out.println("  " + d + "  " + r));
        assertEquals(List.of(), proxy.releasedByFallback(),
            "the three uploads were not all in flight at once");
        List<String> shapes = new ArrayList<>();
        depths.forEach((r, d) -> shapes.add(d + " " + shape(r.line)));
        shapes.sort(Comparator.naturalOrder());
        assertEquals(List.of(
            "1 PUT /" + bucket + "/wh/events/data/*.parquet",
            "1 PUT /" + bucket + "/wh/events/metadata/*-m0.avro",
            "1 PUT /" + bucket + "/wh/events/metadata/snap-*.avro",
            "2 PUT /" + bucket + "/wh/events/metadata/v3.metadata.json [If-None-Match]",
            "3 PUT /" + bucket + "/wh/events/metadata/version-hint.text"),
            shapes);

        // The commit point starts only after every upload it names has completed.
        RequestLog.Entry commit = entry(depths, "v3.metadata.json");
        for (RequestLog.Entry upload : depths.keySet()) {
          if (upload.line.matches(UPLOADS.replace("$", "") + ".*")) {
            assertEquals(true, upload.completed > 0 && upload.completed < commit.sent,
                upload + " completed before " + commit + " was sent");
          }
        }
        // The hint is sent only after the commit point answered, and the append had returned.
        RequestLog.Entry hint = entry(depths, "version-hint.text");
        assertEquals(true, commit.completed < hint.sent, hint + " after " + commit);
      }
      assertEquals(List.of(), proxy.errors(), "the proxy itself failed");
    }
  }

  private static RequestLog.Entry entry(Map<RequestLog.Entry, Integer> depths, String name) {
    return depths.keySet().stream().filter(e -> e.line.contains(name)).findFirst().orElseThrow();
  }

  /** A request with the random part of file names replaced by '*'. */
  private static String shape(String request) {
    return request
        .replaceAll("/data/[^/ ?]+\\.parquet", "/data/*.parquet")
        .replaceAll("/metadata/[0-9a-f-]{36}-m0\\.avro", "/metadata/*-m0.avro")
        .replaceAll("/metadata/snap-[^/ ?]+\\.avro", "/metadata/snap-*.avro");
  }
}

package io.datashard.storage.s3;

import static io.datashard.storage.s3.S3Fixtures.EVENTS;
import static io.datashard.storage.s3.S3Fixtures.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datashard.Table;
import io.datashard.Warehouse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How many S3 requests one small append costs when the writer's view of the table is current
 * (DESIGN §8, §9.7). Each request is a sequential round trip in today's commit protocol.
 */
class RequestAccountingTest {
  @Test
  void aSmallAppendWithACurrentViewIssuesExactlyTheseRequests() {
    S3TestServer server = S3TestServer.get();
    String bucket = server.newBucket();
    RequestLog log = new RequestLog();
    S3StorageBackend backend = new S3StorageBackend(
        S3Settings.from(server.config(bucket, "wh").build()), List.of(log));
    try (Warehouse wh = Warehouse.of(backend, server.config(bucket, "wh").build())) {
      Table table = wh.createTable("events", EVENTS);
      table.appendRecords(batch("warm-up", 3)); // the capability probe happens before this
      log.clear();
      table.appendRecords(batch("counted", 3));
      List<String> requests = log.requests();
      System.out.println("Requests of one small append (" + requests.size() + "):");
      requests.forEach(r -> System.out.println("  " + r));
      assertEquals(List.of(
          "PUT /" + bucket + "/wh/events/data/*.parquet",
          "PUT /" + bucket + "/wh/events/metadata/*-m0.avro",
          "PUT /" + bucket + "/wh/events/metadata/snap-*.avro",
          "PUT /" + bucket + "/wh/events/metadata/v3.metadata.json [If-None-Match]",
          "PUT /" + bucket + "/wh/events/metadata/version-hint.text"),
          requests.stream().map(RequestAccountingTest::shape).toList());
    }
  }

  /** A request with the random part of file names replaced by '*'. */
  private static String shape(String request) {
    return request
        .replaceAll("/data/[^/ ?]+\\.parquet", "/data/*.parquet")
        .replaceAll("/metadata/[0-9a-f-]{36}-m0\\.avro", "/metadata/*-m0.avro")
        .replaceAll("/metadata/snap-[^/ ?]+\\.avro", "/metadata/snap-*.avro");
  }
}

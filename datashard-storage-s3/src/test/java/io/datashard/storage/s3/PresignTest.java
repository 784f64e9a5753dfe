package io.datashard.storage.s3;

import static io.datashard.storage.s3.S3Fixtures.EVENTS;
import static io.datashard.storage.s3.S3Fixtures.batch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datashard.DataFile;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Presigned URLs work for a client that has no credentials at all (plain JDK HTTP). */
class PresignTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void presignFilesGivesWorkingGetUrlsForEveryDataFileOfASnapshot() throws Exception {
    String bucket = S3TestServer.get().newBucket();
    try (Warehouse wh = Warehouse.open(S3TestServer.get().config(bucket, "wh").build())) {
      Table table = wh.createTable("events", EVENTS);
      Snapshot first = table.appendRecords(batch("a", 3));
      Snapshot second = table.appendRecords(batch("b", 4));
      Map<String, URI> urls = table.presignFiles(second, Duration.ofMinutes(10));
      List<String> files = table.scan().useSnapshot(second.snapshotId()).planFiles().stream()
          .map(DataFile::path).toList();
      assertEquals(files, List.copyOf(urls.keySet()));
      assertEquals(2, urls.size());
      for (Map.Entry<String, URI> e : urls.entrySet()) {
        assertFalse(e.getValue().toString().contains(S3TestServer.SECRET_KEY));
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(e.getValue()).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertArrayEquals(wh.backend().read(wh.backend().keyOf(e.getKey())), r.body());
      }
      assertEquals(1, table.presignFiles(first, Duration.ofMinutes(10)).size());
    }
  }

  @Test
  void aPresignedPutUploadsAnObject() throws Exception {
    String bucket = S3TestServer.get().newBucket();
    try (S3StorageBackend backend = S3StorageBackend.create(
        S3TestServer.get().config(bucket, "wh").build())) {
      URI put = backend.presignPut("landing/x.csv", Duration.ofMinutes(5));
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(put)
          .header("Content-Type", "application/octet-stream")
          .PUT(HttpRequest.BodyPublishers.ofString("a,b\n1,2\n")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("a,b\n1,2\n", new String(backend.read("landing/x.csv"),
          java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void anExpiryBeyondSevenDaysIsRefused() {
    String bucket = S3TestServer.get().newBucket();
    try (S3StorageBackend backend = S3StorageBackend.create(
        S3TestServer.get().config(bucket, "wh").build())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> backend.presignGet("k", Duration.ofDays(8)));
      assertEquals("Presigned URL expiry PT192H must be positive and at most PT168H (the storage"
          + " backend's maximum)", e.getMessage());
    }
  }
}

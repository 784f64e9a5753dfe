package io.datashard.storage.s3;

import static io.datashard.storage.s3.FaultProxy.Fault.DELAY_THEN_FORWARD;
import static io.datashard.storage.s3.FaultProxy.Fault.FORWARD_THEN_DROP;
import static io.datashard.storage.s3.FaultProxy.Fault.RESET;
import static io.datashard.storage.s3.FaultProxy.Fault.SLOW_DOWN_503;
import static io.datashard.storage.s3.S3Fixtures.EVENTS;
import static io.datashard.storage.s3.S3Fixtures.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datashard.DataShardConfig;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import io.datashard.exceptions.StorageRejectedException;
import io.datashard.spi.PositionOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;

/**
 * Faults between the SDK and S3Proxy, on the commit PUT of {@code v<N>.metadata.json} and on
 * multipart uploads: no acknowledged commit is lost, none is applied twice, and no incomplete
 * multipart upload is left behind.
 */
class FaultInjectionTest {
  private static final String COMMIT_PUT = "^PUT /[^ ]*/events/metadata/v2\\.metadata\\.json$";

  private String bucket;
  private FaultProxy proxy;

  @BeforeEach
  void start() throws IOException {
    bucket = S3TestServer.get().newBucket();
    proxy = new FaultProxy(S3TestServer.get().endpoint().getPort(), 3_000);
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    assertEquals(List.of(), proxy.errors(), "the proxy itself failed");
  }

  /** A warehouse that reaches S3Proxy through the fault proxy. */
  private Warehouse viaProxy(String... settings) {
    DataShardConfig.Builder b = S3TestServer.config(proxy.endpoint(), bucket, "wh")
        .set(S3Settings.REQUEST_TIMEOUT_MS, "1000");
    for (int i = 0; i < settings.length; i += 2) {
      b.set(settings[i], settings[i + 1]);
    }
    return Warehouse.open(b.build());
  }

  /**
   * A warehouse that talks to S3Proxy directly: "another writer", as if in another process (so
   * without the JVM-local commit lock, which our own writer holds while its PUT is in the proxy).
   */
  private Warehouse direct() {
    return Warehouse.open(S3TestServer.get().config(bucket, "wh")
        .set("commit.jvm.lock", "false").build());
  }

  private List<String> commitPuts() {
    return proxy.seen().stream().filter(r -> r.matches(COMMIT_PUT)).toList();
  }

  /** One append through the proxy with the given fault on its commit PUT; returns its snapshot. */
  private Snapshot appendWithFault(Warehouse wh, FaultProxy.Fault fault, int times) {
    Table table = wh.createTable("events", EVENTS);
    proxy.inject(COMMIT_PUT, fault, times);
    return table.appendRecords(batch("ours", 4));
  }

  private void assertExactlyOnce(Snapshot ours, Map<Object, Long> expectedRows, int snapshots) {
    try (Warehouse check = direct()) {
      Table table = check.loadTable("events");
      assertEquals(snapshots, table.snapshots().size());
      assertEquals(1, table.snapshots().stream()
          .filter(s -> s.commitId().equals(ours.commitId())).count());
      assertEquals(expectedRows, S3TableTest.countByEvent(table.scan().toRecords()));
    }
  }

  @Test
  void accessDeniedOnTheCommitPutFailsAtOnceAndCommitsNothing() {
    try (Warehouse wh = viaProxy()) {
      Table table = wh.createTable("events", EVENTS);
      proxy.inject(COMMIT_PUT, FaultProxy.Fault.ACCESS_DENIED_403, 1000);
      StorageRejectedException e = assertThrows(StorageRejectedException.class,
          () -> table.appendRecords(batch("ours", 4)));
      assertEquals("S3 refused to write (put-if-absent) s3://" + bucket
          + "/wh/events/metadata/v2.metadata.json at " + proxy.endpoint()
          + ": AccessDenied (HTTP 403). The request was signed with static credentials from"
          + " DATASHARD_S3_ACCESS_KEY (s3.access.key) and DATASHARD_S3_SECRET_KEY (s3.secret.key)."
          + " The credentials are valid but lack permission: grant s3:ListBucket on the bucket and"
          + " s3:GetObject, s3:PutObject, s3:DeleteObject and s3:AbortMultipartUpload on the"
          + " prefix (see docs/iam-policy.json)", e.getMessage());
      assertEquals(1, commitPuts().size(), "a refusal is neither retried by the SDK nor by us");
    }
    try (Warehouse check = direct()) {
      assertEquals(List.of(), check.loadTable("events").snapshots());
      assertEquals(List.of(), check.backend().list("wh/events/data/".substring(3)));
    }
  }

  /**
   * The data file, manifest and manifest list go up at once; when one of them fails the commit
   * point is never attempted, the failure is the upload's own exception, and whatever of the
   * commit landed is deleted.
   */
  @Test
  void aFailedDataUploadFailsTheAppendBeforeTheCommitPointAndLeavesNothing() {
    // A long request timeout: the 403 must be the only fault, however slow the machine is.
    try (Warehouse wh = viaProxy(S3Settings.REQUEST_TIMEOUT_MS, "60000")) {
      Table table = wh.createTable("events", EVENTS);
      proxy.inject("^PUT /[^ ]*/events/data/[^ ]+\\.parquet$",
          FaultProxy.Fault.ACCESS_DENIED_403, 1000);
      io.datashard.exceptions.StorageException e = assertThrows(
          io.datashard.exceptions.StorageException.class,
          () -> table.appendRecords(batch("ours", 4)));
      String dataPut = proxy.injected().get(0).substring("ACCESS_DENIED_403 PUT /".length());
      String uri = "s3://" + dataPut;
      assertEquals("Could not write data file " + uri + ": S3 refused to write " + uri + " at "
          + proxy.endpoint() + ": AccessDenied (HTTP 403). The request was signed with static"
          + " credentials from DATASHARD_S3_ACCESS_KEY (s3.access.key) and"
          + " DATASHARD_S3_SECRET_KEY (s3.secret.key). The credentials are valid but lack"
          + " permission: grant s3:ListBucket on the bucket and s3:GetObject, s3:PutObject,"
          + " s3:DeleteObject and s3:AbortMultipartUpload on the prefix (see"
          + " docs/iam-policy.json)", e.getMessage());
      assertEquals(List.of(), commitPuts(), "the commit point was never attempted");
      assertEquals(1, proxy.seen().stream().filter(r -> r.matches(
          "^PUT /[^ ]*/events/metadata/snap-[^ ]+\\.avro$")).count(),
          "the manifest list went up beside the data file: " + proxy.seen());
      wh.awaitBackgroundWrites();
    }
    try (Warehouse check = direct()) {
      assertEquals(List.of(), check.loadTable("events").snapshots());
      assertEquals(List.of("events/metadata/v1.metadata.json",
          "events/metadata/version-hint.text"), check.backend().list("events/").stream()
              .map(o -> o.key()).sorted().toList());
    }
  }

  /** The hint is best effort: a hint PUT that keeps failing never fails a commit or hides one. */
  @Test
  void aVersionHintThatCannotBeWrittenFailsNoCommitAndReadersStillFindEveryCommit() {
    Snapshot first;
    Snapshot second;
    try (Warehouse wh = viaProxy(S3Settings.MAX_ATTEMPTS, "1",
        S3Settings.REQUEST_TIMEOUT_MS, "60000")) {
      Table table = wh.createTable("events", EVENTS);
      wh.awaitBackgroundWrites(); // the hint holds 1
      proxy.inject("^PUT /[^ ]*/events/metadata/version-hint\\.text$", SLOW_DOWN_503, 1000);
      first = table.appendRecords(batch("first", 2));
      second = table.appendRecords(batch("second", 3));
      wh.awaitBackgroundWrites();
      assertEquals(true, proxy.injected().size() >= 1, proxy.injected().toString());
    }
    try (Warehouse check = direct()) {
      assertEquals("1", new String(check.backend().read("events/metadata/version-hint.text"),
          java.nio.charset.StandardCharsets.US_ASCII));
      Table loaded = check.loadTable("events");
      assertEquals(List.of(first.commitId(), second.commitId()),
          loaded.snapshots().stream().map(Snapshot::commitId).toList());
      assertEquals(Map.of("first", 2L, "second", 3L),
          S3TableTest.countByEvent(loaded.scan().toRecords()));
    }
  }

  @Test
  void slowDown503OnTheCommitPutIsRetriedWithBackoff() {
    try (Warehouse wh = viaProxy()) {
      Snapshot ours = appendWithFault(wh, SLOW_DOWN_503, 2);
      assertEquals(List.of("SLOW_DOWN_503", "SLOW_DOWN_503"),
          proxy.injected().stream().map(s -> s.split(" ")[0]).toList());
      assertEquals(3, commitPuts().size());
      assertExactlyOnce(ours, Map.of("ours", 4L), 1);
    }
  }

  @Test
  void connectionResetOnTheCommitPutIsRetried() {
    try (Warehouse wh = viaProxy()) {
      Snapshot ours = appendWithFault(wh, RESET, 1);
      assertEquals(2, commitPuts().size());
      assertExactlyOnce(ours, Map.of("ours", 4L), 1);
    }
  }

  @Test
  void aCommitPutDelayedPastTheClientTimeoutLandsOnce() throws Exception {
    try (Warehouse wh = viaProxy()) {
      Snapshot ours = appendWithFault(wh, DELAY_THEN_FORWARD, 1);
      assertEquals(List.of("DELAY_THEN_FORWARD"),
          proxy.injected().stream().map(s -> s.split(" ")[0]).toList());
      proxy.awaitQuiet(); // the timed-out attempt reaches S3 late, after the commit returned
      assertEquals(2, proxy.forwarded().stream().filter(r -> r.substring(4).matches(COMMIT_PUT))
          .count(), proxy.forwarded().toString());
      assertExactlyOnce(ours, Map.of("ours", 4L), 1);
    }
  }

  /** The SDK retries after the lost response, gets 412 from its own object: the echo case. */
  @Test
  void responseLostAfterTheCommitLandedIsRecognisedAsOurOwnCommit() {
    try (Warehouse wh = viaProxy()) {
      Snapshot ours = appendWithFault(wh, FORWARD_THEN_DROP, 1);
      assertEquals(2, commitPuts().size()); // the applied one and the SDK's retry (412)
      assertExactlyOnce(ours, Map.of("ours", 4L), 1);
    }
  }

  /** Without SDK retries the backend reports an unknown outcome; the re-read finds our commit. */
  @Test
  void unknownOutcomeWithoutSdkRetriesIsResolvedByReadingTheVersion() {
    try (Warehouse wh = viaProxy(S3Settings.MAX_ATTEMPTS, "1")) {
      Snapshot ours = appendWithFault(wh, FORWARD_THEN_DROP, 1);
      assertEquals(1, commitPuts().size());
      assertExactlyOnce(ours, Map.of("ours", 4L), 1);
    }
  }

  /**
   * Another writer takes v2 just before our commit PUT, whose response is then lost: the re-read
   * finds someone else's commit id, so the writer rebases onto v2 and commits v3. Nothing is lost
   * or doubled.
   */
  @Test
  void unknownOutcomeWhereAnotherWriterWonRebasesAndCommitsOnce() {
    // A long request timeout: the lost response must be the only fault, whatever the other
    // writer's commit costs inside the proxy.
    try (Warehouse wh = viaProxy(S3Settings.MAX_ATTEMPTS, "1", S3Settings.REQUEST_TIMEOUT_MS,
        "60000"); Warehouse other = direct()) {
      Table table = wh.createTable("events", EVENTS);
      Snapshot[] theirs = new Snapshot[1];
      proxy.inject(COMMIT_PUT, FORWARD_THEN_DROP, 1,
          () -> theirs[0] = other.loadTable("events").appendRecords(batch("theirs", 3)));
      Snapshot ours = table.appendRecords(batch("ours", 4));
      assertEquals(theirs[0].snapshotId(), ours.parentId());
      assertEquals(List.of("FORWARD_THEN_DROP"),
          proxy.injected().stream().map(s -> s.split(" ")[0]).toList());
      assertEquals(1, proxy.seen().stream()
          .filter(r -> r.matches("^PUT /[^ ]*/events/metadata/v3\\.metadata\\.json$")).count());
      assertExactlyOnce(ours, Map.of("ours", 4L, "theirs", 3L), 2);
    }
  }

  @Test
  void aFailedPartAbortsTheMultipartUploadAndLeavesNothing() throws IOException {
    try (Warehouse wh = viaProxy(S3Settings.MAX_ATTEMPTS, "2",
        S3Settings.PART_SIZE, Long.toString(5L * 1024 * 1024))) {
      proxy.inject("^PUT /[^ ]*/big\\.bin\\?.*partNumber=2", SLOW_DOWN_503, 2);
      PositionOutputStream out = wh.backend().create("t/big.bin");
      byte[] chunk = new byte[1024 * 1024];
      new Random(1).nextBytes(chunk);
      IOException e = assertThrows(IOException.class, () -> {
        for (int i = 0; i < 12; i++) {
          out.write(chunk);
        }
        out.close();
      });
      assertEquals(true, e.getMessage().contains("SlowDown (HTTP 503)"), e.getMessage());
      assertEquals(List.of(), wh.backend().list(""));
      assertEquals(1, proxy.seen().stream().filter(r -> r.contains("?uploads")).count());
      assertEquals(1, proxy.seen().stream().filter(r -> r.startsWith("DELETE ")
          && r.contains("uploadId=")).count(), "AbortMultipartUpload sent");
      ListMultipartUploadsResponse uploads =
          S3TestServer.get().admin().listMultipartUploads(b -> b.bucket(bucket));
      assertEquals(List.of(), uploads.uploads());
    }
  }

  /** 409 ConditionalRequestConflict: a concurrent conditional write is in flight; retry it. */
  @Test
  void conditionalRequestConflictRetriesTheSameWrite() {
    try (Warehouse wh = viaProxy()) {
      wh.backend().put("warm-up", new byte[1]); // the conditional-write probe, before the fault
      proxy.inject("^PUT /[^ ]*/t/v1\\.metadata\\.json$", FaultProxy.Fault.CONFLICT_409, 2);
      assertEquals(true, wh.backend().putIfAbsent("t/v1.metadata.json", new byte[] {1}));
      assertEquals(3, proxy.seen().stream().filter(r -> r.endsWith("/t/v1.metadata.json")).count());
      assertEquals(false, wh.backend().putIfAbsent("t/v1.metadata.json", new byte[] {2}));
    }
  }

  @Test
  void conditionalRequestConflictThatNeverEndsIsAStorageException() {
    try (Warehouse wh = viaProxy()) {
      wh.backend().put("warm-up", new byte[1]);
      proxy.inject("^PUT /[^ ]*/t/v1\\.metadata\\.json$", FaultProxy.Fault.CONFLICT_409, 100);
      io.datashard.exceptions.StorageException e = assertThrows(
          io.datashard.exceptions.StorageException.class,
          () -> wh.backend().putIfAbsent("t/v1.metadata.json", new byte[] {1}));
      assertEquals("Failed to write (put-if-absent) s3://" + bucket + "/wh/t/v1.metadata.json at "
          + proxy.endpoint() + ": ConditionalRequestConflict (HTTP 409): A conflicting conditional"
          + " operation is currently in progress against this resource.", e.getMessage());
      assertEquals(10, proxy.seen().stream().filter(r -> r.endsWith("/t/v1.metadata.json")).count());
    }
  }
}

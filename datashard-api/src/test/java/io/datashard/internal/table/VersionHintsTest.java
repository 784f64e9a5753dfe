package io.datashard.internal.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataShardConfig;
import io.datashard.Schema;
import io.datashard.Table;
import io.datashard.Warehouse;
import io.datashard.spi.ObjectInfo;
import io.datashard.spi.PositionOutputStream;
import io.datashard.spi.SeekableInputStream;
import io.datashard.spi.StorageBackend;
import io.datashard.testing.InMemoryStorageBackend;
import io.datashard.types.Types;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Version hints are written in the background (DESIGN §4 step 4): the newest version only, never
 * an older number after a newer one, and drained by {@link Warehouse#awaitBackgroundWrites()}.
 */
class VersionHintsTest {
  private static final Schema SCHEMA = Schema.builder().required("id", Types.LONG).build();

  private static String hint(String table) {
    return table + "/metadata/version-hint.text";
  }

  /** Records the values written to hints, in the order the writes happened. */
  private static final class HintRecorder implements StorageBackend {
    final StorageBackend d = new InMemoryStorageBackend();
    final List<String> hints = new CopyOnWriteArrayList<>();

    @Override public String type() { return d.type(); }
    @Override public String uri(String key) { return d.uri(key); }
    @Override public String keyOf(String uri) { return d.keyOf(uri); }
    @Override public boolean putIfAbsent(String key, byte[] c) { return d.putIfAbsent(key, c); }
    @Override public PositionOutputStream create(String key) { return d.create(key); }
    @Override public byte[] read(String key) { return d.read(key); }
    @Override public byte[] readRange(String k, long o, int l) { return d.readRange(k, o, l); }
    @Override public SeekableInputStream open(String key) { return d.open(key); }
    @Override public Optional<ObjectInfo> stat(String key) { return d.stat(key); }
    @Override public List<ObjectInfo> list(String prefix) { return d.list(prefix); }
    @Override public void delete(Collection<String> keys) { d.delete(keys); }
    @Override public void close() { d.close(); }

    @Override
    public void put(String key, byte[] content) {
      d.put(key, content);
      if (key.endsWith("version-hint.text")) {
        hints.add(new String(content, StandardCharsets.US_ASCII));
      }
    }
  }

  @Test
  void racingCommitsLeaveTheNewestVersionInTheHintAndItNeverGoesBack() throws Exception {
    HintRecorder backend = new HintRecorder();
    try (Warehouse wh = Warehouse.of(backend,
        DataShardConfig.builder().set("commit.jvm.lock", "false").build())) {
      wh.createTable("racing", SCHEMA);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
          done.add(pool.submit(() -> {
            Table t = wh.loadTable("racing");
            for (int i = 0; i < 10; i++) {
              t.appendRecords(List.of(Map.of("id", (long) i)));
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      wh.awaitBackgroundWrites();
      assertEquals("41", new String(backend.read(hint("racing")), StandardCharsets.US_ASCII));
      List<Integer> written = backend.hints.stream().map(Integer::parseInt).toList();
      for (int i = 1; i < written.size(); i++) {
        assertTrue(written.get(i) > written.get(i - 1), "hint went back: " + written);
      }
      assertEquals(41, written.get(written.size() - 1));
      assertEquals(41, wh.loadTable("racing").snapshots().size() + 1);
    }
  }

  @Test
  void aDroppedAndRecreatedTableGetsTheHintOfItsFirstVersion() {
    HintRecorder backend = new HintRecorder();
    try (Warehouse wh = Warehouse.of(backend, DataShardConfig.builder().build())) {
      Table t = wh.createTable("again", SCHEMA);
      t.appendRecords(List.of(Map.of("id", 1L)));
      t.appendRecords(List.of(Map.of("id", 2L)));
      wh.awaitBackgroundWrites();
      assertEquals("3", new String(backend.read(hint("again")), StandardCharsets.US_ASCII));
      assertEquals(true, wh.dropTable("again", true));
      Table recreated = wh.createTable("again", SCHEMA);
      wh.awaitBackgroundWrites();
      assertEquals("1", new String(backend.read(hint("again")), StandardCharsets.US_ASCII));
      // The re-created table commits on its own v1, not on the dropped table's last version.
      recreated.appendRecords(List.of(Map.of("id", 3L)));
      wh.awaitBackgroundWrites();
      assertEquals("2", new String(backend.read(hint("again")), StandardCharsets.US_ASCII));
      assertEquals(1, wh.loadTable("again").scan().toRecords().size());
    }
  }

  @Test
  void closeWritesTheLastHint() {
    HintRecorder backend = new HintRecorder();
    Warehouse wh = Warehouse.of(backend, DataShardConfig.builder().build());
    Table t = wh.createTable("closing", SCHEMA);
    t.appendRecords(List.of(Map.of("id", 1L)));
    wh.close();
    assertEquals("2", new String(backend.d.read(hint("closing")), StandardCharsets.US_ASCII));
  }
}

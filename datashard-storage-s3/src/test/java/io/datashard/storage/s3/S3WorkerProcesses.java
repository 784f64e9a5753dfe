package io.datashard.storage.s3;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Starts {@link S3AppendWorker} JVMs with this test's class path and collects their output. */
final class S3WorkerProcesses {
  private S3WorkerProcesses() {}

  /** A running worker and the lines it has printed so far. */
  static final class Worker {
    final Process process;
    final List<String> committed = new CopyOnWriteArrayList<>();
    private final StringBuilder other = new StringBuilder();
    final Thread pump;

    Worker(Process process) {
      this.process = process;
      this.pump = new Thread(this::pump, "worker-output");
      pump.setDaemon(true);
      pump.start();
    }

    private void pump() {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith("COMMITTED ")) {
            committed.add(line.substring("COMMITTED ".length()));
          } else {
            synchronized (other) {
              other.append(line).append('\n');
            }
          }
        }
      } catch (IOException e) {
        synchronized (other) {
          other.append("(output closed: ").append(e.getMessage()).append(")\n");
        }
      }
    }

    String output() {
      synchronized (other) {
        return other.toString();
      }
    }
  }

  static Worker start(URI endpoint, String bucket, String prefix, String table, String tag,
      int commits, int rows) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(S3AppendWorker.class.getName());
    cmd.add(endpoint.toString());
    cmd.add(bucket);
    cmd.add(prefix);
    cmd.add(table);
    cmd.add(tag);
    cmd.add(Integer.toString(commits));
    cmd.add(Integer.toString(rows));
    return new Worker(new ProcessBuilder(cmd).redirectErrorStream(true).start());
  }
}

package io.datashard.examples;

import io.datashard.DataShard;
import io.datashard.Table;
import io.datashard.TableScan;
import io.datashard.export.ScanExport;
import io.datashard.expressions.Expressions;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Exports a filtered snapshot of the quickstart's table to an Arrow IPC file that pandas, polars
 * and DuckDB open directly:
 *
 * <pre>
 *   java --add-opens=java.base/java.nio=ALL-UNNAMED \
 *        -cp examples/target/datashard-quickstart.jar io.datashard.examples.ArrowExport logins.arrow
 *   python -c "import pyarrow.ipc as ipc; print(ipc.open_file('logins.arrow').read_pandas())"
 * </pre>
 *
 * Run the quickstart first so the table exists; configured by {@code DATASHARD_*} like it.
 */
public final class ArrowExport {
  private ArrowExport() {}

  public static void main(String[] args) throws Exception {
    Path target = Path.of(args.length > 0 ? args[0] : "logins.arrow");
    Table table = DataShard.loadTable("quickstart/user_events");
    TableScan logins = table.scan()
        .select("user_id", "ts", "amount")
        .filter(Expressions.equal("event", "login"));
    long rows;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target))) {
      rows = ScanExport.arrowFile(logins, out);
    }
    System.out.printf("Exported %d login rows of snapshot %d to %s (%d bytes)%n", rows,
        logins.snapshot().snapshotId(), target.toAbsolutePath(), Files.size(target));
  }
}

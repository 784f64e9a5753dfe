package io.datashard.it;

import io.datashard.DataShard;
import io.datashard.Table;
import java.util.List;
import java.util.Map;

/**
 * Uses only the environment-configured static facade, as a user's program would: run by {@link
 * EnvironmentConfigTest} in a child JVM whose environment sets {@code DATASHARD_LOCAL_ROOT}.
 */
public final class EnvFacadeMain {
  private EnvFacadeMain() {}

  public static void main(String[] args) {
    System.out.println("exists-before " + DataShard.tableExists("env/events"));
    Table t = DataShard.createTable("env/events", Fixtures.EVENTS);
    t.appendRecords(List.of(Map.of("user_id", 1L, "event", "login")));
    DataShard.createTable("env/scratch", Fixtures.EVENTS);
    System.out.println("tables " + DataShard.listTables());
    System.out.println("rows " + DataShard.loadTable("env/events").scan().toRecords().size());
    System.out.println("dropped " + DataShard.dropTable("env/scratch", true));
    System.out.println("tables " + DataShard.listTables());
    System.out.println("location " + t.location());
  }
}

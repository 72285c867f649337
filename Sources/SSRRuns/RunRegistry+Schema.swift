import GRDB

extension RunRegistry {
  /// The schema, one migration per change; a database is brought up to date when opened.
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1: runs, epochs, studies") { db in
      try db.create(table: "study") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("name", .text).notNull().unique()
        t.column("model", .text).notNull()
        t.column("fingerprint", .text).notNull()
        t.column("seed", .integer).notNull()
        t.column("trials", .integer).notNull()
        t.column("settings", .text).notNull()
        t.column("tool", .text).notNull()
        t.column("createdAt", .datetime).notNull()
        t.column("updatedAt", .datetime).notNull()
      }
      try db.create(table: "run") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("kind", .text).notNull().indexed()
        t.column("state", .text).notNull()
        t.column("model", .text).notNull().indexed()
        t.column("datasetName", .text).notNull()
        t.column("fingerprint", .text).notNull()
        t.column("dataset", .text).notNull()
        t.column("configuration", .text).notNull()
        t.column("seed", .integer)
        t.column("shuffleSeed", .integer)
        t.column("parameters", .text)
        t.column("studyID", .integer).references("study", onDelete: .cascade)
        t.column("trial", .integer)
        t.column("parent", .integer).references("run", onDelete: .setNull)
        t.column("part", .text)
        t.column("metrics", .text)
        t.column("value", .double)
        t.column("steps", .text)
        t.column("energy", .double)
        t.column("epochs", .integer)
        t.column("bestEpoch", .integer)
        t.column("seconds", .double)
        t.column("tool", .text).notNull()
        t.column("source", .text)
        t.column("startedAt", .datetime).notNull()
        t.column("endedAt", .datetime)
        t.column("error", .text)
        t.column("host", .text).notNull()
        t.column("pid", .integer).notNull()
      }
      try db.create(index: "run_study_trial", on: "run", columns: ["studyID", "trial"])
      // A study counts each trial once: at most one finished attempt per trial number.
      try db.execute(
        sql: """
          CREATE UNIQUE INDEX run_finished_trial ON run(studyID, trial)
          WHERE studyID IS NOT NULL AND state IN ('complete', 'failed', 'pruned')
          """)
      try db.create(table: "epoch") { t in
        t.column("runID", .integer).notNull().references("run", onDelete: .cascade)
        t.column("epoch", .integer).notNull()
        t.column("loss", .double)
        t.column("metrics", .text).notNull()
        t.column("seconds", .double).notNull()
        t.primaryKey(["runID", "epoch"])
      }
    }
    return migrator
  }
}

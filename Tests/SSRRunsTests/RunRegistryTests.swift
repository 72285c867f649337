import Foundation
import GRDB
import Testing

@testable import SSRRuns

/// A scratch folder removed at the end of a test.
final class Scratch {
  let path: String

  init() {
    path = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-runs-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }
}

func sampleRun(_ kind: RunKind = .train, model: String = "sasrec", dataset: String = "toy", seed: Int64 = 1, config: String = "{\"lr\":0.001}")
  -> RunRecord
{
  RunRecord(
    kind: kind, model: model, datasetName: dataset, fingerprint: "f00d", dataset: "{\"name\":\"\(dataset)\"}", configuration: config, seed: seed,
    tool: "test")
}

@Suite("Run registry: schema, records, queries, errors")
struct RunRegistryTests {
  @Test("A new registry is a WAL database with the migrated schema, created with its folder")
  func schema() throws {
    let scratch = Scratch()
    let path = scratch.path + "/nested/runs.sqlite"
    let registry = try RunRegistry(path: path)
    #expect(FileManager.default.fileExists(atPath: path))
    let queue = try DatabaseQueue(path: path)
    let mode = try queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
    #expect(mode == "wal")
    let tables = try queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") }
    #expect(Set(["run", "epoch", "study", "grdb_migrations"]).isSubset(of: Set(tables)))
    let migrations = try queue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
    #expect(migrations == ["v1: runs, epochs, studies"])
    // Opening again migrates nothing and keeps what is there.
    try registry.insert(sampleRun())
    #expect(try RunRegistry(path: path).runs().count == 1)
  }

  @Test("Runs and epochs round-trip; queries filter by kind, model, dataset, state and study, newest first")
  func insertAndQuery() throws {
    let scratch = Scratch()
    let registry = try RunRegistry(path: scratch.path + "/runs.sqlite")
    var first = try registry.insert(sampleRun(.train, model: "sasrec"))
    first.state = .complete
    first.metrics = JSONValues.object([("hr10", 0.5), ("ndcg10", 0.25)])
    first.seconds = 1.5
    first.endedAt = Date()
    try registry.update(first)
    try registry.addEpoch(EpochRecord(runID: first.id!, epoch: 1, loss: 3.0, metrics: JSONValues.object([("hr10", 0.4)]), seconds: 0.7))
    try registry.addEpoch(EpochRecord(runID: first.id!, epoch: 2, loss: 2.0, metrics: JSONValues.object([("hr10", 0.5)]), seconds: 0.8))
    try registry.insert(sampleRun(.sweep, model: "sfsrec", dataset: "other"))
    try registry.insert(sampleRun(.evaluate, model: "sasrec"))

    let stored = try #require(try registry.run(id: first.id!))
    #expect(stored.state == .complete && stored.metricValues == ["hr10": 0.5, "ndcg10": 0.25] && stored.seconds == 1.5)
    #expect(try registry.epochs(ofRun: first.id!).map(\.loss) == [3.0, 2.0])
    #expect(try registry.runs().map(\.kind) == [.evaluate, .sweep, .train])
    #expect(try registry.runs(RunQuery(oldestFirst: true)).map(\.kind) == [.train, .sweep, .evaluate])
    #expect(try registry.runs(RunQuery(kind: .train)).map(\.id) == [first.id])
    #expect(try registry.runs(RunQuery(models: ["sasrec"])).count == 2)
    #expect(try registry.runs(RunQuery(datasetName: "other")).map(\.model) == ["sfsrec"])
    #expect(try registry.runs(RunQuery(states: [.complete])).map(\.id) == [first.id])
    #expect(try registry.runs(RunQuery(limit: 1)).count == 1)
    #expect(try registry.runs(RunQuery(study: "none")).isEmpty)
  }

  @Test("Runs left running by a process that no longer exists are marked interrupted when the registry is opened")
  func deadRuns() throws {
    let scratch = Scratch()
    let path = scratch.path + "/runs.sqlite"
    let registry = try RunRegistry(path: path)
    var dead = sampleRun()
    dead.pid = Int32.max - 1  // no such process
    let orphan = try registry.insert(dead)
    let mine = try registry.insert(sampleRun())
    _ = try RunRegistry(path: path)
    #expect(try registry.run(id: orphan.id!)?.state == .interrupted)
    #expect(try registry.run(id: mine.id!)?.state == .running)
  }

  @Test("A study is created once, resumed with the same settings, refused with others; one finished attempt per trial")
  func studies() throws {
    let scratch = Scratch()
    let registry = try RunRegistry(path: scratch.path + "/runs.sqlite")
    let settings = "{\"sampler\":\".tpe\",\"space\":\"{lr: …}\"}"
    let study = StudyRecord(name: "s", model: "sasrec", fingerprint: "f00d", seed: 7, trials: 3, settings: settings, tool: "test")
    let created = try registry.openStudy(study)
    var longer = study
    longer.trials = 5
    let resumed = try registry.openStudy(longer)
    #expect(resumed.id == created.id && resumed.trials == 5)
    var other = study
    other.settings = "{\"sampler\":\".random\",\"space\":\"{lr: …}\"}"
    other.seed = 8
    let error = #expect(throws: RunRegistryError.self) { try registry.openStudy(other) }
    #expect(error?.kind == .studyMismatch)
    #expect(error?.message.contains("seed: 7, now 8") == true)
    #expect(error?.message.contains("sampler: .tpe, now .random") == true)

    var attempt = sampleRun(.trial)
    attempt.studyID = created.id
    attempt.trial = 1
    var cut = try registry.insert(attempt)
    #expect(try registry.interruptRunningTrials(ofStudy: created.id!) == [1])
    cut = try #require(try registry.run(id: cut.id!))
    #expect(cut.state == .interrupted)
    var finished = try registry.insert(attempt)
    finished.state = .complete
    try registry.update(finished)
    // A second finished attempt of trial 1 is refused by the database itself.
    var duplicate = attempt
    duplicate.state = .complete
    #expect(throws: RunRegistryError.self) { try registry.insert(duplicate) }
    #expect(try registry.trials(ofStudy: created.id!).map(\.state) == [.interrupted, .complete])
    #expect(try registry.runs(RunQuery(study: "s")).count == 2)
  }

  @Test("A study's lock is exclusive until released, within a process too")
  func studyLock() throws {
    let scratch = Scratch()
    let registry = try RunRegistry(path: scratch.path + "/runs.sqlite")
    let study = try registry.openStudy(StudyRecord(name: "s", model: "m", fingerprint: "f", seed: 1, trials: 1, settings: "{}", tool: "t"))
    var lock: StudyLock? = try registry.lockStudy(study)
    let error = #expect(throws: RunRegistryError.self) { try registry.lockStudy(study) }
    #expect(error?.kind == .studyBusy)
    #expect(lock != nil)
    lock = nil
    #expect(throws: Never.self) { _ = try registry.lockStudy(study) }
  }

  @Test("Several writers at once: every run is recorded, none lost")
  func concurrentWriters() async throws {
    let scratch = Scratch()
    let path = scratch.path + "/runs.sqlite"
    _ = try RunRegistry(path: path)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for writer in 0..<4 {
        group.addTask {
          let registry = try RunRegistry(path: path)  // its own connections, as another process would have
          for index in 0..<25 {
            var run = try registry.insert(sampleRun(seed: Int64(writer * 100 + index)))
            run.state = .complete
            try registry.update(run)
          }
        }
      }
      try await group.waitForAll()
    }
    let runs = try RunRegistry(path: path).runs(RunQuery(states: [.complete]))
    #expect(runs.count == 100)
    #expect(Set(runs.compactMap(\.seed)).count == 100)
  }

  @Test("A file that is not a database, a locked database and a newer schema give errors that say what to do")
  func errors() throws {
    let scratch = Scratch()
    let garbage = scratch.path + "/garbage.sqlite"
    try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: garbage))
    let notDatabase = #expect(throws: RunRegistryError.self) { try RunRegistry(path: garbage) }
    #expect(notDatabase?.kind == .notADatabase)
    #expect(notDatabase?.message.contains("is not a SQLite database or is damaged") == true)
    #expect(notDatabase?.message.contains("SSR_RUNS") == true)

    let path = scratch.path + "/runs.sqlite"
    let registry = try RunRegistry(path: path, busyTimeout: 0.2)
    // Another connection holds the write lock while the registry tries to write.
    let other = try DatabaseQueue(path: path)
    try other.writeWithoutTransaction { db in
      try db.execute(sql: "BEGIN IMMEDIATE")
      let locked = #expect(throws: RunRegistryError.self) { try registry.insert(sampleRun()) }
      #expect(locked?.kind == .locked)
      #expect(locked?.message.contains("is locked by another process") == true)
      try db.execute(sql: "ROLLBACK")
    }
    #expect(throws: Never.self) { try registry.insert(sampleRun()) }

    try other.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')") }
    let newer = #expect(throws: RunRegistryError.self) { try RunRegistry(path: path) }
    #expect(newer?.kind == .newerSchema)

    let unwritable = #expect(throws: RunRegistryError.self) { try RunRegistry(path: "/proc/ssr-no/runs.sqlite") }
    #expect(unwritable?.kind == .cannotOpen)
  }

  @Test("The default path is $SSR_RUNS, else .ssr-cache/runs.sqlite")
  func defaultPath() {
    #expect(RunRegistry.defaultPath(environment: [:]) == ".ssr-cache/runs.sqlite")
    #expect(RunRegistry.defaultPath(environment: ["SSR_RUNS": ""]) == ".ssr-cache/runs.sqlite")
    #expect(RunRegistry.defaultPath(environment: ["SSR_RUNS": "/tmp/x.sqlite"]) == "/tmp/x.sqlite")
  }

  @Test("Number objects are written in order and read back exactly; NaN becomes null")
  func numbers() {
    let text = JSONValues.object([("b", 0.1 + 0.2), ("a", 1e-5), ("n", .nan)])
    #expect(text == "{\"b\":0.30000000000000004,\"a\":1e-05,\"n\":null}")
    #expect(JSONValues.numbers(text) == ["b": 0.1 + 0.2, "a": 1e-5])
    #expect(JSONValues.optionalNumbers(text)["n"] == .some(nil))
  }
}

import Foundation
import GRDB
import SSRCore

/// The run registry: every training, evaluation, comparison, sweep run and tuning trial, with its
/// data, configuration, metrics and timing, in one SQLite database.
///
/// The database is in WAL mode (readers never wait for the writer, several processes can record
/// at once), each change is one transaction, so a process killed at any moment leaves it
/// consistent, and its schema is brought up to date by migrations when it is opened. It lives at
/// ``defaultPath(environment:)`` unless told otherwise.
///
///     let registry = try RunRegistry(path: RunRegistry.defaultPath())
///     let recent = try registry.runs(RunQuery(kind: .train, limit: 10))
public final class RunRegistry: Sendable {
  /// The environment variable naming the database file.
  public static let environmentVariable = "SSR_RUNS"
  /// Where the database is by default, relative to the working directory (beside the other caches).
  public static let defaultRelativePath = ".ssr-cache/runs.sqlite"

  /// `$SSR_RUNS` when set and not empty, otherwise ``defaultRelativePath``.
  public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    if let path = environment[environmentVariable], !path.isEmpty { return path }
    return defaultRelativePath
  }

  /// The database file.
  public let path: String
  private let pool: DatabasePool

  /// Opens (or creates) the registry at `path`, creating its folder, and migrates its schema.
  ///
  /// Runs this machine's processes left `running` when they died are marked `interrupted`.
  ///
  /// - Parameter busyTimeout: how long a write waits for another process's write to end before
  ///   it fails with ``RunRegistryError/Kind/locked``.
  /// - Throws: ``RunRegistryError`` when the file cannot be opened, is not a SQLite database, was
  ///   written by a newer SSR, or stays locked.
  public init(path: String, busyTimeout: Double = 10) throws(RunRegistryError) {
    self.path = path
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
      do {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      } catch {
        throw RunRegistryError(
          .cannotOpen,
          "cannot create the folder of the run registry \(path): \(error.localizedDescription); "
            + "choose another place with --runs or \(Self.environmentVariable)")
      }
    }
    var configuration = Configuration()
    configuration.busyMode = .timeout(busyTimeout)
    configuration.foreignKeysEnabled = true
    configuration.label = "ssr-runs"
    let opened: DatabasePool
    do {
      opened = try DatabasePool(path: path, configuration: configuration)
    } catch {
      throw Self.translate(error, path: path, doing: "open")
    }
    pool = opened
    try write("migrate") { db in
      let migrator = Self.migrator
      if try migrator.hasBeenSuperseded(db) {
        throw RunRegistryError(
          .newerSchema,
          "the run registry \(path) was written by a newer SSR (its schema has migrations this version does not know); "
            + "use that SSR, or another registry with --runs or \(Self.environmentVariable)")
      }
    }
    do {
      try Self.migrator.migrate(pool)
    } catch {
      throw Self.translate(error, path: path, doing: "migrate")
    }
    try interruptDeadRuns()
  }

  /// Closes the database's connections now (they are otherwise closed when the registry is
  /// deinitialised, on whichever thread releases it last). Call it before the process exits;
  /// the registry cannot be used afterwards.
  public func close() {
    try? pool.close()
  }

  // MARK: - Runs

  /// Inserts a run and returns it with its id.
  @discardableResult
  public func insert(_ run: RunRecord) throws(RunRegistryError) -> RunRecord {
    var run = run
    try write("record a run") { db in try run.insert(db) }
    return run
  }

  /// Replaces a recorded run's row with `run` (matched by id).
  public func update(_ run: RunRecord) throws(RunRegistryError) {
    try write("update a run") { db in try run.update(db) }
  }

  /// Records (or replaces) one epoch of a run.
  public func addEpoch(_ epoch: EpochRecord) throws(RunRegistryError) {
    try write("record an epoch") { db in try epoch.upsert(db) }
  }

  /// The run with id `id`, if any.
  public func run(id: Int64) throws(RunRegistryError) -> RunRecord? {
    try read { db in try RunRecord.fetchOne(db, key: id) }
  }

  /// The epochs of run `id`, in order.
  public func epochs(ofRun id: Int64) throws(RunRegistryError) -> [EpochRecord] {
    try read { db in
      try EpochRecord.filter(Column("runID") == id).order(Column("epoch")).fetchAll(db)
    }
  }

  /// The runs that match `query`, newest first (or as the query orders them).
  public func runs(_ query: RunQuery = RunQuery()) throws(RunRegistryError) -> [RunRecord] {
    try read { db in
      var request = RunRecord.all()
      if let kinds = query.kinds { request = request.filter(kinds.map(\.rawValue).contains(Column("kind"))) }
      if let models = query.models { request = request.filter(models.contains(Column("model"))) }
      if let name = query.datasetName { request = request.filter(Column("datasetName") == name) }
      if let fingerprint = query.fingerprint { request = request.filter(Column("fingerprint") == fingerprint) }
      if let states = query.states { request = request.filter(states.map(\.rawValue).contains(Column("state"))) }
      if let study = query.study {
        guard let id = try StudyRecord.filter(Column("name") == study).fetchOne(db)?.id else { return [] }
        request = request.filter(Column("studyID") == id)
      }
      request = request.order(query.oldestFirst ? Column("id").asc : Column("id").desc)
      if let limit = query.limit { request = request.limit(limit) }
      return try request.fetchAll(db)
    }
  }

  /// Marks the runs left `running` by processes of this machine that no longer exist as
  /// `interrupted`; returns how many there were.
  @discardableResult
  public func interruptDeadRuns() throws(RunRegistryError) -> Int {
    try write("mark dead runs") { db in
      let running = try RunRecord.filter(Column("state") == RunState.running.rawValue && Column("host") == ProcessIdentity.host)
        .fetchAll(db)
      var count = 0
      for var run in running where !ProcessIdentity.isAlive(run.pid) {
        run.state = .interrupted
        run.endedAt = Date()
        try run.update(db)
        count += 1
      }
      return count
    }
  }

  // MARK: - Studies

  /// The study named `name`, if any.
  public func study(named name: String) throws(RunRegistryError) -> StudyRecord? {
    try read { db in try StudyRecord.filter(Column("name") == name).fetchOne(db) }
  }

  /// The name of the study with id `id`, if any.
  public func studyName(id: Int64) throws(RunRegistryError) -> String? {
    try read { db in try StudyRecord.fetchOne(db, key: id)?.name }
  }

  /// The stored study of `study`'s name, or `study` inserted when there is none.
  ///
  /// A stored study is resumed only when its model, data, seed and settings are those of `study`;
  /// its trial count becomes `study`'s.
  ///
  /// - Throws: ``RunRegistryError/Kind/studyMismatch`` naming what differs.
  public func openStudy(_ study: StudyRecord) throws(RunRegistryError) -> StudyRecord {
    let path = self.path
    return try write("open a study") { db in
      guard var stored = try StudyRecord.filter(Column("name") == study.name).fetchOne(db) else {
        var created = study
        try created.insert(db)
        return created
      }
      var differences: [String] = []
      if stored.model != study.model { differences.append("model: .\(stored.model), now .\(study.model)") }
      if stored.fingerprint != study.fingerprint {
        differences.append("data: fingerprint \(stored.fingerprint.prefix(12)), now \(study.fingerprint.prefix(12))")
      }
      if stored.seed != study.seed { differences.append("seed: \(stored.seed), now \(study.seed)") }
      differences += Self.settingDifferences(stored.settings, study.settings)
      guard differences.isEmpty else {
        throw RunRegistryError(
          .studyMismatch,
          "study \"\(study.name)\" in \(path) was run with other settings (\(differences.joined(separator: "; "))); "
            + "give the study another name to start a new one, or the same settings to resume it")
      }
      if stored.trials != study.trials {
        stored.trials = study.trials
        stored.updatedAt = Date()
        try stored.update(db)
      }
      return stored
    }
  }

  /// Every recorded attempt of the trials of study `id`, by trial number then attempt.
  public func trials(ofStudy id: Int64) throws(RunRegistryError) -> [RunRecord] {
    try read { db in
      try RunRecord.filter(Column("studyID") == id).order(Column("trial"), Column("id")).fetchAll(db)
    }
  }

  /// Marks the study's `running` trials `interrupted` (call it holding the study's lock, when no
  /// process can be running them); returns their trial numbers.
  @discardableResult
  public func interruptRunningTrials(ofStudy id: Int64) throws(RunRegistryError) -> [Int] {
    try write("mark interrupted trials") { db in
      let running = try RunRecord.filter(Column("studyID") == id && Column("state") == RunState.running.rawValue).fetchAll(db)
      for var run in running {
        run.state = .interrupted
        run.endedAt = Date()
        try run.update(db)
      }
      return running.compactMap(\.trial)
    }
  }

  /// Takes the lock that lets one process at a time run study `study`; it is released when the
  /// returned lock is released or deinitialised, or when the process ends (even by `kill -9`).
  ///
  /// - Throws: ``RunRegistryError/Kind/studyBusy`` while another process (or another call in this
  ///   one) runs the study.
  public func lockStudy(_ study: StudyRecord) throws(RunRegistryError) -> StudyLock {
    guard let id = study.id else { preconditionFailure("lockStudy takes a stored study") }
    return try StudyLock(path: path + "-locks/study-\(id).lock", studyName: study.name)
  }

  // MARK: - Transactions

  private func write<T>(_ action: String, _ body: (Database) throws -> T) throws(RunRegistryError) -> T {
    do {
      return try pool.write(body)
    } catch let error as RunRegistryError {
      throw error
    } catch {
      throw Self.translate(error, path: path, doing: action)
    }
  }

  private func read<T>(_ body: (Database) throws -> T) throws(RunRegistryError) -> T {
    do {
      return try pool.read(body)
    } catch {
      throw Self.translate(error, path: path, doing: "read")
    }
  }

  /// A registry error for a SQLite error: what it means for the user and what to do.
  static func translate(_ error: any Error, path: String, doing action: String) -> RunRegistryError {
    if let error = error as? RunRegistryError { return error }
    guard let error = error as? DatabaseError else {
      return RunRegistryError(.database, "the run registry \(path) failed to \(action): \(error)")
    }
    let detail = error.message ?? "\(error.resultCode)"
    switch error.resultCode.primaryResultCode {
    case .SQLITE_NOTADB, .SQLITE_CORRUPT:
      return RunRegistryError(
        .notADatabase,
        "the run registry \(path) is not a SQLite database or is damaged (SQLite: \(detail)); "
          + "move it aside to start a new one, or use another with --runs or \(RunRegistry.environmentVariable)")
    case .SQLITE_BUSY, .SQLITE_LOCKED:
      return RunRegistryError(
        .locked,
        "the run registry \(path) is locked by another process (SQLite: \(detail)); "
          + "wait for it to finish, or use another registry with --runs or \(RunRegistry.environmentVariable)")
    case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH:
      return RunRegistryError(
        .cannotOpen,
        "cannot \(action) the run registry \(path) (SQLite: \(detail)); check the path and its permissions, "
          + "or use another with --runs or \(RunRegistry.environmentVariable)")
    default:
      return RunRegistryError(.database, "the run registry \(path) failed to \(action) (SQLite: \(detail))")
    }
  }

  /// `key: stored, now new` for each setting that differs between two JSON objects of strings.
  static func settingDifferences(_ stored: String, _ new: String) -> [String] {
    let a = (JSONValues.parse(stored) ?? [:]).compactMapValues { $0 as? String }
    let b = (JSONValues.parse(new) ?? [:]).compactMapValues { $0 as? String }
    return Set(a.keys).union(b.keys).sorted().compactMap { key in
      a[key] == b[key] ? nil : "\(key): \(a[key] ?? "none"), now \(b[key] ?? "none")"
    }
  }
}

import Foundation
import GRDB
import SSRCore

/// The server's SQLite database (WAL mode) in its data directory: items with their side
/// information, one item feature matrix, exported models, and the events devices report.
///
/// Every write is one transaction: an acknowledged write survives the process being killed.
public final class ItemDatabase: Sendable {
  /// The database file's name inside the data directory.
  public static let fileName = "items.sqlite"
  /// Names that models are served under: a letter or digit, then up to 63 of `a-z 0-9 . _ -`.
  public static func isValidModelName(_ name: String) -> Bool {
    guard let first = name.utf8.first, name.utf8.count <= 64 else { return false }
    let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-".utf8)
    return (first != UInt8(ascii: ".") && first != UInt8(ascii: "-") && first != UInt8(ascii: "_")) && name.utf8.allSatisfy(allowed.contains)
  }

  private let pool: DatabasePool
  /// The database file.
  public let path: String

  /// Opens (creating when `create`) the database in `directory` and brings its schema up to date.
  ///
  /// - Throws: ``ServerSetupError`` when the directory or file cannot be opened.
  public init(directory: String, create: Bool = false) throws(ServerSetupError) {
    let file = URL(fileURLWithPath: directory).appendingPathComponent(Self.fileName).path
    path = file
    if create {
      do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      } catch {
        throw ServerSetupError("cannot create the data directory \(directory): \(error.localizedDescription)")
      }
    } else if !FileManager.default.fileExists(atPath: file) {
      throw ServerSetupError("\(directory) holds no item database (\(Self.fileName)); build one with `ssr-serve init --data \(directory) --model EXPORT`")
    }
    var configuration = Configuration()
    configuration.busyMode = .timeout(5)
    configuration.prepareDatabase { db in
      try db.execute(sql: "PRAGMA synchronous = FULL")
    }
    do {
      pool = try DatabasePool(path: file, configuration: configuration)
      try Self.migrator.migrate(pool)
    } catch {
      throw ServerSetupError("cannot open the item database \(file): \(error)")
    }
  }

  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE info (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
          CREATE TABLE item (id INTEGER PRIMARY KEY NOT NULL, rawId TEXT NOT NULL UNIQUE, title TEXT, genres TEXT NOT NULL);
          CREATE TABLE feature (itemId INTEGER PRIMARY KEY NOT NULL REFERENCES item(id), vector BLOB NOT NULL);
          CREATE TABLE model (
            name TEXT PRIMARY KEY NOT NULL, model TEXT NOT NULL, dtype TEXT NOT NULL, config BLOB NOT NULL,
            weights BLOB NOT NULL, sha256 TEXT NOT NULL);
          CREATE TABLE event (
            id INTEGER PRIMARY KEY AUTOINCREMENT, item INTEGER NOT NULL REFERENCES item(id), kind TEXT NOT NULL,
            receivedAt REAL NOT NULL);
          """)
    }
    return migrator
  }

  // MARK: - Writing (ssr-serve init)

  /// Replaces the catalogue with `items` (ids 1…N) and records the dataset's name.
  public func replaceItems(_ items: [ItemRecord], dataset: String) throws {
    try pool.write { db in
      try db.execute(sql: "DELETE FROM event; DELETE FROM feature; DELETE FROM item")
      for item in items {
        try db.execute(
          sql: "INSERT INTO item (id, rawId, title, genres) VALUES (?, ?, ?, ?)",
          arguments: [item.id, item.rawID, item.title, String(decoding: try JSONEncoder().encode(item.genres), as: UTF8.self)])
      }
      try db.execute(sql: "INSERT OR REPLACE INTO info (key, value) VALUES ('dataset', ?)", arguments: [dataset])
    }
  }

  /// Replaces the item features: row `i − 1` of `matrix` (`width` floats each) belongs to item `i`.
  public func replaceFeatures(_ matrix: [Float], width: Int, name: String) throws {
    try pool.write { db in
      try db.execute(sql: "DELETE FROM feature")
      let rows = matrix.count / width
      for row in 0..<rows {
        let bytes = matrix[(row * width)..<((row + 1) * width)].withUnsafeBytes { Data($0) }
        try db.execute(sql: "INSERT INTO feature (itemId, vector) VALUES (?, ?)", arguments: [row + 1, bytes])
      }
      try db.execute(sql: "INSERT OR REPLACE INTO info (key, value) VALUES ('featureWidth', ?)", arguments: [String(width)])
      try db.execute(sql: "INSERT OR REPLACE INTO info (key, value) VALUES ('featureName', ?)", arguments: [name])
    }
  }

  /// Stores an exported model (its config JSON and weights file) under `name`.
  public func storeModel(name: String, model: String, dtype: String, config: Data, weights: Data) throws {
    try pool.write { db in
      try db.execute(
        sql: "INSERT OR REPLACE INTO model (name, model, dtype, config, weights, sha256) VALUES (?, ?, ?, ?, ?, ?)",
        arguments: [name, model, dtype, config, weights, Self.sha256(weights)])
    }
  }

  /// Records device events (an item shown or chosen); returns the number of events now stored.
  public func addEvents(_ events: [(item: Int, kind: String)]) throws -> Int {
    try pool.write { db in
      let now = Date().timeIntervalSince1970
      for event in events {
        try db.execute(sql: "INSERT INTO event (item, kind, receivedAt) VALUES (?, ?, ?)", arguments: [event.item, event.kind, now])
      }
      return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0
    }
  }

  static func sha256(_ data: Data) -> String {
    var hasher = SHA256()
    data.withUnsafeBytes { hasher.update($0) }
    return hasher.finalize().hexString
  }

  // MARK: - Reading

  /// The number of items N.
  public func itemCount() throws -> Int {
    try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item") ?? 0 }
  }

  /// The dataset's name, as recorded by init.
  public func datasetName() throws -> String? {
    try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM info WHERE key = 'dataset'") }
  }

  /// The items with these ids, in the order asked (ids that do not exist are left out).
  public func items(_ ids: [Int]) throws -> [ItemRecord] {
    let found: [Int: ItemRecord] = try pool.read { db in
      var result: [Int: ItemRecord] = [:]
      for id in Set(ids) {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, rawId, title, genres FROM item WHERE id = ?", arguments: [id]) else {
          continue
        }
        let genres = (row["genres"] as String?).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
        result[id] = ItemRecord(id: row["id"], rawID: row["rawId"], title: row["title"], genres: genres)
      }
      return result
    }
    return ids.compactMap { found[$0] }
  }

  /// The feature width and the name of the feature set, or nil when the database has no features.
  public func featureInfo() throws -> (width: Int, name: String)? {
    try pool.read { db in
      guard let width = try String.fetchOne(db, sql: "SELECT value FROM info WHERE key = 'featureWidth'").flatMap({ Int($0) }) else {
        return nil
      }
      return (width, try String.fetchOne(db, sql: "SELECT value FROM info WHERE key = 'featureName'") ?? "features")
    }
  }

  /// The feature vectors of `ids`, back to back in the order asked; nil for an id without one.
  public func features(_ ids: [Int]) throws -> [Data?] {
    try pool.read { db in
      try ids.map { id in try Data.fetchOne(db, sql: "SELECT vector FROM feature WHERE itemId = ?", arguments: [id]) }
    }
  }

  /// Every stored model, by name.
  public func models() throws -> [ModelSummary] {
    try pool.read { db in
      try Row.fetchAll(db, sql: "SELECT name, model, dtype, length(weights) AS bytes, sha256 FROM model ORDER BY name").map {
        ModelSummary(name: $0["name"], model: $0["model"], dtype: $0["dtype"], bytes: $0["bytes"], sha256: $0["sha256"])
      }
    }
  }

  /// The config JSON of the model called `name`, or nil.
  public func modelConfig(_ name: String) throws -> Data? {
    try pool.read { db in try Data.fetchOne(db, sql: "SELECT config FROM model WHERE name = ?", arguments: [name]) }
  }

  /// The weights (safetensors bytes) of the model called `name`, or nil.
  public func modelWeights(_ name: String) throws -> Data? {
    try pool.read { db in try Data.fetchOne(db, sql: "SELECT weights FROM model WHERE name = ?", arguments: [name]) }
  }

  /// The number of events stored.
  public func eventCount() throws -> Int {
    try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0 }
  }

  /// Whether the database is in WAL mode.
  public func journalMode() throws -> String {
    try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
  }
}

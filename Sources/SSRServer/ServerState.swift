import Foundation
import SSRDevice
import Synchronization

/// What the handlers share: the database, the catalogue size read at start, and the runtimes of
/// server-side recommendation (loaded on first use, one request at a time each).
final class ServerState: Sendable {
  let database: ItemDatabase
  let configuration: ServerConfiguration
  let itemCount: Int
  let feature: (width: Int, name: String)?
  private let runtimes = Mutex<[String: DeviceRuntime]>([:])

  init(database: ItemDatabase, configuration: ServerConfiguration) throws {
    self.database = database
    self.configuration = configuration
    itemCount = try database.itemCount()
    feature = try database.featureInfo()
  }

  /// Ranks `history` with the stored model `name`, with the time the ranking took (not counting
  /// the model's loading on first use); nil when there is no such model.
  func recommend(model name: String, history: [Int32], k: Int) throws -> (items: [RankedItem], seconds: Double)? {
    try runtimes.withLock { (loaded: inout [String: DeviceRuntime]) throws -> (items: [RankedItem], seconds: Double)? in
      if loaded[name] == nil {
        guard let configData = try database.modelConfig(name), let weights = try database.modelWeights(name) else { return nil }
        let config = try ModelExport.decodeConfig(configData, origin: "model \(name)")
        let tensors = try ModelExport.decodeWeights(weights, origin: "model \(name)")
        loaded[name] = try DeviceRuntime(config: config, tensors: tensors, origin: "model \(name)")
      }
      let start = ContinuousClock.now
      let items = try loaded[name]!.recommend(history: history, k: k)
      let elapsed = ContinuousClock.now - start
      return (items, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
  }
}

import Foundation
import SSRDeviceClient

/// An `ssr-serve` started by `serve(…)` on a loopback port: it stops when the notebook's session
/// ends (or the process does).
final class ServerObject: NotebookObject {
  let server: LocalServer
  /// The names the models are served under, in order.
  let models: [String]
  /// The dataset whose catalogue it serves, its item count and how many have a title.
  let dataset: String
  let items: Int
  let titled: Int
  /// The width of the served item features (nil: none).
  let featureWidth: Int?
  /// The folder of the exports and the data directory, removed with the object.
  let workspace: String

  init(server: LocalServer, models: [String], dataset: String, items: Int, titled: Int, featureWidth: Int?, workspace: String) {
    self.server = server
    self.models = models
    self.dataset = dataset
    self.items = items
    self.titled = titled
    self.featureWidth = featureWidth
    self.workspace = workspace
  }

  deinit {
    server.stop()
    try? FileManager.default.removeItem(atPath: workspace)
  }

  var typeName: String { "Server" }

  func render(style: RenderStyle) -> String {
    "ssr-serve on a loopback port: \(items) items of \(dataset) (\(titled) with titles), "
      + (featureWidth.map { "item features of width \($0)" } ?? "no item features") + ", models \(models.joined(separator: ", "))"
  }

  var memberNames: [String] { ["url", "models", "items", "resident"] }

  func member(_ name: String) throws(BuiltinError) -> Value? {
    switch name {
    case "url": return .string(server.url.absoluteString)
    case "models": return .list(models.map(Value.string))
    case "items": return .int(items)
    case "resident": return .int(server.residentBytes)
    default: return nil
    }
  }
}

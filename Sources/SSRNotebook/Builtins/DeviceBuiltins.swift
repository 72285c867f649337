import Foundation
import SSRCore
import SSRData
import SSRDevice
import SSRDeviceClient
import SSREval
import SSRModels
import SSRTensor

/// `serve` and `playDevice`: an item server on loopback and a device playing requests against it,
/// over the code of `ssr-serve` and `ssr-device`.
enum DeviceBuiltins {
  static var all: [Builtin] { [serve, playDevice] }

  static var serve: Builtin {
    Builtin(
      name: "serve", category: "Server–device",
      parameters: [
        .positional("models", .list(.object("Model")), doc: "trained models of one dataset, served under their names (.sgru4rec → sgru4rec)"),
        .labeled("on", .oneOf([.object("Split"), .object("SplitPart")]), optional: true,
          doc: "the split the models were trained on (default: the first model's; needed for models read from a checkpoint or the cell cache)"),
        .labeled("features", .object("Features"), optional: true, doc: "item features the server sends the device (its first modality)"),
        .labeled("precision", .symbol(choices: ExportPrecision.allCases.map(\.rawValue)), default: .symbol("float32"), doc: "the exported weights' type"),
      ],
      summary: "Exports models and starts ssr-serve on a free loopback port with the dataset's items; it stops with the session.",
      discussion: """
          let s = serve([gru, sgru], on: ds, features: f)
          playDevice(s, model: sgru, on: ds, users: 100)
        The models are exported as exportModel does into a temporary folder, `ssr-serve init` builds
        the item database from the dataset's files (titles and genres where the dataset has them),
        and `ssr-serve run` serves it on 127.0.0.1 (s.url). The server is the `ssr-serve` beside
        this executable, or $SSR_SERVE. s.resident is its resident memory now.
        """
    ) { call in
      let objects = try (call.list("models") ?? []).map { value throws(BuiltinError) -> ModelObject in
        guard case .object(let object as ModelObject) = value else { throw BuiltinError("expected a list of models", parameter: "models") }
        return object
      }
      guard let first = objects.first else { throw BuiltinError("give at least one model", parameter: "models") }
      let given = call.value("on") == nil ? nil : try ModelBuiltins.split(call, "on")
      guard let split = given ?? first.split else {
        throw BuiltinError("\(first.model.name) was read from a checkpoint: name its data", parameter: "on",
          help: "serve([…], on: ds) with the split it was trained on")
      }
      let names = objects.map(\.kind)
      if let repeated = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
        throw BuiltinError("two models are .\(repeated); the server names models by kind", parameter: "models")
      }
      let identity = split.identity
      if let other = objects.first(where: { $0.dataset.fingerprint != identity.fingerprint }) {
        throw BuiltinError(
          "\(other.model.name) was trained on other data (\(other.dataset)) than the split served (\(identity))", parameter: "models",
          help: "serve models trained on one split, and name it with on:")
      }
      let precision = ExportPrecision(rawValue: try call.symbol("precision") ?? "float32") ?? .float32
      let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-serve-\(UUID().uuidString)").path
      var exports: [String] = []
      for object in objects {
        let directory = workspace + "/exports/" + object.kind
        do throws(DeviceError) {
          _ = try Checkpoint(model: object.model, spec: object.spec, description: object.checkpointDescription)
            .export(to: directory, precision: precision, itemIDs: split.dataset.itemIDs)
        } catch {
          try? FileManager.default.removeItem(atPath: workspace)
          throw BuiltinError(error.description, parameter: "models")
        }
        exports.append(directory)
      }
      var featureWidth: Int? = nil
      var featuresFile: String? = nil
      if case .object(let given as FeaturesObject)? = call.value("features") {
        guard let modal = given.features.modalities.first, given.features.itemCount == split.dataset.itemCount else {
          try? FileManager.default.removeItem(atPath: workspace)
          throw BuiltinError("the features do not describe the models' \(split.dataset.itemCount) items", parameter: "features")
        }
        featuresFile = workspace + "/features.safetensors"
        do throws(TensorError) {
          try SafeTensors.write(["features": Tensor(modal.values, shape: [modal.itemCount + 1, modal.width])], to: featuresFile!)
        } catch {
          try? FileManager.default.removeItem(atPath: workspace)
          throw BuiltinError("cannot write the features for the server: \(error)", parameter: "features")
        }
        featureWidth = modal.width
      }
      // ssr-serve init finds the dataset's side information as the notebook's loader does (the
      // manifest's data roots from the current directory); a dataset the manifest does not know
      // (synthetic data) is served without titles.
      let server: LocalServer
      let summary: String
      do throws(DeviceClientError) {
        summary = try LocalServer.initialise(
          data: workspace + "/data", exports: exports, dataset: split.dataset.name, datasetPath: nil, features: featuresFile)
        server = try LocalServer(data: workspace + "/data")
      } catch {
        try? FileManager.default.removeItem(atPath: workspace)
        throw BuiltinError(error.message)
      }
      let titled = summary.firstMatch(of: /\((\d+) with titles\)/).flatMap { Int($0.1) } ?? 0
      return .object(
        ServerObject(
          server: server, models: names, dataset: split.dataset.name, items: split.dataset.itemCount, titled: titled,
          featureWidth: featureWidth, workspace: workspace))
    }
  }

  static var playDevice: Builtin {
    Builtin(
      name: "playDevice", category: "Server–device",
      parameters: [
        .positional("server", .object("Server"), doc: "a server started by serve(…)"),
        .labeled("model", .oneOf([.object("Model"), .string]), doc: "the served model (a model given to serve, or its name)"),
        .labeled("on", .oneOf([.object("Split"), .object("SplitPart")]), doc: "the split whose test users play the device"),
        .labeled("users", .int, default: .int(100), doc: "how many test users (each one request: the history before its first test item)"),
        .labeled("k", .int, default: .int(10), doc: "items recommended per request"),
        .labeled("warmup", .int, default: .int(3), doc: "requests played first and not reported (connections, caches)"),
      ],
      summary: "Plays the device as ssr-device does: per request, bytes, server and device time, peak memory and energy.",
      discussion: """
          let run = playDevice(s, model: sgru, on: ds, users: 100)
          table([run.summary])            // medians: bytes, serverMs, wallMs, deviceMs (encodeMs + rankMs), peakBytes, energy
          table(run.requests)             // one row per request
        The device downloads the model once, then for each user sends the ids of the last maxLen
        items of the history for their features, ranks the whole catalogue locally with the
        on-device runtime, and fetches the details of its best k. Users are drawn with the cell's
        seed. energy is µJ per inference with the firing rates measured in that request.
        """
    ) { call in
      guard case .object(let server as ServerObject) = try call.required("server") else { throw BuiltinError("expected a Server", parameter: "server") }
      let name: String
      switch try call.required("model") {
      case .object(let object as ModelObject): name = object.kind
      case .string(let given): name = given
      default: throw BuiltinError("expected a model or a model's name", parameter: "model")
      }
      guard server.models.contains(name) else {
        throw BuiltinError("the server does not serve \(name)", parameter: "model", help: "it serves \(server.models.joined(separator: ", "))")
      }
      let split = try ModelBuiltins.split(call, "on")
      guard split.dataset.itemCount == server.items else {
        throw BuiltinError("the split has \(split.dataset.itemCount) items but the server's catalogue \(server.items)", parameter: "on")
      }
      let users = try call.int("users") ?? 100
      let k = try call.int("k") ?? 10
      let warmup = try call.int("warmup") ?? 3
      guard (1...100_000).contains(users) else { throw BuiltinError("users must be 1…100000", parameter: "users") }
      guard (0...100).contains(warmup) else { throw BuiltinError("warmup must be 0…100", parameter: "warmup") }
      let histories = testHistories(split, users: users, random: &call.context.random)
      guard !histories.isEmpty else { throw BuiltinError("the split has no test samples", parameter: "on") }
      do {
        let player = try DevicePlayer(client: DeviceClient(base: server.server.url), model: name)
        for history in histories.prefix(warmup) { _ = try player.request(history: history, k: k) }
        var reports: [DeviceRequestReport] = []
        for history in histories {
          try Cancellation.checkpoint()
          reports.append(try player.request(history: history, k: k))
        }
        return .object(
          DeviceRunObject(
            model: name, kind: player.runtime.config.model, downloadBytes: player.downloadedBytes,
            downloadMilliseconds: player.downloadMilliseconds, reports: reports,
            historyLengths: histories.map { min($0.count, player.runtime.config.maxLen) }, energyProblem: player.energy.problem))
      } catch let error as DeviceClientError {
        throw BuiltinError(error.message, help: error.status == 0 ? "is the server still running? (serve(…) in this session)" : nil)
      }
    }
  }

  /// The histories before the first test sample of `users` test users drawn from `random`.
  static func testHistories(_ split: DatasetSplit, users: Int, random: inout SeededGenerator) -> [[Int]] {
    var firstPosition: [Int32: Int] = [:]
    for (user, position) in zip(split.test.users, split.test.positions) where firstPosition[user] == nil {
      firstPosition[user] = position
    }
    var chosen = firstPosition.keys.sorted()
    chosen.shuffle(using: &random)
    return chosen.prefix(users).map { user in
      let start = split.dataset.offsets[Int(user)]
      return split.dataset.items[start..<firstPosition[user]!].map(Int.init)
    }
  }
}

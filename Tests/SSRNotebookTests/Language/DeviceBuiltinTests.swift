import Foundation
import Testing
@testable import SSRNotebook

/// `serve` and `playDevice` against a real `ssr-serve` child process on loopback.
@Suite("Server and device in notebooks")
struct DeviceBuiltinTests {
  static let data = """
    let ds = synthetic(users: 80, items: 40, meanLength: 12, seed: 2) |> split(.timeRatio, test: 0.2, valid: 0.1)
    let m = train(.gru4rec, on: ds, epochs: 1, embeddingSize: 8, seed: 1)
    let s = model(.sgru4rec, on: ds, embeddingSize: 8, seed: 1)

    """

  @Test("serve starts ssr-serve with the models; playDevice plays test users and reports bytes, times and energy")
  func serveAndPlay() throws {
    let source = Self.data + """
      let server = serve([m, s])
      let ann = playDevice(server, model: m, on: ds, users: 5, k: 4)
      let snn = playDevice(server, model: "sgru4rec", on: ds, users: 5, k: 4)
      let a = ann.summary
      let b = snn.summary
      [server.models, server.items, server.resident > 0, a.requests, len(ann.requests), len(ann.top), a.bytesSent > 0,
       a.bytesReceived > 0, a.deviceMs > 0, a.deviceMs >= a.encodeMs, b.energy > 0, a.energy > b.energy, ann.downloadBytes > 0]
      """
    let shown = try show(source)
    #expect(shown == "[[\"gru4rec\", \"sgru4rec\"], 37, true, 5, 5, 4, true, true, true, true, true, true, true]", "\(shown)")
  }

  @Test("playDevice refuses a model the server does not serve, and serve refuses two models of one kind")
  func errors() throws {
    let unserved = failure(Self.data + "let server = serve([m])\nplayDevice(server, model: s, on: ds)")?.description ?? ""
    #expect(unserved.contains("the server does not serve sgru4rec"), "\(unserved)")
    let twice = failure(Self.data + "serve([m, m])")?.description ?? ""
    #expect(twice.contains("two models are .gru4rec"), "\(twice)")
    let empty = failure(Self.data + "serve([])")?.description ?? ""
    #expect(empty.contains("give at least one model"), "\(empty)")
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-serve-checkpoint-\(UUID()).safetensors").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let restored = failure(Self.data + "saveModel(m, \"\(path)\")\nserve([loadModel(\"\(path)\")])")?.description ?? ""
    #expect(restored.contains("read from a checkpoint: name its data"), "\(restored)")
    let other = Self.data + "let ds2 = synthetic(users: 60, items: 40, meanLength: 12, seed: 3) |> split(.timeRatio, test: 0.2, valid: 0.1)\n"
    let mismatch = failure(other + "serve([m], on: ds2)")?.description ?? ""
    #expect(mismatch.contains("was trained on other data"), "\(mismatch)")
  }
}

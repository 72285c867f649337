import Foundation
import Testing
@testable import SSRNotebook

/// `serve` and `device` against a real `ssr-serve` child process on loopback.
@Suite("Server and device in notebooks")
struct DeviceBuiltinTests {
  static let data = """
    let ds = synthetic(users: 80, items: 40, meanLength: 12, seed: 2) |> split(.timeRatio, test: 0.2, valid: 0.1)
    let m = train(.gru4rec, on: ds, epochs: 1, embeddingSize: 8, seed: 1)
    let s = model(.sgru4rec, on: ds, embeddingSize: 8, seed: 1)

    """

  @Test("serve starts ssr-serve with the models; device plays test users and reports bytes, times and energy")
  func serveAndPlay() throws {
    let source = Self.data + """
      let server = serve([m, s])
      let ann = device(server, model: m, on: ds, users: 5, k: 4)
      let snn = device(server, model: "sgru4rec", on: ds, users: 5, k: 4)
      let a = ann.summary
      let b = snn.summary
      [server.models, server.items, server.resident > 0, a.requests, len(ann.requests), len(ann.top), a.bytesSent > 0,
       a.bytesReceived > 0, a.deviceMs > 0, a.deviceMs >= a.encodeMs, b.energy > 0, a.energy > b.energy, ann.downloadBytes > 0]
      """
    let shown = try show(source)
    #expect(shown == "[[\"gru4rec\", \"sgru4rec\"], 37, true, 5, 5, 4, true, true, true, true, true, true, true]", "\(shown)")
  }

  @Test("device refuses a model the server does not serve, and serve refuses two models of one kind")
  func errors() throws {
    let unserved = failure(Self.data + "let server = serve([m])\ndevice(server, model: s, on: ds)")?.description ?? ""
    #expect(unserved.contains("the server does not serve sgru4rec"), "\(unserved)")
    let twice = failure(Self.data + "serve([m, m])")?.description ?? ""
    #expect(twice.contains("two models are .gru4rec"), "\(twice)")
    let empty = failure(Self.data + "serve([])")?.description ?? ""
    #expect(empty.contains("give at least one model"), "\(empty)")
  }
}

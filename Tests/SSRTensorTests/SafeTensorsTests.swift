import Foundation
import SSRTestSupport
import Testing
@testable import SSRTensor
import SSRNN

@Suite("safetensors")
struct SafeTensorsTests {
  static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/tiny.safetensors").path

  /// Runs `body` with a path in a fresh temporary directory, removed afterwards.
  func withTemporaryPath(_ name: String, _ body: (String) throws -> Void) rethrows {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-st-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    try body(dir.appendingPathComponent(name).path)
  }

  @Test("Reads a file written by Python's safetensors") func readsPythonFixture() throws {
    let (tensors, metadata) = try SafeTensors.read(from: Self.fixture)
    #expect(Set(tensors.keys) == ["encoder.weight", "encoder.bias", "scalar"])
    #expect(tensors["encoder.weight"]?.shape == [2, 3])
    #expect(tensors["encoder.weight"]?.scalars == [1.0, -2.0, 3.5, 0.25, 1e-8, -0.0])
    #expect(tensors["encoder.bias"]?.scalars == [0.5, -1.5])
    #expect(tensors["scalar"]?.shape == [])
    #expect(tensors["scalar"]?.item == 3.25)
    #expect(metadata == ["format": "pt", "note": "ssr fixture"])
  }

  @Test("Round trip keeps names, shapes, bits and metadata") func roundTrip() throws {
    try withTemporaryPath("model.safetensors") { path in try roundTrip(path) }
  }

  func roundTrip(_ path: String) throws {
    let original: [String: Tensor] = [
      "a.weight": randomTensor([3, 4], seed: 9), "b": Tensor([Float.nan, -.infinity, 0, -0.0]), "empty": Tensor.zeros([0, 2]),
      "quote\"name": Tensor(1.5),
    ]
    try SafeTensors.write(original, metadata: ["epoch": "3"], to: path)
    let (read, metadata) = try SafeTensors.read(from: path)
    #expect(metadata == ["epoch": "3"])
    #expect(Set(read.keys) == Set(original.keys))
    for (name, t) in original {
      #expect(read[name]?.shape == t.shape)
      #expect(read[name]?.scalars.map(\.bitPattern) == t.scalars.map(\.bitPattern))
    }
    // Atomic write leaves no temporary file behind.
    let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["model.safetensors"])
  }

  @Test("Malformed files give errors naming the problem") func malformed() throws {
    let good = SafeTensors.encode(["w": Tensor([1, 2, 3])])
    func file(_ header: String, dataBytes: Int) -> Data {
      var d = Data()
      var n = UInt64(header.utf8.count).littleEndian
      withUnsafeBytes(of: &n) { d.append(contentsOf: $0) }
      d.append(Data(header.utf8))
      d.append(Data(count: dataBytes))
      return d
    }
    let cases: [(String, Data)] = [
      ("needs 3 × 4", file(#"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, dataBytes: 8)),
      ("too large to address", file(#"{"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#, dataBytes: 8)),
      ("overlaps", file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, dataBytes: 8)),
      ("not covered", file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, dataBytes: 8)),
      ("not a JSON object", file(#"[1, 2]"#, dataBytes: 0)),
      ("shorter than the 8-byte header", Data([1, 2, 3])),
      ("exceeds the file size", Data([255, 0, 0, 0, 0, 0, 0, 0]) + Data("{}".utf8)),
      ("not valid JSON", Data([4, 0, 0, 0, 0, 0, 0, 0]) + Data("{{{{".utf8)),
      ("outside the", good.dropLast(4)),
      ("dtype F16", Data(String(decoding: good, as: UTF8.self).replacingOccurrences(of: "F32", with: "F16").utf8)),
    ]
    for (expected, data) in cases {
      try withTemporaryPath("bad.safetensors") { path in
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
        do {
          _ = try SafeTensors.read(from: path)
          Issue.record("expected an error containing '\(expected)'")
        } catch let error as TensorError {
          #expect(error.description.contains(expected), "\(error.description)")
          #expect(error.description.contains(path))
        } catch {
          Issue.record("unexpected error type: \(error)")
        }
      }
    }
    #expect(throws: TensorError.self) { try SafeTensors.read(from: "/nonexistent/ssr.safetensors") }
  }

  @Test("readConvertingFloats converts F16, BF16 and F64 and skips integer tensors") func convertingFloats() throws {
    // Bytes written by hand: F16 [1, -2, 0.5, 65504, 2^-24], BF16 [1.5, -3], F64 [0.1], I64 [7, 8].
    let header = #"{"h":{"dtype":"F16","shape":[5],"data_offsets":[0,10]},"#
      + #""b":{"dtype":"BF16","shape":[2],"data_offsets":[10,14]},"#
      + #""d":{"dtype":"F64","shape":[1],"data_offsets":[14,22]},"#
      + #""position_ids":{"dtype":"I64","shape":[1,2],"data_offsets":[22,38]}}"#
    var data = Data()
    var n = UInt64(header.utf8.count).littleEndian
    withUnsafeBytes(of: &n) { data.append(contentsOf: $0) }
    data.append(Data(header.utf8))
    for half: UInt16 in [0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001] { data.append(contentsOf: [UInt8(half & 0xFF), UInt8(half >> 8)]) }
    for bf: UInt16 in [0x3FC0, 0xC040] { data.append(contentsOf: [UInt8(bf & 0xFF), UInt8(bf >> 8)]) }
    var d = (0.1 as Double).bitPattern.littleEndian
    withUnsafeBytes(of: &d) { data.append(contentsOf: $0) }
    for v: Int64 in [7, 8] {
      var x = v.littleEndian
      withUnsafeBytes(of: &x) { data.append(contentsOf: $0) }
    }
    try withTemporaryPath("mixed.safetensors") { path in
      try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
      try data.write(to: URL(fileURLWithPath: path))
      let (tensors, _, skipped) = try SafeTensors.readConvertingFloats(from: path)
      #expect(tensors["h"]?.scalars == [1, -2, 0.5, 65504, 0x1p-24])
      #expect(tensors["b"]?.scalars == [1.5, -3])
      #expect(tensors["d"]?.scalars == [Float(0.1)])
      #expect(tensors["position_ids"] == nil)
      #expect(skipped == ["position_ids"])
      // The strict reader still refuses anything but F32.
      #expect(throws: TensorError.self) { try SafeTensors.read(from: path) }
    }
  }

  @Test("Layer checkpoints load back and reject mismatches") func layerCheckpoint() throws {
    var g = InitGenerator(seed: 4)
    let a = Linear(3, 2, generator: &g), b = Linear(3, 2, generator: &g)
    try withTemporaryPath("linear.safetensors") { path in
      try SafeTensors.write(a.stateDictionary(), to: path)
      try b.load(SafeTensors.read(from: path).tensors)
    }
    #expect(b.weight.value.scalars == a.weight.value.scalars)
    #expect(b.bias?.value.scalars == a.bias?.value.scalars)
    #expect(throws: TensorError.missingTensor("bias")) { try b.load(["weight": Tensor.zeros([2, 3])]) }
    #expect(throws: TensorError.shapeMismatch(name: "weight", expected: [2, 3], found: [3, 2])) {
      try b.load(["weight": Tensor.zeros([3, 2]), "bias": Tensor.zeros([2])])
    }
    #expect(b.weight.value.scalars == a.weight.value.scalars)
  }
}

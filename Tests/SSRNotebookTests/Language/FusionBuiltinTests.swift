import Foundation
import Testing
@testable import SSRNotebook

@Suite("Side features in notebooks")
struct FusionBuiltinTests {
  static let data = """
    let raw = synthetic(users: 120, items: 50, meanLength: 20, seed: 4)
    let ds = raw |> split(.timeRatio, test: 0.2, valid: 0.1)
    let vectors = for i in 1...raw.items { if i % 7 == 0 { [] } else { [i % 2, i % 3, i % 5 / 4] } }
    let f = itemFeatures(on: ds, text: vectors)

    """

  @Test("itemFeatures, then train with features: the fused model trains, and energy shows the server's fusion rows")
  func trainWithFeatures() throws {
    let source = Self.data + """
      let m = train(.sfsrec, on: ds, features: f, sideInfo: [.text], fusion: .gated, epochs: 1, embeddingSize: 16, layers: 1, T: 2)
      let e = energy(m, on: ds, batches: 1)
      let device = energy(m, on: ds, batches: 1, includeFusion: false)
      let gap = e.total - e.modified - e.shared - e.fusion
      let deviceGap = device.total - e.device
      [f.items, f.missing, len(m.history), e.fusion > 0, gap < 0.001, gap > -0.001, deviceGap < 0.001, deviceGap > -0.001, device.fusion == 0]
      """
    let shown = try show(source)
    #expect(shown == "[49, [7], 1, true, true, true, true, true, true]", "\(shown)")
    let plain = try show(Self.data + "let m = model(.gru4rec, on: ds, embeddingSize: 8)\nenergy(m, on: ds).fusion")
    #expect(plain == "0.0" || plain == "0")
  }

  @Test("Features that do not fit, fusion settings without features, and saving a fused model are errors")
  func errors() throws {
    let other = "let other = synthetic(users: 100, items: 40, meanLength: 20, seed: 4) |> split(.timeRatio, test: 0.2, valid: 0.1)\n"
    let mismatch = failure(Self.data + other + "train(.gru4rec, on: other, features: f, epochs: 1)")?.description ?? ""
    #expect(mismatch.contains("the features describe 49 items but the dataset has"), "\(mismatch)")
    let alone = failure(Self.data + "model(.gru4rec, on: ds, fusion: .gated)")?.description ?? ""
    #expect(alone.contains("fusion: needs item features"), "\(alone)")
    let wrongModality = failure(Self.data + "model(.gru4rec, on: ds, features: f, sideInfo: [.image])")?.description ?? ""
    #expect(wrongModality.contains("no image modality"), "\(wrongModality)")
    let ragged = failure(Self.data + "itemFeatures(on: ds, text: [[1, 2], [1]])")?.description ?? ""
    #expect(ragged.contains("2 text vectors for 49 items"), "\(ragged)")
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-fused-\(UUID()).safetensors").path
    let save = failure(Self.data + "saveModel(model(.gru4rec, on: ds, features: f, embeddingSize: 8), \"\(path)\")")?.description ?? ""
    #expect(save.contains("side features is not supported"), "\(save)")
  }
}

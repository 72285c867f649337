import Foundation
import Testing

@testable import SSRData

@Suite struct SplitFileTests {
  func temporary(_ name: String) -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-splitfile-\(UUID().uuidString)")
    return folder.appendingPathComponent(name).path
  }

  @Test("A split written to a file reads back equal, with the same fingerprint, for every split method")
  func roundTrip() throws {
    let dataset = try SyntheticData.dataset(SyntheticOptions(users: 60, items: 30, seed: 2))
    for method in [SplitMethod.timeRatio(test: 0.2, valid: 0.1), .leaveOneOut(valid: false), .temporalCutoff(test: 0.3, valid: 0)] {
      let split = try dataset.split(method)
      let path = temporary("split.ssrsplit")
      let identity = try SplitFile.write(split, to: path)
      let read = try SplitFile.read(from: path, fingerprint: identity.fingerprint)
      #expect(read == split)
      #expect(read.identity == identity)
    }
  }

  @Test("A wrong fingerprint, a damaged file and a missing file are reported, naming the file")
  func errors() throws {
    let split = try SyntheticData.dataset(SyntheticOptions(users: 40, items: 20, seed: 3)).split()
    let path = temporary("split.ssrsplit")
    try SplitFile.write(split, to: path)
    #expect {
      try SplitFile.read(from: path, fingerprint: "0000")
    } throws: { error in
      (error as? DataError)?.description.contains("fingerprint") == true && (error as? DataError)?.description.contains(path) == true
    }
    var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    bytes[bytes.count - 20] ^= 0xFF
    try bytes.write(to: URL(fileURLWithPath: path))
    #expect(throws: DataError.self) { try SplitFile.read(from: path) }
    try Data("SSRSPLT1".utf8).write(to: URL(fileURLWithPath: path))
    #expect(throws: DataError.self) { try SplitFile.read(from: path) }
    #expect(throws: DataError.fileNotFound(path: path + ".absent")) { try SplitFile.read(from: path + ".absent") }
  }
}

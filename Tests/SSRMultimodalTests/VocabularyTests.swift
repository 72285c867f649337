import Foundation
import Testing
@testable import SSRMultimodal

@Suite("vocabulary")
struct VocabularyTests {
  @Test("vocab.txt lines are ids; trailing whitespace and CR are trimmed; the last duplicate wins") func reads() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-vocab-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("vocab.txt").path
    try "[PAD]\r\n[UNK]\nhello \n##lo\nhello\n".write(toFile: path, atomically: true, encoding: .utf8)
    let vocabulary = try Vocabulary(contentsOf: path)
    #expect(vocabulary.count == 5)
    #expect(vocabulary.tokens == ["[PAD]", "[UNK]", "hello", "##lo", "hello"])
    #expect(vocabulary["[PAD]"] == 0)
    #expect(vocabulary["hello"] == 4)
    #expect(vocabulary["##lo"] == 3)
    #expect(vocabulary.token(1) == "[UNK]")
    #expect(vocabulary.token(5) == nil)
  }

  @Test("A missing or empty vocabulary is an error naming the file") func errors() throws {
    #expect(throws: TextEncoderError.missingFile(
      path: "/nonexistent/vocab.txt", hint: "a WordPiece tokenizer needs the vocab.txt saved with the model")) {
      try Vocabulary(contentsOf: "/nonexistent/vocab.txt")
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-vocab-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("vocab.txt").path
    try "".write(toFile: path, atomically: true, encoding: .utf8)
    do {
      _ = try Vocabulary(contentsOf: path)
      Issue.record("an empty vocabulary was accepted")
    } catch {
      #expect(error.description.contains("has no tokens"))
      #expect(error.description.contains(path))
    }
  }
}

import Foundation
import Testing

@testable import SSRData

@Suite struct GzipLineReaderTests {
  @Test func linesWithCRLFBlankAndNoFinalNewline() throws {
    let reader = LineReader(source: MemorySource(text: "a\r\nb\n\nc"))
    #expect(try allLines(reader) == ["a", "b", "", "c"])
    #expect(reader.lineNumber == 4)
    #expect(try allLines(LineReader(source: MemorySource(text: ""))) == [])
    #expect(try allLines(LineReader(source: MemorySource(text: "\n"))) == [""])
  }

  @Test func chunkBoundariesAndLongLines() throws {
    let long = String(repeating: "x", count: 3_000_000)
    let text = "first\n\(long)\nlast\n"
    #expect(try allLines(LineReader(source: MemorySource(text: text))) == ["first", long, "last"])
    let small = "one\r\ntwo\nthree"
    #expect(try allLines(LineReader(source: TrickleSource(Array(small.utf8)))) == ["one", "two", "three"])
  }

  @Test func lineLimit() {
    let reader = LineReader(source: MemorySource(text: "short\n" + String(repeating: "y", count: 5_000_000)), maxLineLength: 1 << 20)
    #expect(dataError { try allLines(reader) } == .lineTooLong(file: "<memory>", line: 2, limit: 1 << 20))
  }

  @Test func gzipMultiMemberAndPadding() throws {
    #expect(try allLines(LineReader(path: Fixtures.path("gzip/multi.txt.gz"))) == ["line 1", "line 2", "line 3", "line 4"])
    #expect(try allLines(LineReader(path: Fixtures.path("gzip/padded.txt.gz"))) == ["line 1", "line 2", "line 3", "line 4"])
    #expect(try allLines(LineReader(path: Fixtures.path("gzip/empty.txt.gz"))) == [])
  }

  @Test func gzipThroughTinyChunks() throws {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("gzip/multi.txt.gz"))))
    let source = try GzipSource(file: TrickleSource(bytes))
    #expect(try allLines(LineReader(source: source)) == ["line 1", "line 2", "line 3", "line 4"])
  }

  @Test(arguments: [
    ("gzip/truncated.txt.gz", "truncated"), ("gzip/garbage.txt.gz", "after a gzip member"), ("gzip/badcrc.txt.gz", "incorrect data check"),
  ])
  func gzipDamage(_ file: String, _ fragment: String) {
    let error = dataError { try allLines(LineReader(path: Fixtures.path(file))) }
    guard case let .corruptGzip(path, reason)? = error else {
      Issue.record("expected corruptGzip, got \(String(describing: error))")
      return
    }
    #expect(path.hasSuffix(file))
    #expect(reason.contains(fragment), "\(reason)")
  }

  @Test func missingFileAndDirectory() {
    #expect(dataError { try LineReader(path: "/nonexistent/ratings.dat") } == .fileNotFound(path: "/nonexistent/ratings.dat"))
    guard case .unreadable? = dataError({ try LineReader(path: Fixtures.root) }) else {
      Issue.record("a directory must be reported as unreadable")
      return
    }
  }

  @Test func readAllAndHashing() throws {
    #expect(try DataFile.readAll(Fixtures.path("amazon/reviews.json.gz")) == DataFile.readAll(Fixtures.path("amazon/reviews.json")))
    let opened = try DataFile.open(Fixtures.path("gzip/multi.txt.gz"), hashing: true)
    _ = try allLines(LineReader(source: opened.source))
    #expect(opened.rawDigest()?.hexString == (try FingerprintIndex.sha256(ofFile: Fixtures.path("gzip/multi.txt.gz"))))
  }
}

import Foundation
import Testing

@testable import SSRData

/// Zip archives: downloaded from a local server and unpacked, zip-slip refused, damage detected.
@Suite(.enabled(if: LocalHTTPServer.available, LocalHTTPServer.skipMessage))
struct FetchArchiveTests {
  static let ratings = "1\t10\t5\t881250949\n2\t10\t3\t881250950\n"
  static let items = "10|Toy Story (1995)|01-Jan-1995\n"

  /// A manifest whose interactions come from `pkg.zip` (root `pkg/`), like ml-100k.
  func archiveManifest(_ server: LocalHTTPServer, ratingsSHA: String = sha256Hex(ratings)) throws -> DatasetManifest {
    let zip = server.url("pkg.zip")
    return try fetchManifest(
      interactions: #"[{ "file": "u.data", "format": "movielens-100k-ratings", "official": true, "url": "\#(zip)", "sha256": "\#(ratingsSHA)" }]"#,
      sideInfo: #"[{ "file": "u.item", "format": "movielens-100k-items", "sha256": "\#(sha256Hex(Self.items))" }]"#,
      archive: #"{ "url": "\#(zip)", "format": "zip", "root": "pkg/" }"#)
  }

  @Test(arguments: [true, false]) func anArchiveIsDownloadedUnpackedAndDeleted(deflate: Bool) throws {
    let served = temporaryDirectory("fetch-served")
    let root = temporaryDirectory("fetch-root")
    let server = try LocalHTTPServer(directory: served)
    try makeZip(
      at: served + "/pkg.zip",
      entries: [
        ("pkg/", ""), ("pkg/u.data", Self.ratings), ("pkg/u.item", Self.items), ("pkg/extra/README", "read me\n"),
        ("__MACOSX/pkg/._u.data", "resource fork"),
      ], deflate: deflate)
    let report = try localFetcher(try archiveManifest(server), root: root).fetch("toy")

    let directory = root + "/toy"
    #expect(filesBelow(directory) == ["extra/README", "u.data", "u.item"])
    #expect(fileText(directory + "/u.data") == Self.ratings)
    #expect(fileText(directory + "/u.item") == Self.items)
    #expect(fileText(directory + "/extra/README") == "read me\n")
    #expect(report.files.map(\.status) == [.archive, .extracted, .extracted, .extracted])
    #expect(report.files.first?.sha256?.count == 64)
    let extracted = Dictionary(uniqueKeysWithValues: report.files.dropFirst().map { ($0.file, $0) })
    #expect(extracted["u.data"]?.verified == true)
    #expect(extracted["u.item"]?.verified == true)
    #expect(extracted["extra/README"]?.sha256 == sha256Hex("read me\n"))
    #expect(report.notes.contains("1 archive entry outside 'pkg/' was not unpacked"))
    // u.item has no URL of its own but came out of the archive, so it is not reported missing.
    #expect(!report.notes.contains { $0.contains("not downloadable") })

    // Now present: nothing is downloaded again.
    let again = try localFetcher(try archiveManifest(server), root: root).fetch("toy")
    #expect(again.files.map(\.status) == [.skipped])
  }

  @Test func anExtractedFileWithTheWrongChecksumIsNotKept() throws {
    let served = temporaryDirectory("fetch-served")
    let root = temporaryDirectory("fetch-root")
    let server = try LocalHTTPServer(directory: served)
    try makeZip(at: served + "/pkg.zip", entries: [("pkg/u.item", Self.items), ("pkg/u.data", Self.ratings)])
    let wrong = String(repeating: "a", count: 64)
    let error = dataError { try localFetcher(try archiveManifest(server, ratingsSHA: wrong), root: root).fetch("toy") }
    #expect(error == .checksumMismatch(path: root + "/toy/u.data", expected: wrong, actual: sha256Hex(Self.ratings)))
    // Neither u.data nor the already unpacked u.item nor the archive is left.
    #expect(filesBelow(root).isEmpty)
  }

  @Test func zipSlipPathsAreRefusedBeforeAnythingIsWritten() throws {
    let served = temporaryDirectory("fetch-served")
    let root = temporaryDirectory("fetch-root")
    let server = try LocalHTTPServer(directory: served)
    try makeZip(at: served + "/pkg.zip", entries: [("pkg/u.data", Self.ratings), ("pkg/../../escaped.txt", "gotcha")])
    let error = try #require(dataError { try localFetcher(try archiveManifest(server), root: root).fetch("toy") })
    #expect(error.description.contains("zip-slip"))
    #expect(error.description.contains("pkg/../../escaped.txt"))
    #expect(filesBelow(root).isEmpty)
    #expect(!FileManager.default.fileExists(atPath: (root as NSString).deletingLastPathComponent + "/escaped.txt"))
  }

  @Test func anArchiveAlreadyInTheFolderIsUnpackedWithoutNetwork() throws {
    let root = temporaryDirectory("fetch-root")
    try makeZip(at: root + "/toy/pkg.zip", entries: [("pkg/u.data", Self.ratings), ("pkg/u.item", Self.items)])
    // The URL points at a port nothing listens on: the local archive must be used instead.
    let zip = "http://127.0.0.1:\(unusedLoopbackPort())/pkg.zip"
    let manifest = try fetchManifest(
      interactions: #"[{ "file": "u.data", "format": "movielens-100k-ratings", "url": "\#(zip)" }]"#,
      archive: #"{ "url": "\#(zip)", "format": "zip", "root": "pkg/" }"#)
    let report = try localFetcher(manifest, root: root).fetch("toy")
    #expect(report.files.map(\.status) == [.archive, .extracted, .extracted])
    #expect(filesBelow(root + "/toy") == ["pkg.zip", "u.data", "u.item"])
  }

  @Test func damagedArchivesAreReported() throws {
    let folder = temporaryDirectory("fetch-zip")
    let good = folder + "/good.zip"
    try makeZip(at: good, entries: [("a.txt", String(repeating: "hello zip\n", count: 100))], deflate: false)
    let bytes = try #require(FileManager.default.contents(atPath: good))

    // Not a zip at all.
    write("just text", to: folder + "/text.zip")
    #expect(dataError { try ZipArchive(path: folder + "/text.zip") }?.description.contains("not a usable zip archive") == true)

    // Cut short: the central directory is gone.
    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: folder + "/short.zip"))
    #expect(dataError { try ZipArchive(path: folder + "/short.zip") } != nil)

    // One flipped byte in the stored data: the CRC-32 check catches it.
    var flipped = bytes
    flipped[40] ^= 0xFF
    try flipped.write(to: URL(fileURLWithPath: folder + "/flipped.zip"))
    let archive = try ZipArchive(path: folder + "/flipped.zip")
    let entry = try #require(archive.entries.first)
    let error = dataError { try archive.extract(entry) { (_: UnsafeRawBufferPointer) throws(DataError) in } }
    #expect(error?.description.contains("CRC-32") == true)
  }
}

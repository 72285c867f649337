import Foundation
import SSRCore
import Testing

@testable import SSRData

/// Random and mutated input must produce values or typed errors, never a crash or a hang.
@Suite struct FuzzTests {
  static let seeds: [String] = [
    #"{u'user_id': u'765', u'product_id': u'10', u'date': u'2018-01-04', u'text': u'It\'s "fun" \u00e9', 'n': [1, -2.5e3, (None, True)], 's': {1, 2}}"#,
    #"{"reviewerID": "A1", "asin": "B001", "helpful": [3, 3], "overall": 5.0, "unixReviewTime": 1158019200, "t": "\ud83d\ude00"}"#,
    #"{'asin': 'B001', 'title': r'\n' b'x', 'categories': [['a', 'b']], 'price': 0x1F, 'x': '''tri"ple''', 'y': '\N{BLACK STAR}'}"#,
  ]

  func randomBytes(_ rng: inout SeededGenerator, count: Int, alphabet: [UInt8]? = nil) -> [UInt8] {
    (0..<count).map { _ in alphabet.map { $0[rng.next(upperBound: $0.count)] } ?? UInt8(truncatingIfNeeded: rng.next()) }
  }

  func mutate(_ bytes: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
    var bytes = bytes
    for _ in 0..<(1 + rng.next(upperBound: 4)) where !bytes.isEmpty {
      let index = rng.next(upperBound: bytes.count)
      switch rng.next(upperBound: 4) {
      case 0: bytes[index] = UInt8(truncatingIfNeeded: rng.next())
      case 1: bytes.remove(at: index)
      case 2:
        let tokens = Array("'\"\\{}[](),:0123456789eExuN-".utf8)
        bytes.insert(tokens[rng.next(upperBound: tokens.count)], at: index)
      default: bytes.removeSubrange(index...)
      }
    }
    return bytes
  }

  @Test func literalParserOnRandomAndMutatedInput() {
    var rng = SeededGenerator(seed: 2024)
    let alphabet = Array("{}[]()'\"\\:,. -+0123456789abcdefxuUNTrueFalsNn_ej\n\t".utf8) + [0xC3, 0xA9, 0xFF, 0x00]
    var parsed = 0
    for round in 0..<3000 {
      let bytes: [UInt8]
      switch round % 3 {
      case 0: bytes = randomBytes(&rng, count: rng.next(upperBound: 80))
      case 1: bytes = randomBytes(&rng, count: rng.next(upperBound: 80), alphabet: alphabet)
      default: bytes = mutate(Array(Self.seeds[rng.next(upperBound: Self.seeds.count)].utf8), &rng)
      }
      bytes.withUnsafeBufferPointer { buffer in
        for dialect in [LiteralParser.Dialect.python, .json] {
          if (try? LiteralParser.parse(buffer, dialect: dialect)) != nil { parsed += 1 }
          _ = try? LiteralParser.parseFields(buffer, keys: ["user_id", "asin", "title"], dialect: dialect)
        }
      }
    }
    #expect(parsed > 0)
  }

  @Test func lineAndInteractionReadersOnRandomText() throws {
    var rng = SeededGenerator(seed: 99)
    let alphabet = Array("0123456789:,;\t \"'{}abc\r\n-.".utf8) + [0xE9, 0x00]
    let formats: [InteractionFormat] = [
      .movieLensRatings, .movieLensChrono, .amazonCSV2018, .amazonReviews, .steamReviews, .retailrocketEvents, .userItemPairs,
      .userSequences, .sessions, .jsonSequences(itemMap: nil),
      .delimited(DelimitedFormat(delimiter: ",", quoting: true, header: true, user: "a", item: 1, time: 2, timeFormat: .dateTime)),
    ]
    for round in 0..<400 {
      let bytes = randomBytes(&rng, count: rng.next(upperBound: 400), alphabet: round % 2 == 0 ? alphabet : nil)
      let format = formats[round % formats.count]
      do {
        let table = try InteractionReader.read(lines: LineReader(source: TrickleSource(bytes)), format: format, onError: .skip)
        #expect(table.users.count == table.items.count && table.items.count == table.times.count)
        if table.count > 0 { _ = try? Preprocessor.prepare(table, options: PreprocessOptions(kcore: 2, maxLen: 3), name: "fuzz") }
      } catch {
        // A typed error (e.g. a missing header) is a fine outcome.
      }
    }
  }

  @Test func gzipOnRandomAndMutatedInput() throws {
    var rng = SeededGenerator(seed: 5)
    let valid = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("gzip/multi.txt.gz"))))
    for round in 0..<500 {
      let bytes = round % 2 == 0 ? [0x1F, 0x8B] + randomBytes(&rng, count: rng.next(upperBound: 200)) : mutate(valid, &rng)
      if let source = try? GzipSource(file: MemorySource(bytes)) {
        _ = try? allLines(LineReader(source: source))
      }
    }
  }

  @Test func cacheDecoderOnMutatedFiles() throws {
    let dataset = try SyntheticData.dataset(SyntheticOptions(users: 20, items: 30, meanLength: 8, seed: 1))
    let valid = try DatasetCache.encode(dataset, key: "k")
    var rng = SeededGenerator(seed: 17)
    for _ in 0..<300 {
      var body = mutate(Array(valid.dropLast(8)), &rng)
      let checksum = body.withUnsafeBytes { cacheChecksum($0) }
      withUnsafeBytes(of: checksum.littleEndian) { body.append(contentsOf: $0) }
      if let decoded = try? body.withUnsafeBytes({ try DatasetCache.decode($0, key: "k", path: "fuzz") }) {
        _ = try decoded.split(.leaveOneOut(valid: false)).evaluationBatches().map(\.size)
      }
    }
  }
}

import Foundation

/// Readers of preprocessed sequence files, whose time is the position in the file.
enum SequenceFileReader {
  /// `user item1 item2 …` lines (`firstIsUser`) or session lines (the line number is the user).
  static func readSequenceLines(
    _ lines: LineReader, firstIsUser: Bool, _ policy: ErrorPolicy, _ builder: inout InteractionTableBuilder
  ) throws(DataError) {
    let splitter = FieldSplitter(delimiter: .whitespace, quoting: false)
    var sessionName: [UInt8] = []
    try lines.forEachLine { (line) throws(DataError) in
      _ = splitter.split(line)
      if splitter.count == 0 { return }
      if firstIsUser {
        let user = splitter.field(0)
        for index in 1..<max(1, splitter.count) {
          builder.append(user: user, item: splitter.field(index), time: Int64(builder.count))
        }
      } else {
        sessionName.removeAll(keepingCapacity: true)
        sessionName.append(contentsOf: String(lines.lineNumber).utf8)
        try sessionName.withUnsafeBufferPointer { (user) throws(DataError) in
          for index in 0..<splitter.count {
            builder.append(user: user, item: splitter.field(index), time: Int64(builder.count))
          }
        } as Void
      }
    }
  }

  /// A JSON object of per-user item lists, read whole (it is one JSON value, not lines).
  static func readJSONSequences(_ path: String, itemMap: String?, onError policy: ErrorPolicy) throws(DataError) -> InteractionTable {
    let bytes = try DataFile.readAll(path)
    var map: [String: String]?
    var files = [path]
    if let itemMap {
      let mapPath = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(itemMap).path
      map = try readItemMap(mapPath)
      files.append(mapPath)
    }
    var builder = InteractionTableBuilder(timeUnit: .order)
    try parseJSONSequences(bytes, name: path, itemMap: map, policy, &builder)
    builder.files = files
    return builder.finish()
  }

  /// Parses `{"user": [item, …], …}` from memory.
  static func parseJSONSequences(
    _ bytes: [UInt8], name: String, itemMap: [String: String]?, _ policy: ErrorPolicy, _ builder: inout InteractionTableBuilder
  ) throws(DataError) {
    let parsed: LiteralValue
    do {
      parsed = try bytes.withUnsafeBufferPointer { try LiteralParser.parse($0, dialect: .json) }
    } catch let error as LiteralError {
      let (line, column) = position(of: error.offset, in: bytes)
      throw DataError.malformedLine(file: name, line: line, text: lineText(at: error.offset, in: bytes), reason: "column \(column): \(error.message)")
    } catch {
      throw DataError.malformedLine(file: name, line: 1, text: "", reason: "\(error)")
    }
    guard case let .dict(entries) = parsed else {
      throw DataError.malformedLine(file: name, line: 1, text: lineText(at: 0, in: bytes), reason: "expected a JSON object of user → item lists")
    }
    for entry in entries {
      guard let user = entry.key.textValue, let list = entry.value.elements else {
        let text = "\(entry.key.textValue ?? "?"): …"
        try builder.reject(.malformedLine(file: name, line: 1, text: text, reason: "user entry is not a list of items"), policy: policy)
        continue
      }
      var rawItems: [String] = []
      var bad: String?
      for element in list {
        guard let index = element.textValue else {
          bad = "an item is not a string or number"
          break
        }
        if let itemMap {
          guard let raw = itemMap[index] else {
            bad = "item \(index) is not in the item map"
            break
          }
          rawItems.append(raw)
        } else {
          rawItems.append(index)
        }
      }
      if let bad {
        try builder.reject(.malformedLine(file: name, line: 1, text: "\"\(user)\": [...]", reason: bad), policy: policy)
        continue
      }
      for item in rawItems {
        builder.append(user: user, item: item, time: Int64(builder.count))
      }
    }
  }

  /// `raw id \t index` lines → index → raw id.
  static func readItemMap(_ path: String) throws(DataError) -> [String: String] {
    let lines = try LineReader(path: path)
    let splitter = FieldSplitter(delimiter: .whitespace, quoting: false)
    var map: [String: String] = [:]
    try lines.forEachLine { (line) throws(DataError) in
      _ = splitter.split(line)
      if splitter.count == 0 { return }
      guard splitter.count == 2 else {
        throw DataError.malformedLine(file: path, line: lines.lineNumber, text: utf8String(line), reason: "expected `raw id <TAB> index`")
      }
      map[utf8String(splitter.field(1))] = utf8String(splitter.field(0))
    }
    return map
  }

  /// 1-based line and column of a byte offset.
  static func position(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
    var line = 1
    var lineStart = 0
    for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
      line += 1
      lineStart = index + 1
    }
    return (line, offset - lineStart + 1)
  }

  /// The text of the line containing a byte offset.
  static func lineText(at offset: Int, in bytes: [UInt8]) -> String {
    let clamped = min(max(offset, 0), bytes.count)
    var start = clamped
    while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
    var end = clamped
    while end < bytes.count && bytes[end] != 0x0A { end += 1 }
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }
}

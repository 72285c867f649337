/// Reads interaction files in their original formats, streaming line by line.
///
///     let table = try InteractionReader.read("ratings.dat", format: .movieLensRatings)
///
/// Gzip files are detected by their magic bytes and inflated on the fly. Malformed lines throw
/// ``DataError/malformedLine(file:line:text:reason:)`` with the file, the 1-based line number and
/// the text, or, with `onError: .skip`, are skipped and counted in ``InteractionTable/skipped``.
/// Blank lines are ignored.
public enum InteractionReader {
  /// Reads `path` in `format`.
  public static func read(_ path: String, format: InteractionFormat, onError: ErrorPolicy = .fail) throws(DataError) -> InteractionTable {
    if case let .jsonSequences(itemMap) = format {
      return try SequenceFileReader.readJSONSequences(path, itemMap: itemMap, onError: onError)
    }
    let lines = try LineReader(path: path)
    var table = try read(lines: lines, format: format, onError: onError)
    table.files = [path]
    return table
  }

  /// Reads interactions from already opened lines (any ``ByteSource``).
  public static func read(lines: LineReader, format: InteractionFormat, onError: ErrorPolicy = .fail) throws(DataError) -> InteractionTable {
    var builder = InteractionTableBuilder(timeUnit: format.timeUnit)
    switch format {
    case let .delimited(delimited):
      try readDelimited(lines, delimited, onError, &builder)
    case let .jsonLines(record):
      try readRecords(lines, record, .json, onError, &builder)
    case let .pythonLines(record):
      try readRecords(lines, record, .python, onError, &builder)
    case .userSequences:
      try SequenceFileReader.readSequenceLines(lines, firstIsUser: true, onError, &builder)
    case .sessions:
      try SequenceFileReader.readSequenceLines(lines, firstIsUser: false, onError, &builder)
    case .jsonSequences:
      var bytes: [UInt8] = []
      try lines.forEachLine { line in
        bytes.append(contentsOf: line)
        bytes.append(0x0A)
      }
      try SequenceFileReader.parseJSONSequences(bytes, name: lines.name, itemMap: nil, onError, &builder)
    }
    builder.files = [lines.name]
    return builder.finish()
  }

  // MARK: - Delimited files

  static func readDelimited(
    _ lines: LineReader, _ format: DelimitedFormat, _ policy: ErrorPolicy, _ builder: inout InteractionTableBuilder
  ) throws(DataError) {
    let splitter = FieldSplitter(delimiter: format.delimiter, quoting: format.quoting)
    var columns: ResolvedColumns? = format.header ? nil : try ResolvedColumns(format, header: nil, file: lines.name)
    let keepValue = format.keep.map { Array($0.equals.utf8) }
    var pending: [UInt8] = []
    var pendingLine = 0
    var first = true
    try lines.forEachLine { (line) throws(DataError) in
      var line = line
      if first {
        first = false
        if line.starts(with: [0xEF, 0xBB, 0xBF]) { line = UnsafeBufferPointer(rebasing: line[3...]) }
      }
      let complete: Bool
      if pending.isEmpty {
        if line.isEmpty { return }
        complete = splitter.split(line)
        if !complete {
          pending = Array(line)
          pendingLine = lines.lineNumber
          return
        }
      } else {
        pending.append(0x0A)
        pending.append(contentsOf: line)
        complete = pending.withUnsafeBufferPointer { splitter.split($0) }
        if !complete {
          if pending.count > 1 << 20 {
            let text = String(decoding: pending.prefix(200), as: UTF8.self)
            pending = []
            try builder.reject(.malformedLine(file: lines.name, line: pendingLine, text: text, reason: "unterminated quoted field"), policy: policy)
          }
          return
        }
      }
      let lineNumber = pending.isEmpty ? lines.lineNumber : pendingLine
      let text = { () -> String in
        pending.isEmpty ? utf8String(line) : String(decoding: pending, as: UTF8.self)
      }
      pending.removeAll(keepingCapacity: true)
      guard let resolved = columns else {
        columns = try ResolvedColumns(format, header: splitter, file: lines.name)
        return
      }
      guard splitter.count > resolved.maxIndex else {
        let reason = "expected at least \(resolved.maxIndex + 1) fields, found \(splitter.count)"
        try builder.reject(.malformedLine(file: lines.name, line: lineNumber, text: text(), reason: reason), policy: policy)
        return
      }
      if let fieldCount = format.fieldCount, splitter.count != fieldCount {
        let reason = "expected exactly \(fieldCount) fields, found \(splitter.count)"
        try builder.reject(.malformedLine(file: lines.name, line: lineNumber, text: text(), reason: reason), policy: policy)
        return
      }
      if let filter = resolved.filter, let keepValue {
        if !FieldParsing.trimmed(splitter.field(filter)).elementsEqual(keepValue) {
          builder.droppedRows += 1
          return
        }
      }
      let user = FieldParsing.trimmed(splitter.field(resolved.user))
      let item = FieldParsing.trimmed(splitter.field(resolved.item))
      if user.isEmpty || item.isEmpty {
        let reason = user.isEmpty ? "empty user id in column \(format.user)" : "empty item id in column \(format.item)"
        try builder.reject(.malformedLine(file: lines.name, line: lineNumber, text: text(), reason: reason), policy: policy)
        return
      }
      if format.integerIDs, let (role, value) = !FieldParsing.isDigits(user) ? ("user", user) : !FieldParsing.isDigits(item) ? ("item", item) : nil {
        let reason = "\(role) id '\(utf8String(value))' is not an integer (this format's ids are integers)"
        try builder.reject(.malformedLine(file: lines.name, line: lineNumber, text: text(), reason: reason), policy: policy)
        return
      }
      var time = Int64(builder.count)
      if let timeIndex = resolved.time {
        switch FieldParsing.time(splitter.field(timeIndex), format: format.timeFormat) {
        case let .success(value): time = value
        case let .failure(error):
          try builder.reject(.malformedLine(file: lines.name, line: lineNumber, text: text(), reason: error.message), policy: policy)
          return
        }
      }
      builder.append(user: user, item: item, time: time)
    }
    if !pending.isEmpty {
      let text = String(decoding: pending.prefix(200), as: UTF8.self)
      try builder.reject(.malformedLine(file: lines.name, line: pendingLine, text: text, reason: "unterminated quoted field at the end of the file"), policy: policy)
    }
    if format.header && columns == nil {
      throw DataError.malformedLine(file: lines.name, line: 1, text: "", reason: "the file is empty but a header row was expected")
    }
  }

  /// Column positions after the header (if any) is read.
  struct ResolvedColumns {
    let user: Int
    let item: Int
    let time: Int?
    let filter: Int?
    let maxIndex: Int

    init(_ format: DelimitedFormat, header: FieldSplitter?, file: String) throws(DataError) {
      var names: [String: Int] = [:]
      if let header {
        for index in 0..<header.count {
          let name = String(decoding: FieldParsing.trimmed(header.field(index)), as: UTF8.self)
          if names[name] == nil { names[name] = index }
        }
      }
      func resolve(_ column: Column, _ role: String) throws(DataError) -> Int {
        switch column {
        case let .index(position):
          guard position >= 0 else { throw DataError.invalidOption(name: "\(role) column", value: "\(position)", reason: "column numbers start at 0") }
          return position
        case let .name(name):
          guard header != nil else {
            throw DataError.invalidOption(name: "\(role) column", value: "'\(name)'", reason: "the format has no header row; give a column number instead")
          }
          guard let position = names[name] else {
            let known = names.sorted { $0.value < $1.value }.map(\.key).joined(separator: ", ")
            throw DataError.malformedLine(file: file, line: 1, text: known, reason: "header has no column '\(name)' for the \(role)")
          }
          return position
        }
      }
      user = try resolve(format.user, "user")
      item = try resolve(format.item, "item")
      time = try format.time.map { (column) throws(DataError) in try resolve(column, "time") }
      filter = try format.keep.map { (keep) throws(DataError) in try resolve(keep.column, "filter") }
      maxIndex = [user, item, time ?? 0, filter ?? 0].max() ?? 0
    }
  }

  // MARK: - JSON and Python records

  static func readRecords(
    _ lines: LineReader, _ format: RecordFormat, _ dialect: LiteralParser.Dialect, _ policy: ErrorPolicy,
    _ builder: inout InteractionTableBuilder
  ) throws(DataError) {
    let keys = [format.user, format.item] + (format.time.map { [$0] } ?? [])
    try lines.forEachLine { (line) throws(DataError) in
      if FieldParsing.trimmed(line).isEmpty { return }
      func reject(_ reason: String) throws(DataError) {
        try builder.reject(.malformedLine(file: lines.name, line: lines.lineNumber, text: utf8String(line), reason: reason), policy: policy)
      }
      let values: [LiteralValue?]
      do throws(LiteralError) {
        values = try LiteralParser.parseFields(line, keys: keys, dialect: dialect)
      } catch {
        try reject(error.description)
        return
      }
      guard let userValue = values[0], userValue != .none else {
        if format.dropMissingUser {
          builder.droppedRows += 1
        } else {
          try reject("missing '\(format.user)'")
        }
        return
      }
      guard let user = userValue.textValue, !user.isEmpty else { return try reject("'\(format.user)' is not a string or number") }
      guard let item = values[1]?.textValue, !item.isEmpty else { return try reject("missing or empty '\(format.item)'") }
      var time = Int64(builder.count)
      if let timeKey = format.time {
        switch recordTime(values[2], format: format.timeFormat) {
        case let .success(value): time = value
        case let .failure(error): return try reject("'\(timeKey)': \(error.message)")
        }
      }
      builder.append(user: user, item: item, time: time)
    }
  }

  static func recordTime(_ value: LiteralValue?, format: TimeFormat) -> Result<Int64, TimeError> {
    switch value {
    case let .int(number)?:
      return .success(Int64(number))
    case let .float(number)?:
      guard number.isFinite, abs(number) < 9.0e18 else { return .failure(TimeError(message: "time \(number) out of range")) }
      return .success(Int64(number.rounded(.towardZero)))
    case let .string(text)?:
      var copy = text
      return copy.withUTF8 { FieldParsing.time($0, format: format) }
    case nil, .none?:
      return .failure(TimeError(message: "missing time"))
    default:
      return .failure(TimeError(message: "time is not a number or a string"))
    }
  }
}

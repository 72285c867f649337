/// The side-information file formats (names as in the manifest).
public enum SideInfoFormat: String, Sendable, Hashable, CaseIterable {
  /// MovieLens `movies.dat`: `MovieID::Title::Genres`, ISO-8859-1.
  case movieLensMovies = "movielens-movies"
  /// MovieLens `users.dat`: `UserID::Gender::Age::Occupation::Zip-code`.
  case movieLensUsers = "movielens-users"
  /// MovieLens 100K `u.item`, pipe-separated, ISO-8859-1, 19 genre flags.
  case movieLens100kItems = "movielens-100k-items"
  /// Amazon 2014 metadata: Python dict literal lines.
  case amazonMeta2014 = "amazon-meta-2014"
  /// Amazon 2018 metadata: JSON lines.
  case amazonMeta2018 = "amazon-meta-2018"
  /// CSV `id,title` with a header.
  case titlesCSV = "titles-csv"
  /// Steam `steam_games.json.gz`: Python dict literal lines.
  case steamGames = "steam-games"
  /// Amazon review JSON lines (2014 `reviews_*.json.gz`, 2018 `*_5.json.gz`): the review texts of
  /// each `asin`.
  case amazonReviews = "amazon-reviews"
}

/// Reads side-information files, streaming line by line.
public enum SideInfoReader {
  /// The MovieLens 100K genre flags, in file order.
  static let movieLens100kGenres = [
    "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
    "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
  ]

  /// Reads `path` in `format`.
  public static func read(_ path: String, format: SideInfoFormat, onError policy: ErrorPolicy = .fail) throws(DataError) -> SideInfoTable {
    let lines = try LineReader(path: path)
    var table = SideInfoTable()
    table.files = [path]
    switch format {
    case .movieLensMovies, .movieLensUsers, .movieLens100kItems:
      try readMovieLens(lines, format, policy, &table)
    case .titlesCSV:
      try readTitles(lines, policy, &table)
    case .amazonMeta2014, .amazonMeta2018, .steamGames:
      try readRecords(lines, format, policy, &table)
    case .amazonReviews:
      try readReviews(lines, policy, &table)
    }
    return table
  }

  static func reject(_ error: DataError, _ policy: ErrorPolicy, _ table: inout SideInfoTable) throws(DataError) {
    if policy == .fail { throw error }
    table.skipped.record(error)
  }

  static func readMovieLens(_ lines: LineReader, _ format: SideInfoFormat, _ policy: ErrorPolicy, _ table: inout SideInfoTable) throws(DataError) {
    let splitter = FieldSplitter(delimiter: format == .movieLens100kItems ? "|" : "::", quoting: false)
    let expected = format == .movieLensMovies ? 3 : format == .movieLensUsers ? 5 : 24
    let latin1 = format != .movieLensUsers
    try lines.forEachLine { (line) throws(DataError) in
      if line.isEmpty { return }
      _ = splitter.split(line)
      func text(_ index: Int) -> String { latin1 ? latin1String(splitter.field(index)) : utf8String(splitter.field(index)) }
      guard splitter.count == expected else {
        let error = DataError.malformedLine(
          file: lines.name, line: lines.lineNumber, text: latin1String(line), reason: "expected \(expected) fields, found \(splitter.count)")
        return try reject(error, policy, &table)
      }
      switch format {
      case .movieLensMovies:
        var item = ItemSideInfo(id: text(0))
        item.title = text(1)
        item.genres = text(2).split(separator: "|").map(String.init)
        table.items.append(item)
      case .movieLensUsers:
        guard let age = FieldParsing.integer(splitter.field(2)), let occupation = FieldParsing.integer(splitter.field(3)),
          abs(age) < 1000, abs(occupation) < 1000
        else {
          let error = DataError.malformedLine(file: lines.name, line: lines.lineNumber, text: utf8String(line), reason: "age and occupation must be integers")
          return try reject(error, policy, &table)
        }
        table.users.append(UserSideInfo(id: text(0), gender: text(1), age: Int(age), occupation: Int(occupation), zip: text(4)))
      default:
        var item = ItemSideInfo(id: text(0))
        item.title = text(1)
        for (offset, name) in movieLens100kGenres.enumerated() where text(5 + offset) == "1" { item.genres.append(name) }
        if !text(2).isEmpty { item.attributes["release_date"] = text(2) }
        if !text(4).isEmpty { item.attributes["imdb_url"] = text(4) }
        table.items.append(item)
      }
    }
  }

  static func readTitles(_ lines: LineReader, _ policy: ErrorPolicy, _ table: inout SideInfoTable) throws(DataError) {
    let splitter = FieldSplitter(delimiter: ",", quoting: true)
    var header = true
    var pending: [UInt8] = []
    var pendingLine = 0
    try lines.forEachLine { (line) throws(DataError) in
      let complete: Bool
      if pending.isEmpty {
        complete = splitter.split(line)
        if !complete { pending = Array(line); pendingLine = lines.lineNumber; return }
      } else {
        pending.append(0x0A)
        pending.append(contentsOf: line)
        complete = pending.withUnsafeBufferPointer { splitter.split($0) }
        if !complete { return }
      }
      let number = pending.isEmpty ? lines.lineNumber : pendingLine
      let raw = pending.isEmpty ? utf8String(line) : String(decoding: pending, as: UTF8.self)
      pending.removeAll()
      if header {
        header = false
        return
      }
      if raw.isEmpty { return }
      guard splitter.count == 2, !splitter.field(0).isEmpty else {
        let error = DataError.malformedLine(file: lines.name, line: number, text: raw, reason: "expected `id,title`")
        return try reject(error, policy, &table)
      }
      var item = ItemSideInfo(id: utf8String(splitter.field(0)))
      let title = utf8String(splitter.field(1))
      item.title = title.isEmpty ? nil : title
      table.items.append(item)
    }
    if !pending.isEmpty {
      let error = DataError.malformedLine(
        file: lines.name, line: pendingLine, text: String(decoding: pending.prefix(200), as: UTF8.self), reason: "unterminated quoted field")
      try reject(error, policy, &table)
    }
  }

  static func readRecords(_ lines: LineReader, _ format: SideInfoFormat, _ policy: ErrorPolicy, _ table: inout SideInfoTable) throws(DataError) {
    let dialect: LiteralParser.Dialect = format == .amazonMeta2018 ? .json : .python
    try lines.forEachLine { (line) throws(DataError) in
      if FieldParsing.trimmed(line).isEmpty { return }
      let record: LiteralValue
      do throws(LiteralError) {
        record = try LiteralParser.parse(line, dialect: dialect)
      } catch {
        let failure = DataError.malformedLine(file: lines.name, line: lines.lineNumber, text: utf8String(line), reason: error.description)
        return try reject(failure, policy, &table)
      }
      guard case .dict = record else {
        let failure = DataError.malformedLine(file: lines.name, line: lines.lineNumber, text: utf8String(line), reason: "expected a dict")
        return try reject(failure, policy, &table)
      }
      guard let item = format == .steamGames ? steamGame(record) : amazonItem(record) else {
        table.droppedRows += 1
        return
      }
      table.items.append(item)
    }
  }

  static func amazonItem(_ record: LiteralValue) -> ItemSideInfo? {
    guard let id = record["asin"]?.textValue, !id.isEmpty else { return nil }
    var item = ItemSideInfo(id: id)
    item.title = record["title"]?.stringValue
    if let description = record["description"] {
      let parts = description.allStrings.filter { !$0.isEmpty }
      item.description = parts.isEmpty ? nil : parts.joined(separator: "\n")
    }
    for key in ["categories", "category"] {
      for genre in record[key]?.allStrings ?? [] where !item.genres.contains(genre) { item.genres.append(genre) }
    }
    for key in ["imUrl", "imageURL", "imageURLHighRes"] {
      for url in record[key]?.allStrings ?? [] where !url.isEmpty && !item.imageURLs.contains(url) { item.imageURLs.append(url) }
    }
    for key in ["brand", "price", "main_cat", "date"] {
      if let value = record[key]?.textValue, !value.isEmpty { item.attributes[key] = value }
    }
    return item
  }

  static func steamGame(_ record: LiteralValue) -> ItemSideInfo? {
    guard let id = record["id"]?.textValue, !id.isEmpty else { return nil }
    var item = ItemSideInfo(id: id)
    item.title = record["title"]?.stringValue ?? record["app_name"]?.stringValue
    item.genres = record["genres"]?.allStrings ?? []
    item.tags = record["tags"]?.allStrings ?? []
    for key in ["app_name", "developer", "publisher", "release_date", "price", "url", "sentiment", "metascore"] {
      if let value = record[key]?.textValue, !value.isEmpty { item.attributes[key] = value }
    }
    return item
  }

  /// One record per item with its review texts (`summary` and `reviewText`, joined by a line
  /// break); a review without an `asin` counts as dropped, one without text adds nothing.
  static func readReviews(_ lines: LineReader, _ policy: ErrorPolicy, _ table: inout SideInfoTable) throws(DataError) {
    var position: [String: Int] = [:]
    try lines.forEachLine { (line) throws(DataError) in
      if FieldParsing.trimmed(line).isEmpty { return }
      let record: LiteralValue
      do throws(LiteralError) {
        record = try LiteralParser.parse(line, dialect: .json)
      } catch {
        let failure = DataError.malformedLine(file: lines.name, line: lines.lineNumber, text: utf8String(line), reason: error.description)
        return try reject(failure, policy, &table)
      }
      guard case .dict = record else {
        let failure = DataError.malformedLine(file: lines.name, line: lines.lineNumber, text: utf8String(line), reason: "expected a JSON object")
        return try reject(failure, policy, &table)
      }
      guard let id = record["asin"]?.textValue, !id.isEmpty else {
        table.droppedRows += 1
        return
      }
      let parts = [record["summary"]?.stringValue, record["reviewText"]?.stringValue].compactMap { $0 }.filter { !$0.isEmpty }
      let index: Int
      if let known = position[id] {
        index = known
      } else {
        index = table.items.count
        position[id] = index
        table.items.append(ItemSideInfo(id: id))
      }
      if !parts.isEmpty { table.items[index].reviews.append(parts.joined(separator: "\n")) }
    }
  }
}

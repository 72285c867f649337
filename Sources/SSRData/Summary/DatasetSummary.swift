/// One row of the paper's Table 1 statistics.
public struct SummaryRow: Sendable, Hashable, Codable {
  /// What the row describes: the dataset name, `raw`, or a split part (`train`, `valid`, `test`).
  public var name: String
  /// Users (for a split part: users with at least one sample in it).
  public var users: Int
  /// Items (for a split part: distinct target items).
  public var items: Int
  /// Interactions (for a split part: samples, i.e. targets).
  public var interactions: Int
  /// Interactions per user.
  public var averageLength: Double
  /// Interactions ÷ (users × items).
  public var density: Double

  /// Creates a row, computing the average length and density.
  public init(name: String, users: Int, items: Int, interactions: Int) {
    self.name = name
    self.users = users
    self.items = items
    self.interactions = interactions
    averageLength = users > 0 ? Double(interactions) / Double(users) : 0
    density = users > 0 && items > 0 ? Double(interactions) / (Double(users) * Double(items)) : 0
  }
}

/// Table 1 statistics of a dataset, and of each part of a split.
public struct DatasetSummary: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The prepared dataset.
  public var dataset: SummaryRow
  /// The data as read, before de-duplication and k-core.
  public var raw: SummaryRow
  /// One row per split part (empty for an unsplit dataset).
  public var parts: [SummaryRow]
  /// Samples (every interaction but each user's first).
  public var samples: Int
  /// Malformed lines skipped while reading.
  public var skippedLines: Int
  /// Rows left out by the format's filter.
  public var droppedRows: Int
  /// The preprocessing options.
  public var options: PreprocessOptions

  /// All rows in display order: raw, dataset, then the split parts.
  public var rows: [SummaryRow] { [raw, dataset] + parts }

  /// A Markdown pipe table of ``rows``, followed by notes on skipped and dropped lines.
  public var description: String {
    var lines = ["| | users | items | interactions | avg. length | density |", "|---|---:|---:|---:|---:|---:|"]
    for row in rows {
      let cells = [
        row.name, DatasetSummary.grouped(row.users), DatasetSummary.grouped(row.items), DatasetSummary.grouped(row.interactions),
        DatasetSummary.fixed(row.averageLength, 2), DatasetSummary.fixed(row.density * 100, 4) + "%",
      ]
      lines.append("| " + cells.joined(separator: " | ") + " |")
    }
    lines.append("(\(options); \(DatasetSummary.grouped(samples)) samples)")
    if skippedLines > 0 { lines.append("\(DatasetSummary.grouped(skippedLines)) malformed lines skipped") }
    if droppedRows > 0 { lines.append("\(DatasetSummary.grouped(droppedRows)) rows left out by the format's filter") }
    return lines.joined(separator: "\n")
  }

  /// `1,000,209`.
  static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (index, character) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
      out.append(character)
    }
    return (value < 0 ? "-" : "") + out
  }

  /// A fixed-point rendering with `places` decimals (no Foundation formatting needed).
  static func fixed(_ value: Double, _ places: Int) -> String {
    guard value.isFinite else { return String(value) }
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9e18 else { return String(value) }
    let units = Int(scaled)
    let whole = units / Int(scale)
    var fraction = String(units % Int(scale))
    while fraction.count < places { fraction = "0" + fraction }
    return (value < 0 && units > 0 ? "-" : "") + String(whole) + (places > 0 ? "." + fraction : "")
  }
}

extension SequenceDataset {
  /// Table 1 statistics: users, items, interactions, average length, density.
  public func summary() -> DatasetSummary {
    DatasetSummary(
      dataset: SummaryRow(name: name, users: userCount, items: itemCount, interactions: interactionCount),
      raw: SummaryRow(name: "raw", users: provenance.rawUsers, items: provenance.rawItems, interactions: provenance.rawInteractions),
      parts: [], samples: sampleCount, skippedLines: provenance.skipped.count, droppedRows: provenance.droppedRows,
      options: provenance.options)
  }
}

extension DatasetSplit {
  /// The dataset's statistics plus one row per non-empty part.
  public func summary() -> DatasetSummary {
    var summary = dataset.summary()
    for part in SplitPart.allCases {
      let samples = samples(part)
      if part == .valid && samples.count == 0 { continue }
      let users = Preprocessor.distinctCount(samples.users, of: dataset.userCount)
      let items = Preprocessor.distinctCount(samples.positions.map { dataset.items[$0] - 1 }, of: dataset.itemCount)
      summary.parts.append(SummaryRow(name: part.rawValue, users: users, items: items, interactions: samples.count))
    }
    return summary
  }
}

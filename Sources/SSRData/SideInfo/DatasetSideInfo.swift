import SSRCore

/// A typed field of item side information.
public enum SideInfoField: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  /// The title (MovieLens, Amazon, Steam app name).
  case title
  /// Genres or categories.
  case genres
  /// User tags (Steam).
  case tags
  /// The description text (Amazon).
  case description
  /// Image URLs (Amazon); not text, so never part of ``DatasetSideInfo/texts(_:maxReviews:)``.
  case images
  /// Review texts (Amazon review files).
  case reviews

  /// The raw value.
  public var description: String { rawValue }

  /// Whether `item` has this field (a non-empty value).
  public func isPresent(in item: ItemSideInfo) -> Bool {
    switch self {
    case .title: return !(item.title ?? "").isEmpty
    case .genres: return !item.genres.isEmpty
    case .tags: return !item.tags.isEmpty
    case .description: return !(item.description ?? "").isEmpty
    case .images: return !item.imageURLs.isEmpty
    case .reviews: return !item.reviews.isEmpty
    }
  }
}

/// A dataset's item side information, aligned with its item indices (after k-core): element
/// `i − 1` of ``items`` describes item `i`, nil where the files have nothing for it.
public struct DatasetSideInfo: Sendable, Hashable {
  /// One field's coverage: how many of the dataset's items have it and how many have none.
  public struct Coverage: Sendable, Hashable {
    /// The field.
    public var field: SideInfoField
    /// Items with a non-empty value.
    public var present: Int
    /// Items without one (no record, or an empty value).
    public var missing: Int
  }

  /// The dataset's name.
  public var dataset: String
  /// Element `i − 1` describes item `i`.
  public var items: [ItemSideInfo?]
  /// The files read.
  public var files: [String]
  /// Malformed lines skipped while reading (under ``ErrorPolicy/skip``).
  public var skipped: SkipReport
  /// Records of the files whose id is not an item of the dataset (filtered by k-core, or never
  /// interacted with).
  public var unmatchedRecords: Int

  /// Aligned records `items` of dataset `dataset`.
  public init(dataset: String, items: [ItemSideInfo?], files: [String], skipped: SkipReport, unmatchedRecords: Int) {
    self.dataset = dataset
    self.items = items
    self.files = files
    self.skipped = skipped
    self.unmatchedRecords = unmatchedRecords
  }

  /// The records of `table`, one item per distinct id in file order, not aligned with any dataset
  /// (item `i` is the `i`-th record).
  public init(records table: SideInfoTable, name: String) {
    let merged = SideInfoTable().merging(table)
    self.init(dataset: name, items: merged.items, files: table.files, skipped: table.skipped, unmatchedRecords: 0)
  }

  /// The number of items.
  public var itemCount: Int { items.count }

  /// Whether item `item` (1…``itemCount``) has `field`.
  public func has(_ field: SideInfoField, item: Int) -> Bool {
    guard item >= 1 && item <= items.count, let record = items[item - 1] else { return false }
    return field.isPresent(in: record)
  }

  /// The coverage of every field, in ``SideInfoField`` order.
  public var coverage: [Coverage] {
    SideInfoField.allCases.map { field in
      let present = items.reduce(0) { $0 + (($1.map { field.isPresent(in: $0) } ?? false) ? 1 : 0) }
      return Coverage(field: field, present: present, missing: items.count - present)
    }
  }

  /// The number of items without `field`.
  public func missingCount(_ field: SideInfoField) -> Int {
    coverage.first { $0.field == field }?.missing ?? items.count
  }

  /// One text per item made of `fields` in the given order, ". "-separated — e.g. `[.title,
  /// .genres]` gives "Toy Story (1995). Animation, Children's, Comedy" — with lists joined by ", "
  /// and at most `maxReviews` reviews; nil for an item that has none of the fields (image URLs are
  /// not text and are left out). Element `i − 1` is item `i`'s text, ready for a text encoder.
  public func texts(_ fields: [SideInfoField], maxReviews: Int = 3) -> [String?] {
    items.map { record in
      guard let record else { return nil }
      var parts: [String] = []
      for field in fields where field.isPresent(in: record) {
        switch field {
        case .title: parts.append(record.title ?? "")
        case .genres: parts.append(record.genres.joined(separator: ", "))
        case .tags: parts.append(record.tags.joined(separator: ", "))
        case .description: parts.append(record.description ?? "")
        case .images: break
        case .reviews: parts += record.reviews.prefix(max(0, maxReviews))
        }
      }
      return parts.isEmpty ? nil : parts.joined(separator: ". ")
    }
  }
}

extension SequenceDataset {
  /// The side information of `table` aligned with this dataset's items, with its coverage.
  public func sideInformation(from table: SideInfoTable) -> DatasetSideInfo {
    let index = table.itemsByID()
    let aligned = itemIDs.map { index[$0] }
    let matched = aligned.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
    return DatasetSideInfo(
      dataset: name, items: aligned, files: table.files, skipped: table.skipped, unmatchedRecords: index.count - matched)
  }

  /// SHA-256 (hex) of the item ids in index order: identifies the item catalogue that item
  /// features follow (the same after any split, different after another k-core).
  public var catalogueFingerprint: String {
    var hash = SHA256()
    hash.update("ssr-catalogue-1\n\(itemCount)\n")
    for id in itemIDs {
      hash.update(id)
      hash.update([0x0A])
    }
    return hash.finalize().hexString
  }
}

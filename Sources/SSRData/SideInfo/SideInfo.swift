/// Side information about one item, from whichever files describe it.
public struct ItemSideInfo: Sendable, Hashable, Codable {
  /// The raw item id (MovieID, ASIN, Steam app id).
  public var id: String
  /// The title.
  public var title: String?
  /// Genres or categories (MovieLens genres, Amazon category paths flattened, Steam genres).
  public var genres: [String]
  /// Free-form tags (Steam user tags).
  public var tags: [String]
  /// A description text.
  public var description: String?
  /// Image URLs (Amazon `imUrl`, `imageURL`, `imageURLHighRes`).
  public var imageURLs: [String]
  /// Review texts (Amazon `reviewText`, with the `summary` line first when there is one), in file
  /// order.
  public var reviews: [String]
  /// Other scalar fields (brand, price, release date, developer, URL…).
  public var attributes: [String: String]

  /// Creates a record with only an id.
  public init(id: String) {
    self.id = id
    title = nil
    genres = []
    tags = []
    description = nil
    imageURLs = []
    reviews = []
    attributes = [:]
  }

  /// Fills what this record lacks from `other` (same item, another file).
  mutating func fill(from other: ItemSideInfo) {
    if title == nil || title == "" { title = other.title }
    if description == nil || description == "" { description = other.description }
    for genre in other.genres where !genres.contains(genre) { genres.append(genre) }
    for tag in other.tags where !tags.contains(tag) { tags.append(tag) }
    for url in other.imageURLs where !imageURLs.contains(url) { imageURLs.append(url) }
    for review in other.reviews where !reviews.contains(review) { reviews.append(review) }
    attributes.merge(other.attributes) { mine, _ in mine }
  }
}

/// A MovieLens user record (`users.dat`).
public struct UserSideInfo: Sendable, Hashable, Codable {
  /// The raw user id.
  public var id: String
  /// `M` or `F`.
  public var gender: String
  /// The age group code (1, 18, 25, 35, 45, 50, 56).
  public var age: Int
  /// The occupation code (0–20).
  public var occupation: Int
  /// The zip code.
  public var zip: String

  /// Creates a record.
  public init(id: String, gender: String, age: Int, occupation: Int, zip: String) {
    self.id = id
    self.gender = gender
    self.age = age
    self.occupation = occupation
    self.zip = zip
  }
}

/// Side information read from one or more files.
public struct SideInfoTable: Sendable, Hashable {
  /// Item records in file order (one per id; later files fill gaps of earlier ones).
  public var items: [ItemSideInfo] = []
  /// User records (MovieLens `users.dat`).
  public var users: [UserSideInfo] = []
  /// The files read.
  public var files: [String] = []
  /// Malformed lines skipped under ``ErrorPolicy/skip``.
  public var skipped = SkipReport()
  /// Records without an id (cannot be joined), left out.
  public var droppedRows = 0

  /// Creates an empty table.
  public init() {}

  /// Item id → record.
  public func itemsByID() -> [String: ItemSideInfo] {
    var index: [String: ItemSideInfo] = [:]
    for item in items { index[item.id, default: ItemSideInfo(id: item.id)].fill(from: item) }
    return index
  }

  /// This table with `other`'s records added; records of the same item are combined, the
  /// first file's values winning.
  public func merging(_ other: SideInfoTable) -> SideInfoTable {
    var result = self
    var position: [String: Int] = [:]
    for (index, item) in result.items.enumerated() where position[item.id] == nil { position[item.id] = index }
    for item in other.items {
      if let index = position[item.id] {
        result.items[index].fill(from: item)
      } else {
        position[item.id] = result.items.count
        result.items.append(item)
      }
    }
    result.users += other.users
    result.files += other.files
    result.skipped.merge(other.skipped)
    result.droppedRows += other.droppedRows
    return result
  }
}

extension SequenceDataset {
  /// Side information aligned with item ids: element `i − 1` describes item `i`, nil where the
  /// files have nothing for it.
  public func sideInfo(from table: SideInfoTable) -> [ItemSideInfo?] {
    let index = table.itemsByID()
    return itemIDs.map { index[$0] }
  }
}

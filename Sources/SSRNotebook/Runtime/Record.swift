/// An ordered record `{key: value, …}`: field order is kept for display, so tables and saved
/// outputs are stable; equality ignores the order.
public struct Record {
  /// The field names in order.
  public private(set) var keys: [String]
  /// The field values, aligned with ``keys``.
  public private(set) var values: [Value]

  /// An empty record.
  public init() {
    keys = []
    values = []
  }

  /// A record from ordered pairs; a later duplicate key replaces the earlier value in place.
  public init(_ pairs: [(String, Value)]) {
    self.init()
    for (key, value) in pairs { self[key] = value }
  }

  /// The number of fields.
  public var count: Int { keys.count }

  /// The fields in order.
  public var fields: [(key: String, value: Value)] {
    Array(zip(keys, values)).map { (key: $0.0, value: $0.1) }
  }

  /// The value of a field; setting appends a new field or replaces an existing one in place.
  public subscript(key: String) -> Value? {
    get {
      guard let index = keys.firstIndex(of: key) else { return nil }
      return values[index]
    }
    set {
      if let index = keys.firstIndex(of: key) {
        if let newValue {
          values[index] = newValue
        } else {
          keys.remove(at: index)
          values.remove(at: index)
        }
      } else if let newValue {
        keys.append(key)
        values.append(newValue)
      }
    }
  }
}

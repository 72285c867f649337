/// A parameter value in JSON keeps its kind: `{"int": 64}`, `{"double": 0.001}`, `{"bool": true}`,
/// `{"string": "atan"}` (a bare number could not tell 2 from 2.0).
extension ParameterValue: Codable {
  private enum Key: String, CodingKey { case int, double, bool, string }

  /// Decodes the one-key object written by ``encode(to:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: Key.self)
    if let value = try container.decodeIfPresent(Int.self, forKey: .int) {
      self = .int(value)
    } else if let value = try container.decodeIfPresent(Double.self, forKey: .double) {
      self = .double(value)
    } else if let value = try container.decodeIfPresent(Bool.self, forKey: .bool) {
      self = .bool(value)
    } else if let value = try container.decodeIfPresent(String.self, forKey: .string) {
      self = .string(value)
    } else {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "expected one of int, double, bool, string"))
    }
  }

  /// Encodes the value as a one-key object naming its kind.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Key.self)
    switch self {
    case .int(let value): try container.encode(value, forKey: .int)
    case .double(let value): try container.encode(value, forKey: .double)
    case .bool(let value): try container.encode(value, forKey: .bool)
    case .string(let value): try container.encode(value, forKey: .string)
    }
  }
}

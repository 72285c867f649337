/// What can go wrong when reading or writing the feature store. Every message names the file and
/// says what to do.
public enum FeatureStoreError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A file exists but cannot be read.
  case unreadable(path: String, reason: String)
  /// An entry's `index.json` is not a valid index.
  case corruptIndex(path: String, reason: String)
  /// A features or chunk file does not match its index (damaged, truncated, or from another entry).
  case corruptFile(path: String, reason: String)
  /// A file cannot be written.
  case writeFailed(path: String, reason: String)
  /// An argument is out of range (a chunk size below 1, inputs of the wrong count).
  case invalidArgument(String)
  /// The encoder failed on the inputs (a file that is not an image, …).
  case encodingFailed(item: Int, reason: String)

  /// A message naming the problem, the file and the remedy.
  public var description: String {
    switch self {
    case let .unreadable(path, reason):
      return "cannot read '\(path)': \(reason)"
    case let .corruptIndex(path, reason):
      return "the feature index '\(path)' is damaged (\(reason)); delete its folder to extract the features again"
    case let .corruptFile(path, reason):
      return "the feature file '\(path)' is damaged (\(reason)); delete its entry folder to extract the features again"
    case let .writeFailed(path, reason):
      return "cannot write '\(path)': \(reason); check that the store folder is writable (store: path)"
    case .invalidArgument(let message):
      return message
    case let .encodingFailed(item, reason):
      return "encoding item \(item) failed: \(reason)"
    }
  }
}

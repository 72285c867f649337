import SSRCore

/// The hash saved with a cell's output (`hash=`): it changes when the cell's code, its id, the
/// notebook seed, the format version, the `-p` overrides of a parameters cell, or the hash of any
/// cell it reads a name from changes — so `ssr-run --check` can flag stale outputs.
public enum CellHasher {
  /// The first 8 bytes of a SHA-256 over those inputs, in hex (16 characters).
  public static func hash(cell: CodeCell, seed: UInt64, dependencies: [(String, String)], overrides: [String: Value]) -> String {
    var hasher = SHA256()
    hasher.update("ssrnb-format:\(NotebookMetadata.currentFormat)\nseed:\(seed)\nlabel:\(cell.label)\n")
    hasher.update("code:\(cell.code.count)\n\(cell.code)\n")
    for (name, hash) in dependencies.sorted(by: { $0.0 < $1.0 }) { hasher.update("dep:\(name)=\(hash)\n") }
    for (name, value) in overrides.sorted(by: { $0.key < $1.key }) { hasher.update("param:\(name)=\(ValueDisplay.literal(value))\n") }
    return hasher.finalize().prefixHex(bytes: 8)
  }
}

/// The options of a code cell, given by its leading `//| key: value` lines.
public struct CellOptions: Sendable, Equatable {
  /// The cell's name (`//| id: data`), used for `:rerun`, outputs and cache files.
  public var id: String?
  /// Whether the cell's result is cached on disk (`//| cache: true`).
  public var cache: Bool
  /// Whether this is a parameters cell that `-p NAME=VALUE` overrides (`//| parameters`).
  public var isParameters: Bool
  /// Whether `--check` compares the cell's output (`//| check: false` for volatile output).
  public var check: Bool
  /// Whether exports show the cell's code (`//| echo: false` hides it).
  public var echo: Bool
  /// The cell's time limit in seconds (`//| timeout: 600s`), if any.
  public var timeout: Double?
  /// The number of leading `//|` lines in the cell, valid or not.
  public var optionLineCount: Int

  /// Creates options; the defaults are those of a cell without option lines.
  public init(
    id: String? = nil, cache: Bool = false, isParameters: Bool = false, check: Bool = true,
    echo: Bool = true, timeout: Double? = nil, optionLineCount: Int = 0
  ) {
    self.id = id
    self.cache = cache
    self.isParameters = isParameters
    self.check = check
    self.echo = echo
    self.timeout = timeout
    self.optionLineCount = optionLineCount
  }

  /// The option keys that cells understand.
  public static let knownKeys = ["id", "cache", "parameters", "check", "echo", "timeout"]
}

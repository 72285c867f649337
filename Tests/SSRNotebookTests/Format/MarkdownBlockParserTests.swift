import Testing
@testable import SSRNotebook

@Suite("CommonMark block structure")
struct MarkdownBlockParserTests {
  static func kinds(_ text: String) -> [String] {
    MarkdownBlockParser.parse(text).children.map { block in
      switch block.kind {
      case .paragraph: "p\(block.firstLine)-\(block.lastLine)"
      case .heading(let level): "h\(level)"
      case .list(let list): list.isTight ? "tight" : "loose"
      case .blockQuote: "quote"
      case .fencedCode(_, let isClosed): isClosed ? "fence" : "open-fence"
      case .indentedCode: "code"
      case .html: "html"
      case .thematicBreak: "hr"
      case .document, .listItem: "?"
      }
    }
  }

  @Test func leavesAndLazyLines() {
    #expect(Self.kinds("a\n`b`\n> c\nd\n") == ["p0-1", "quote"])
    #expect(Self.kinds("a\n    b\n\n    c\n") == ["p0-1", "code"])
    #expect(Self.kinds("a\n---\n- - -\n") == ["h2", "hr"])
    #expect(Self.kinds("<span>\n```\n\nx\n") == ["html", "p3-3"])
    #expect(Self.kinds("a\n<span>\n```\n") == ["p0-1", "open-fence"])
  }

  @Test func listTightness() {
    #expect(Self.kinds("- a\n- b\n") == ["tight"])
    #expect(Self.kinds("- a\n\n- b\n") == ["loose"])
    #expect(Self.kinds("- a\n\n  b\n") == ["loose"])
    #expect(Self.kinds("- a\n  ```\n\n  ```\n- b\n") == ["tight"])
    #expect(Self.kinds("- a\n+ b\n") == ["tight", "tight"])
  }

  @Test func nestingIsBounded() {
    let deep = MarkdownBlockParser.parse(String(repeating: "> ", count: 100_000) + "x\n")
    #expect(deep.allBlocks.count <= MarkdownBlockParser.maximumDepth + 2)
    let lists = MarkdownBlockParser.parse(String(repeating: "- ", count: 100_000) + "x\n")
    #expect(lists.allBlocks.count <= MarkdownBlockParser.maximumDepth + 3)
  }
}

import Testing
@testable import SSRNotebook

@Suite("Prose display")
struct ProseDisplayTests {
  static let prose = """
    <!-- ssrnb:{"seed":1} -->
    # Spiking *GRU4Rec* study

    This paragraph has `inline code`, **strong words** and *emphasis* and it is long enough
    to be re-wrapped to the width.\\
    After a hard break.

    ## Setup

    - first item with a rather long text that wraps
    - second item
      - nested item
    1. one
    2. two

    > A quote that is also long enough to wrap around.

    <!-- a hidden
    comment -->

    ```swift
    let x = 1
      indented
    ```

    | a | b |
    |---|---:|
    | 1 | 22 |

    ---
    ### Deeper
    Setext
    ======

    """

  @Test func plainGolden() {
    let expected = """
      Spiking *GRU4Rec* study
      =======================

      This paragraph has `inline
      code`, **strong words** and
      *emphasis* and it is long enough
      to be re-wrapped to the width.\\
      After a hard break.

      Setup
      -----

        - first item with a rather
          long text that wraps
        - second item
            - nested item

        1. one
        2. two

        > A quote that is also long
        > enough to wrap around.

          let x = 1
            indented

      | a | b |
      |---|---:|
      | 1 | 22 |

      --------------------------------

      ### Deeper

      Setext
      ======

      """
    #expect(ProseDisplay.render(Self.prose, width: 32, ansi: false) == expected)
  }

  @Test func ansiGolden() {
    // ⎋ stands for ESC.
    let expected = """
      ⎋[1m⎋[4mSpiking⎋[24m⎋[22m ⎋[1m⎋[3m⎋[4mGRU4Rec⎋[24m⎋[23m⎋[22m ⎋[1m⎋[4mstudy⎋[24m⎋[22m

      This paragraph has ⎋[36minline⎋[39m ⎋[36mcode⎋[39m,
      ⎋[1mstrong⎋[22m ⎋[1mwords⎋[22m and ⎋[3memphasis⎋[23m and it
      is long enough to be re-wrapped
      to the width.
      After a hard break.

      ⎋[1mSetup⎋[22m

        • first item with a rather
          long text that wraps
        • second item
            • nested item

        1. one
        2. two

        │ A quote that is also long
        │ enough to wrap around.

          let x = 1
            indented

      | a | b |
      |---|---:|
      | 1 | 22 |

      ────────────────────────────────

      ⎋[1mDeeper⎋[22m

      ⎋[1m⎋[4mSetext⎋[24m⎋[22m

      """
    let rendered = ProseDisplay.render(Self.prose, width: 32, ansi: true)
    #expect(rendered.replacingOccurrences(of: "\u{1B}", with: "⎋") == expected)
  }

  /// The visible width of a line: Characters outside ANSI escape sequences.
  func visibleWidth(_ line: Substring) -> Int {
    var width = 0
    var inEscape = false
    for char in line {
      if char == "\u{1B}" {
        inEscape = true
      } else if inEscape {
        if char.isLetter { inEscape = false }
      } else {
        width += 1
      }
    }
    return width
  }

  @Test("paragraphs wrap to the width", arguments: [10, 20, 40, 79])
  func wrapping(width: Int) {
    let words = (1...60).map { "w\($0 % 7)" + String(repeating: "x", count: $0 % 5) }
    let text = words.enumerated().map { $0.offset % 9 == 0 ? "**\($0.element)**" : $0.element }.joined(separator: " ")
    for ansi in [false, true] {
      let lines = ProseDisplay.render(text, width: width, ansi: ansi).split(separator: "\n")
      #expect(lines.allSatisfy { visibleWidth($0) <= width })
      #expect(lines.count > 1)
      let plainWords = lines.flatMap { $0.split(separator: " ") }.map { String($0) }
      if !ansi {
        #expect(plainWords == text.split(separator: " ").map(String.init))
      }
    }
  }

  @Test func longWordsStayWholeAndTinyWidthsWork() {
    let long = String(repeating: "a", count: 30)
    #expect(ProseDisplay.render("x \(long) y", width: 10, ansi: false) == "x\n\(long)\ny\n")
    #expect(ProseDisplay.render("a b", width: 0, ansi: false) == "a\nb\n")
    #expect(ProseDisplay.render("a b", width: -5, ansi: true) == "a\nb\n")
  }

  @Test func hiddenAndEmptyProse() {
    #expect(ProseDisplay.render("", width: 80, ansi: false) == "")
    #expect(ProseDisplay.render("\n\n  \n", width: 80, ansi: true) == "")
    #expect(ProseDisplay.render("<!-- only a comment -->\n", width: 80, ansi: false) == "")
    #expect(ProseDisplay.render("<!-- ssrnb:{\"seed\":1} -->\r\nText\r\n", width: 80, ansi: false) == "Text\n")
  }

  @Test func inlineMarkupWithANSI() {
    func ansi(_ text: String) -> String {
      ProseDisplay.render(text, width: 80, ansi: true).replacingOccurrences(of: "\u{1B}", with: "⎋")
    }
    #expect(ansi("a `x * y` b") == "a ⎋[36mx⎋[39m ⎋[36m*⎋[39m ⎋[36my⎋[39m b\n")
    #expect(ansi("***both***") == "⎋[1m⎋[3mboth⎋[23m⎋[22m\n")
    #expect(ansi("*a **b** c*") == "⎋[3ma⎋[23m ⎋[1m⎋[3mb⎋[23m⎋[22m ⎋[3mc⎋[23m\n")
    #expect(ansi("snake_case_name and _it_") == "snake_case_name and ⎋[3mit⎋[23m\n")
    #expect(ansi("2 * 3 * 4, \\*literal\\*, unclosed **bold") == "2 * 3 * 4, *literal*, unclosed **bold\n")
    #expect(ansi("``a ` b``") == "⎋[36ma⎋[39m ⎋[36m`⎋[39m ⎋[36mb⎋[39m\n")
    #expect(ansi("`unclosed code") == "`unclosed code\n")
  }

  @Test func plainModeLeavesInlineMarkupAlone() {
    let text = "`code` **bold** *it* \\*esc\\*"
    #expect(ProseDisplay.render(text, width: 80, ansi: false) == text + "\n")
  }

  @Test func fencedCodeIsIndentedUnchanged() {
    let text = "Intro\n~~~\n  keep   spacing\n\n\tand tabs\n~~~\n"
    #expect(ProseDisplay.render(text, width: 8, ansi: true) == "Intro\n\n      keep   spacing\n\n    \tand tabs\n")
  }

  @Test func deepNestingDoesNotRecurseWithoutBound() {
    let quote = String(repeating: ">", count: 500) + " deep"
    let rendered = ProseDisplay.render(quote, width: 80, ansi: false)
    #expect(rendered.hasSuffix("deep\n"))
    let list = (0..<200).map { String(repeating: "  ", count: $0) + "- item" }.joined(separator: "\n")
    #expect(!ProseDisplay.render(list, width: 80, ansi: true).isEmpty)
  }

  /// Paragraph continuation follows CommonMark, as in the HTML export: only a real block start
  /// ends a paragraph, and a setext underline wins over a thematic break.
  @Test func paragraphsEndOnlyAtBlockStarts() {
    for line in ["`train` fits", "*emphasis*", "2024 was", "2. not a list", "#tag", "-dash", "<span>", "    indented"] {
      let shown = ProseDisplay.render("A paragraph\n\(line)\n", width: 200, ansi: false)
      #expect(!shown.contains("\n\n"), "\(line): \(shown.debugDescription)")
    }
    for line in ["# Heading", "> quote", "- item", "1) item", "***", "```", "<div>"] {
      let shown = ProseDisplay.render("A paragraph\n\(line)\nmore\n", width: 200, ansi: false)
      #expect(shown.hasPrefix("A paragraph\n\n"), "\(line): \(shown.debugDescription)")
    }
    #expect(ProseDisplay.render("Title\n---\n", width: 80, ansi: false) == "Title\n-----\n")
  }
}

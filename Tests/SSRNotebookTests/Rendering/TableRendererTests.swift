import Testing
@testable import SSRNotebook

@Test func markdownTableGolden() {
  let expected = #"""
    | model          |  HR@10 |   NDCG@10 | epochs | spiking |
    |----------------|-------:|----------:|-------:|---------|
    | SASRec         | 0.2134 |    0.1187 |    200 | false   |
    | Spiking \| GRU |   0.19 | 1.235e+06 |     50 | true    |
    | two lines      |        |      -0.0 |     -3 |         |
    """#
  #expect(TableRenderer.render(RenderFixtures.results, style: .saved) == expected)
}

@Test func asciiAlignedTableGolden() {
  let style = RenderStyle(width: 80, unicode: false, markdownTables: false)
  let expected = #"""
    model           HR@10    NDCG@10  epochs  spiking
    -------------  ------  ---------  ------  -------
    SASRec         0.2134     0.1187     200  false
    Spiking | GRU    0.19  1.235e+06      50  true
    two lines                   -0.0      -3
    """#
  #expect(TableRenderer.render(RenderFixtures.results, style: style) == expected)
}

@Test func unicodeAlignedTableGolden() {
  let table = TableData(
    columns: ["city", "population", "note"],
    rows: [
      [.text("東京"), .int(37_400_068), .text("largest metro area")],
      [.text("Zürich"), .int(421_878), .text("")],
      [.text("Reykjavík"), .double(131_136.0), .empty],
    ])
  let expected = #"""
    city       population  note
    ─────────  ──────────  ──────────────────
    東京         37400068  largest metro area
    Zürich         421878
    Reykjavík   1.311e+05
    """#
  #expect(TableRenderer.render(table, style: .terminal(width: 60, color: false)) == expected)
}

@Test func truncatesWidestTextColumnFirstAndNeverNumbers() {
  let table = TableData(
    columns: ["id", "title", "tag", "score"],
    rows: [
      [.int(1), .text("An extremely long movie title that cannot possibly fit in forty columns"), .text("drama"), .double(123456.789)],
      [.int(22), .text("Short"), .text("comedy"), .double(0.5)],
    ])
  let style = RenderStyle(width: 40, unicode: false, markdownTables: false)
  let expected = #"""
    id  title              tag         score
    --  -----------------  ------  ---------
     1  An extremely l...  drama   1.235e+05
    22  Short              comedy        0.5
    """#
  let output = TableRenderer.render(table, style: style)
  #expect(output == expected)
  #expect(OutputCheck.maxWidth(output) == 40)

  let unicodeOutput = TableRenderer.render(table, style: .terminal(width: 40, color: false))
  #expect(unicodeOutput.contains(" 1  An extremely lon…  drama "))
  #expect(OutputCheck.maxWidth(unicodeOutput) <= 40)
}

@Test("Identifier columns (model names) stay whole when the numbers alone overflow; free text is cut first")
func identifierColumnsStayWhole() {
  let models = ["PopRec", "GRU4Rec", "SGRU4Rec", "SASRec", "SFSRec"]
  let rows: [[TableCell]] = models.enumerated().map { index, model in
    [.text(model), .text("ml-1m")] + (0..<9).map { .double(Double(index) * 0.123456 + Double($0) * 1000.5) }
  }
  let table = TableData(columns: ["model", "dataset"] + (1...9).map { "metric\($0)" }, rows: rows)
  let lines = OutputCheck.lines(TableRenderer.render(table, style: RenderStyle(width: 80, unicode: false, markdownTables: false)))
  for model in models { #expect(lines.contains { $0.hasPrefix(model + " ") }, "\(model) was cut: \(lines)") }
  // With a free-text column, it is the one cut.
  let noted = TableData(
    columns: ["model", "note", "hr10"],
    rows: models.map { [.text($0), .text("a long remark about how this run went and what was tried before it"), .double(0.25)] })
  let notedLines = OutputCheck.lines(TableRenderer.render(noted, style: RenderStyle(width: 40, unicode: false, markdownTables: false)))
  #expect(notedLines.allSatisfy { RenderText.width($0) <= 40 })
  for model in models { #expect(notedLines.contains { $0.hasPrefix(model + " ") }) }
  #expect(notedLines[2].contains("a long remark"))
  #expect(notedLines[2].contains("..."))
}

@Test func truncationSharesWidthBetweenLongColumns() {
  let long = String(repeating: "a", count: 50)
  let longer = String(repeating: "b", count: 70)
  let table = TableData(columns: ["x", "y"], rows: [[.text(long), .text(longer)]])
  let output = TableRenderer.render(table, style: RenderStyle(width: 42, unicode: true, markdownTables: false))
  let lines = OutputCheck.lines(output)
  #expect(lines[2] == String(repeating: "a", count: 19) + "…  " + String(repeating: "b", count: 19) + "…")
}

@Test func numbersAreRightAlignedAndNeverTruncated() {
  let table = TableData(
    columns: ["n"], rows: [[.int(5)], [.int(-1234)], [.double(2.5)], [.int(Int.max)]])
  let output = TableRenderer.render(table, style: RenderStyle(width: 5, unicode: false, markdownTables: false))
  let lines = OutputCheck.lines(output)
  #expect(lines.count == 6)
  #expect(lines[2] == "                  5")
  #expect(lines[3] == "              -1234")
  #expect(lines[4] == "                2.5")
  #expect(lines[5] == "9223372036854775807")
  #expect(lines[0] == "                  n")
}

@Test func markdownAlignmentMarkersFollowColumnKinds() {
  let table = TableData(
    columns: ["name", "count", "mixed", "flag", "blank"],
    rows: [
      [.text("a"), .int(1), .int(3), .bool(true), .empty],
      [.text("b"), .empty, .text("x"), .bool(false), .empty],
    ])
  let lines = OutputCheck.lines(TableRenderer.render(table, style: .saved))
  #expect(lines[1] == "|------|------:|-------|-------|-------|")
  #expect(lines[0] == "| name | count | mixed | flag  | blank |")
  #expect(lines[2] == "| a    |     1 |     3 | true  |       |")
  #expect(lines[3] == "| b    |       | x     | false |       |")
}

@Test func markdownEscapesPipesAndTruncationKeepsEscapesWhole() {
  let table = TableData(columns: ["a|b"], rows: [[.text("x|y\r\nz")], [.text(String(repeating: "|", count: 60))]])
  let lines = OutputCheck.lines(TableRenderer.render(table, style: .saved))
  #expect(lines[0].hasPrefix("| a\\|b "))
  #expect(lines[2].hasPrefix("| x\\|y z "))
  #expect(lines[3].hasSuffix("\\|\\|...  |"))
  #expect(lines.allSatisfy { RenderText.width($0) <= 80 })
}

@Test func raggedRowsAndEmptyTables() {
  #expect(TableRenderer.render(TableData(columns: [], rows: []), style: .saved) == "(empty table)")
  #expect(TableRenderer.render(TableData(columns: [], rows: [[]]), style: .saved) == "(empty table)")
  let headerOnly = TableRenderer.render(TableData(columns: ["a", "b"], rows: []), style: .saved)
  #expect(headerOnly == "| a   | b   |\n|-----|-----|")
  let ragged = TableData(columns: ["a"], rows: [[.int(1), .text("extra")], []])
  let style = RenderStyle(width: 80, unicode: false, markdownTables: false)
  // The empty second row is an empty last line in aligned tables.
  #expect(TableRenderer.render(ragged, style: style) == "a\n-  -----\n1  extra\n")
  #expect(TableRenderer.render(ragged, style: .saved) == "|   a |       |\n|----:|-------|\n|   1 | extra |\n|     |       |")
}

@Test func doublesUseRequestedDigits() {
  let table = TableData(columns: ["v"], rows: [[.double(3.14159265)], [.double(.nan)], [.double(-.infinity)]])
  let style = RenderStyle(width: 80, unicode: false, markdownTables: false)
  #expect(TableRenderer.render(table, style: style, digits: 2) == "   v\n----\n 3.1\n nan\n-inf")
}

@Test func randomTablesKeepInvariants() {
  var random = TestRandom(seed: 2024)
  let words = ["a", "model", "Spiking | GRU", "two\nlines", "日本語", "ünïcode", "", "x\ty", "🙂 emoji", String(repeating: "long", count: 20)]
  for _ in 0..<300 {
    let columnCount = random.int(0...6)
    let columns = (0..<columnCount).map { _ in random.pick(words) }
    let rows: [[TableCell]] = (0..<random.int(0...8)).map { _ in
      (0..<random.int(0...(columnCount + 1))).map { _ in
        switch random.int(0...4) {
        case 0: return .text(random.pick(words))
        case 1: return .int(random.int(-100_000...100_000))
        case 2: return .double((random.unit() - 0.5) * random.pick([1e-6, 1, 1e9]))
        case 3: return .bool(random.chance(0.5))
        default: return .empty
        }
      }
    }
    let table = TableData(columns: columns, rows: rows)
    let style = RenderStyle(width: random.int(1...120), unicode: random.chance(0.5), markdownTables: random.chance(0.5))
    let output = TableRenderer.render(table, style: style)
    #expect(output == TableRenderer.render(table, style: style))
    #expect(OutputCheck.hasNoTrailingSpaces(output))
    let lastRowBlank = rows.last.map { row in
      row.allSatisfy { if case .empty = $0 { return true } else if case .text(let t) = $0 { return t.allSatisfy { $0 == " " || $0 == "\n" || $0 == "\t" } } else { return false } }
    } ?? false
    #expect(output.hasSuffix("\n") == (!style.markdownTables && lastRowBlank && !rows.isEmpty && columnCount + (rows.map(\.count).max() ?? 0) > 0))
    let lines = OutputCheck.lines(output)
    if output != "(empty table)" {
      #expect(lines.count == rows.count + 2)
      let widths = Set(lines.map(RenderText.width))
      if style.markdownTables { #expect(widths.count == 1, "markdown rows must line up: \(output)") }
      // Tables narrower than their fixed cells may overflow, and then keep identifier columns
      // (every text cell one word) whole; other text overflow is not allowed.
      let identifier = (0..<max(columnCount, rows.map(\.count).max() ?? 0)).map { index in
        rows.allSatisfy { row in
          guard index < row.count, case .text(let text) = row[index] else { return true }
          return !text.contains { $0.isWhitespace }
        }
      }
      // Headers of columns without text stay whole (they label numbers); other headers may shrink.
      let holdsText = { (index: Int) in
        rows.contains { row in
          guard index < row.count, case .text(let text) = row[index] else { return false }
          return !text.isEmpty
        }
      }
      let fixedOnly = TableData(
        columns: columns.enumerated().map { index, header in holdsText(index) ? "" : header },
        rows: rows.map { row in
          row.enumerated().map { index, cell in
            if case .text = cell, !identifier[index] { return .empty } else { return cell }
          }
        })
      let minimal = TableRenderer.render(fixedOnly, style: RenderStyle(width: 0, unicode: style.unicode, markdownTables: style.markdownTables))
      let floor = OutputCheck.maxWidth(minimal)
      #expect(OutputCheck.maxWidth(output) <= max(style.width, floor + (style.unicode ? 2 : 4) * columnCount))
    }
  }
}

@Test("A column of numbers keeps its whole header when the table overflows; text columns shrink instead")
func numberHeadersStayWhole() {
  let columns = ["model", "threshold", "ndcg10", "ndcg10CI", "energyStd", "secondsHigh", "note"]
  let rows: [[TableCell]] = (0..<3).map { i in
    [.text("SGRU4Rec"), .double(0.5 * Double(i + 1)), .double(0.03), .double(0.004), .double(0.07), .double(12.5),
     .text("a remark long enough to be cut when the table is too wide for the page")]
  }
  let lines = OutputCheck.lines(
    TableRenderer.render(TableData(columns: columns, rows: rows), style: RenderStyle(width: 80, unicode: false, markdownTables: false)))
  for header in columns.dropFirst().dropLast() { #expect(lines[0].contains(header), "\(header) was cut: \(lines[0])") }
  #expect(lines[2].contains("..."))
  #expect(lines.allSatisfy { RenderText.width($0) <= 80 })
}

import Testing
@testable import SSRNotebook

private let unicode80 = RenderStyle.terminal(width: 80, color: false)

/// Renders in both repertoires and checks the invariants every chart must keep.
private func renderBoth(_ spec: PlotSpec, width: Int = 80) -> (ascii: String, unicode: String) {
  let ascii = PlotRenderer.render(spec, style: RenderStyle(width: width, unicode: false, markdownTables: true))
  let unicode = PlotRenderer.render(spec, style: RenderStyle(width: width, unicode: true, markdownTables: false))
  for output in [ascii, unicode] {
    #expect(OutputCheck.maxWidth(output) <= max(40, width))
    #expect(OutputCheck.hasNoTrailingSpaces(output))
    #expect(!output.hasSuffix("\n"))
  }
  #expect(OutputCheck.isPrintableASCII(ascii))
  return (ascii, unicode)
}

@Test func noSeriesOrEmptySeriesShowNoData() {
  let none = renderBoth(PlotSpec(kind: .line, title: "Nothing"))
  #expect(none.ascii == String(repeating: " ", count: 36) + "Nothing\n(no data)")
  #expect(renderBoth(PlotSpec(kind: .scatter, series: [PlotSeries(name: "a", points: [])])).ascii == "(no data)")
  #expect(renderBoth(PlotSpec(kind: .bar)).unicode == "(no data)")
}

@Test func onlyNonFinitePointsShowNoDataWithFootnote() {
  let spec = PlotSpec(kind: .line, series: [
    PlotSeries(name: "a", points: [PlotPoint(x: .nan, y: 1), PlotPoint(x: 1, y: .infinity), PlotPoint(x: -.infinity, y: 0)])
  ])
  #expect(renderBoth(spec).ascii == "(no data)\n3 points not shown (NaN/inf)")
  let bars = PlotSpec(kind: .bar, bars: [PlotBar(label: "x", value: .nan)])
  #expect(renderBoth(bars).ascii == "(no data)\n1 bar not drawn (NaN/inf)")
}

@Test func singlePointIsCentredWithPaddedRanges() {
  let spec = PlotSpec(kind: .line, series: [PlotSeries(name: "", points: [PlotPoint(x: 3, y: 7)])], height: 5)
  let expected = """
    8 +
      |
    7 +                                      *
      |
    6 +
      ++------------------+------------------+------------------+------------------+
     2.50               2.75               3.00               3.25              3.50
    """
  #expect(renderBoth(spec).ascii == expected)
}

@Test func allEqualValuesArePadded() {
  let flat = PlotSpec(kind: .line, series: [PlotSeries(name: "flat", points: (0..<10).map { PlotPoint(x: Double($0), y: 0) })])
  let output = renderBoth(flat).ascii
  #expect(output.contains("\n-1.0 +"))
  #expect(output.hasPrefix(" 1.0 +"))
  let sameX = PlotSpec(kind: .scatter, series: [PlotSeries(name: "v", points: [PlotPoint(x: 5, y: 1), PlotPoint(x: 5, y: 2)])])
  #expect(renderBoth(sameX).ascii.contains("5.0"))
  let zeros = PlotSpec(kind: .bar, bars: [PlotBar(label: "a", value: 0), PlotBar(label: "b", value: 0)])
  #expect(renderBoth(zeros).ascii.hasPrefix("a  0.0\nb  0.0\n"))
}

@Test func nonFinitePointsAreCountedInAFootnote() {
  let spec = PlotSpec(kind: .line, series: [
    PlotSeries(name: "a", points: [PlotPoint(x: 0, y: 0), PlotPoint(x: 1, y: .nan), PlotPoint(x: 2, y: 2)]),
    PlotSeries(name: "b", points: [PlotPoint(x: .infinity, y: 0), PlotPoint(x: 1, y: 1)]),
  ])
  let output = renderBoth(spec)
  #expect(output.ascii.hasSuffix("\n2 points not shown (NaN/inf)"))
  #expect(output.unicode.hasSuffix("\n2 points not shown (NaN/inf)"))
}

@Test func nanBreaksTheLine() {
  let broken = PlotSpec(kind: .line, series: [
    PlotSeries(name: "", points: [PlotPoint(x: 0, y: 0), PlotPoint(x: 1, y: .nan), PlotPoint(x: 2, y: 0)])
  ], height: 3)
  let plotRow = OutputCheck.lines(renderBoth(broken).ascii)[1]
  #expect(plotRow.filter { $0 == "." }.isEmpty)
  #expect(plotRow.filter { $0 == "*" }.count == 2)
}

@Test func hugeAndTinyMagnitudesGetCompactLabels() {
  let tiny = PlotSpec(kind: .line, series: [PlotSeries(name: "", points: [PlotPoint(x: 1e-9, y: 1e-9), PlotPoint(x: 3e-9, y: 2.5e-9)])], height: 4)
  let tinyOutput = renderBoth(tiny).ascii
  #expect(tinyOutput.contains("1e-9 +"))
  #expect(tinyOutput.contains("1.5e-9"))
  let huge = PlotSpec(kind: .scatter, series: [PlotSeries(name: "", points: [PlotPoint(x: 0, y: 1e12), PlotPoint(x: 1e12, y: 3e12)])])
  let hugeOutput = renderBoth(huge).ascii
  #expect(hugeOutput.contains("3e12 +"))
  #expect(hugeOutput.contains("2e11"))
  let extreme = PlotSpec(kind: .line, series: [PlotSeries(name: "", points: [
    PlotPoint(x: -.greatestFiniteMagnitude, y: .greatestFiniteMagnitude),
    PlotPoint(x: .greatestFiniteMagnitude, y: -.greatestFiniteMagnitude),
    PlotPoint(x: .leastNonzeroMagnitude, y: 0),
  ])])
  _ = renderBoth(extreme)
  let bars = PlotSpec(kind: .bar, bars: [PlotBar(label: "big", value: 1e12), PlotBar(label: "small", value: 1e-9)])
  #expect(renderBoth(bars).ascii.contains("small  1e-09"))
}

@Test func narrowWidthIsClampedTo40() {
  let output = renderBoth(RenderFixtures.lossCurves, width: 10)
  #expect(OutputCheck.maxWidth(output.ascii) == 40)
  #expect(renderBoth(RenderFixtures.hitRates, width: -5).ascii == renderBoth(RenderFixtures.hitRates, width: 40).ascii)
}

@Test func longTitleAndLabelsAreTruncated() {
  let long = String(repeating: "word ", count: 40)
  let spec = PlotSpec(kind: .line, title: long, xLabel: long, yLabel: "é" + long,
    series: [PlotSeries(name: long, points: [PlotPoint(x: 1, y: 1), PlotPoint(x: 2, y: 2)])])
  let output = renderBoth(spec, width: 60)
  let lines = OutputCheck.lines(output.ascii)
  #expect(lines[0] == String(repeating: "word ", count: 11) + "wo...")
  #expect(lines[1].hasPrefix("?word word"))
  #expect(lines.last?.hasPrefix("* word word") == true)
  #expect(lines.last?.hasSuffix("...") == true)
  #expect(OutputCheck.lines(output.unicode)[1].hasPrefix("éword"))
  let bars = PlotSpec(kind: .bar, bars: [PlotBar(label: long, value: 1)])
  #expect(renderBoth(bars, width: 60).unicode.hasPrefix("word word word word…"))
}

@Test func heightIsClampedToAtLeastThreeRows() {
  let lines = OutputCheck.lines(renderBoth(PlotSpec(kind: .line, series: RenderFixtures.lossCurves.series, height: -4)).ascii)
  #expect(lines.filter { $0.contains("|") || $0.hasSuffix("+") || $0.contains(" + ") || $0.contains("+ ") }.count >= 3)
  let three = OutputCheck.lines(renderBoth(PlotSpec(kind: .line, series: RenderFixtures.lossCurves.series, height: 3)).ascii)
  #expect(lines == three)
  #expect(three.count == 3 + 2 + 1)
}

@Test func thousandsOfPointsRenderQuickly() {
  var points: [PlotPoint] = []
  var random = TestRandom(seed: 99)
  var y = 0.0
  for index in 0..<5000 {
    y += random.unit() - 0.5
    points.append(PlotPoint(x: Double(index), y: y))
  }
  let clock = ContinuousClock()
  let elapsed = clock.measure {
    for kind in [PlotKind.line, .scatter] {
      _ = renderBoth(PlotSpec(kind: kind, series: [PlotSeries(name: "walk", points: points)]))
    }
    _ = renderBoth(PlotSpec(kind: .bar, bars: points.prefix(2000).map { PlotBar(label: "b", value: $0.y) }))
  }
  #expect(elapsed < .seconds(10))
}

@Test func denseLinesKeepMarkersSparse() {
  let points = (0..<1000).map { PlotPoint(x: Double($0), y: Double($0 % 7)) }
  let output = PlotRenderer.render(PlotSpec(kind: .line, series: [PlotSeries(name: "", points: points)]), style: .saved)
  let markers = output.filter { $0 == "*" }.count
  #expect(markers > 10 && markers < 60)
  #expect(output.contains("."))
}

@Test func negativeBarsGrowLeftFromZero() {
  let spec = PlotSpec(kind: .bar, bars: [PlotBar(label: "up", value: 2), PlotBar(label: "down", value: -2)])
  let lines = OutputCheck.lines(renderBoth(spec).ascii)
  let up = lines[0]
  let down = lines[1]
  let upStart = up.firstIndex(of: "#").map { up.distance(from: up.startIndex, to: $0) } ?? -1
  let downEnd = down.lastIndex(of: "#").map { down.distance(from: down.startIndex, to: $0) } ?? -1
  #expect(downEnd + 1 == upStart)
  #expect(up.hasSuffix(" 2.0"))
  #expect(down.hasSuffix("# -2.0"))
}

@Test func eighthBlocksShowFractions() {
  let spec = PlotSpec(kind: .bar, bars: [PlotBar(label: "a", value: 1), PlotBar(label: "b", value: 0.5)])
  let lines = OutputCheck.lines(PlotRenderer.render(spec, style: unicode80))
  let full = lines[0].filter { $0 == "█" }.count
  let half = lines[1].filter { $0 == "█" }.count
  #expect(full > 0)
  #expect(half == full / 2)
  if full % 2 == 1 { #expect(lines[1].contains("▌")) }
}

@Test func colourCodesOnlyDecorateTheMonochromeOutput() {
  for spec in [RenderFixtures.lossCurves, RenderFixtures.clouds, RenderFixtures.hitRates, RenderFixtures.deltas] {
    let plain = PlotRenderer.render(spec, style: .terminal(width: 70, color: false))
    let coloured = PlotRenderer.render(spec, style: .terminal(width: 70, color: true))
    #expect(coloured.contains("\u{1B}["))
    #expect(OutputCheck.stripANSI(coloured) == plain)
    let asciiColour = PlotRenderer.render(spec, style: RenderStyle(width: 70, unicode: false, markdownTables: true, color: true))
    #expect(asciiColour == PlotRenderer.render(spec, style: .saved.withWidth(70)))
  }
}

@Test func legendPolicy() {
  let unnamed = PlotSpec(kind: .line, series: [PlotSeries(name: "", points: [PlotPoint(x: 0, y: 0), PlotPoint(x: 1, y: 1)])])
  #expect(!renderBoth(unnamed).ascii.contains("series 1"))
  let twoUnnamed = PlotSpec(kind: .scatter, series: [
    PlotSeries(name: "", points: [PlotPoint(x: 0, y: 0)]), PlotSeries(name: "", points: [PlotPoint(x: 1, y: 1)]),
  ])
  #expect(renderBoth(twoUnnamed).ascii.hasSuffix("\n* series 1   o series 2"))
  let many = PlotSpec(kind: .scatter, series: (0..<10).map { PlotSeries(name: "s\($0)", points: [PlotPoint(x: Double($0), y: 1)]) })
  let legend = OutputCheck.lines(renderBoth(many, width: 40).ascii).suffix(2)
  #expect(Array(legend) == ["* s0   o s1   + s2   x s3   # s4   @ s5", "% s6   & s7   * s8   o s9"])
}

extension RenderStyle {
  /// The same style with another width.
  fileprivate func withWidth(_ width: Int) -> RenderStyle {
    var copy = self
    copy.width = width
    return copy
  }
}

@Test func extremeStyleAndSpecNumbersDoNotCrash() {
  for width in [Int.min, -1, 0, 1, Int.max] {
    for unicode in [false, true] {
      let style = RenderStyle(width: width, unicode: unicode, markdownTables: !unicode)
      for spec in [RenderFixtures.lossCurves, RenderFixtures.clouds, RenderFixtures.hitRates, RenderFixtures.deltas] {
        var tall = spec
        tall.height = width
        let output = PlotRenderer.render(tall, style: style)
        #expect(OutputCheck.maxWidth(output) <= min(max(40, width), 1000))
      }
      let table = TableRenderer.render(RenderFixtures.results, style: style, digits: width)
      #expect(OutputCheck.lines(table).count == 5)
    }
  }
}

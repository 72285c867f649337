import Testing
@testable import SSRNotebook

/// Random chart specifications covering awkward values, sizes and text.
private struct SpecGenerator {
  var random: TestRandom

  static let texts = ["", "loss", "Hit rate @10", "é accents", "日本語", "a|b", "two\nlines", "tab\there", "🙂", String(repeating: "long ", count: 30)]
  static let scales: [Double] = [1e-9, 1e-3, 1, 7, 1e3, 1e12, 1e300]

  mutating func value() -> Double {
    if random.chance(0.04) { return random.pick([.nan, .infinity, -.infinity]) }
    if random.chance(0.05) { return random.pick([0, -0.0, .greatestFiniteMagnitude, -.leastNonzeroMagnitude]) }
    return (random.unit() - 0.3) * random.pick(Self.scales)
  }

  mutating func name() -> String {
    let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    return String((0..<random.int(0...12)).map { _ in random.pick(letters) })
  }

  mutating func spec() -> PlotSpec {
    let kind = random.pick([PlotKind.line, .scatter, .bar])
    let seriesCount = random.int(0...5)
    let series = (0..<seriesCount).map { _ -> PlotSeries in
      let count = random.chance(0.03) ? 1500 : random.int(0...40)
      let constantY = random.chance(0.1) ? value() : nil
      let constantX = random.chance(0.1) ? value() : nil
      return PlotSeries(name: name(), points: (0..<count).map { index in
        PlotPoint(x: constantX ?? (random.chance(0.5) ? Double(index) : value()), y: constantY ?? value())
      })
    }
    let bars = (0..<random.int(0...12)).map { _ in PlotBar(label: random.pick(Self.texts), value: value()) }
    return PlotSpec(
      kind: kind,
      title: random.chance(0.7) ? random.pick(Self.texts) : nil,
      xLabel: random.chance(0.5) ? random.pick(Self.texts) : nil,
      yLabel: random.chance(0.5) ? random.pick(Self.texts) : nil,
      series: series, bars: bars, height: random.int(-2...30))
  }

  mutating func style() -> RenderStyle {
    RenderStyle(width: random.int(0...160), unicode: random.chance(0.5), markdownTables: random.chance(0.5), color: random.chance(0.3))
  }
}

@Test func randomChartsKeepInvariants() {
  var generator = SpecGenerator(random: TestRandom(seed: 7))
  for _ in 0..<400 {
    let spec = generator.spec()
    let style = generator.style()
    let output = PlotRenderer.render(spec, style: style)
    let plain = OutputCheck.stripANSI(output)
    let context = "\(spec)\n\(style)\n\(output)"
    #expect(output == PlotRenderer.render(spec, style: style), "not deterministic")
    #expect(OutputCheck.maxWidth(output) <= min(max(40, style.width), 1000), "too wide: \(context)")
    #expect(OutputCheck.hasNoTrailingSpaces(output), "trailing spaces: \(context)")
    #expect(!output.hasSuffix("\n") && !output.isEmpty)
    if !style.unicode {
      #expect(OutputCheck.isPrintableASCII(output), "not 7-bit: \(context)")
    }
    if !(style.color && style.unicode) { #expect(plain == output) }

    let points = spec.series.flatMap(\.points)
    let hidden = points.filter { !$0.x.isFinite || !$0.y.isFinite }.count
    switch spec.kind {
    case .line, .scatter:
      if points.count == hidden {
        #expect(plain.contains("(no data)"))
      } else if spec.series.count >= 2 || spec.series.contains(where: { !$0.name.isEmpty }) {
        for (index, series) in spec.series.enumerated() {
          let shown = series.name.isEmpty ? "series \(index + 1)" : series.name
          let marker = RenderGlyphs(unicode: style.unicode).marker(index)
          #expect(plain.contains("\(marker) \(shown)"), "legend misses \(shown): \(context)")
        }
      }
      if hidden > 0 {
        #expect(plain.hasSuffix("\n\(hidden) point\(hidden == 1 ? "" : "s") not shown (NaN/inf)") || plain.hasSuffix("\(hidden) point\(hidden == 1 ? "" : "s") not shown (NaN/inf)"))
      } else {
        #expect(!plain.contains("not shown"))
      }
    case .bar:
      let badBars = spec.bars.filter { !$0.value.isFinite }.count
      if badBars > 0 {
        #expect(plain.hasSuffix("\(badBars) bar\(badBars == 1 ? "" : "s") not drawn (NaN/inf)"))
      }
      if badBars < spec.bars.count {
        #expect(OutputCheck.lines(plain).count >= spec.bars.count + 2)
      }
    }
  }
}

@Test func randomChartsHaveDistinctXTickLabels() {
  var generator = SpecGenerator(random: TestRandom(seed: 11))
  for _ in 0..<200 {
    var spec = generator.spec()
    spec.kind = .scatter
    spec.xLabel = nil
    spec.series = [PlotSeries(name: "", points: [PlotPoint(x: generator.value(), y: 1), PlotPoint(x: generator.value(), y: 2)])]
    let style = generator.style()
    let lines = OutputCheck.lines(OutputCheck.stripANSI(PlotRenderer.render(spec, style: style)))
    guard let axisIndex = lines.firstIndex(where: { $0.contains("└") || $0.contains("++") || $0.contains("+-") }),
      axisIndex + 1 < lines.count
    else { continue }
    // Labels are separated by at least two spaces, so splitting on double spaces gives every label.
    let labels = lines[axisIndex + 1].split(separator: "  ").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    #expect(Set(labels).count == labels.count, "duplicate or overlapping labels: \(lines[axisIndex + 1])")
    #expect(labels.allSatisfy { !$0.contains(" ") }, "labels run together: \(lines[axisIndex + 1])")
  }
}

extension Substring {
  fileprivate func trimmingSpaces() -> String {
    String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
  }
}

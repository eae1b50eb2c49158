import Foundation

/// Draws a ``Figure`` as a standalone SVG document (no script, no external
/// resource): axes with ticks and labels, the layers, a legend and, for
/// continuous cells, a colour bar.
///
/// The geometry is recoverable: the root carries the plot area as
/// `data-plot="left top width height"` (px); layer i is `<g data-layer="i">`;
/// a line is `<polyline points="px,py …">` pieces; a marker is a `<path>`
/// whose `d` starts with `M cx cy`; a bar or a cell is a `<rect>`. Mapping
/// px back through the axes gives the JSON numbers to within 0.005 px.
public struct SVGRenderer: Sendable {
  /// Total size in px.
  public var width = 720.0
  public var height = 430.0
  /// Margins around the plot area (the right one holds the legend).
  public var left = 78.0, top = 16.0, bottom = 54.0, right = 215.0
  /// Font size in px: legible at 100 % zoom.
  public var fontSize = 13.0
  /// Legend lines wrap at this many characters (fits the right margin at 13 px).
  var legendWidth = 22

  public init() {}

  /// The plot area (left, top, width, height) in px, honouring `equalAspect`.
  public func plotArea(_ f: Figure) -> (x: Double, y: Double, w: Double, h: Double) {
    let left = leftMargin(f)
    var w = width - left - right, h = height - top - bottom
    if f.equalAspect {
      let dx = f.xAxis.upper - f.xAxis.lower, dy = f.yAxis.upper - f.yAxis.lower
      let scale = Swift.min(w / dx, h / dy)
      (w, h) = (dx * scale, dy * scale)
    }
    return (left, top, w, h)
  }

  /// The left margin: wider for a categorical y axis, whose names stand left of the plot.
  func leftMargin(_ f: Figure) -> Double {
    guard let names = f.yAxis.categories else { return left }
    return Swift.max(left, 34 + 7.4 * Double(names.map(\.count).max() ?? 0))
  }

  public func render(_ f: Figure) -> String {
    let area = plotArea(f)
    // An equal-aspect plot may leave room below: the picture is only as tall as it needs (legend included).
    let legendRows = f.layers.filter(\.legend).reduce(0) { $0 + ($1.categories?.count ?? 1) }
    let height = Swift.min(self.height, Swift.max(area.y + area.h + bottom, area.y + 30 + 22 * Double(legendRows)))
    func px(_ x: Double) -> Double { area.x + f.xAxis.fraction(x) * area.w }
    func py(_ y: Double) -> Double { area.y + (1 - f.yAxis.fraction(y)) * area.h }
    func n(_ v: Double) -> String { String(format: "%.3f", v) }
    var out: [String] = []
    let clip = "clip-\(f.id)"
    out.append("""
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" \
      font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="\(n(fontSize))" data-figure="\(escape(f.id))" \
      data-plot="\(n(area.x)) \(n(area.y)) \(n(area.w)) \(n(area.h))" role="img" aria-label="\(escape(f.title))">
      """)
    out.append("<title>\(escape(f.title))</title>")
    out.append("<defs><clipPath id=\"\(escape(clip))\"><rect x=\"\(n(area.x))\" y=\"\(n(area.y))\" " +
        "width=\"\(n(area.w))\" height=\"\(n(area.h))\"/></clipPath></defs>")
    out.append("<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#ffffff\"/>")

    // Layers, clipped to the plot area.
    for (index, layer) in f.layers.enumerated() {
      // Markers are not clipped: a planted point on the frame stays whole.
      let clipping = layer.kind == .scatter ? "" : " clip-path=\"url(#\(escape(clip)))\""
      var g = "<g data-layer=\"\(index)\" data-kind=\"\(layer.kind.rawValue)\" data-name=\"\(escape(layer.name))\"\(clipping)>"
      let dash = layer.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
      switch layer.kind {
      case .line:
        var pieces: [[String]] = [[]]
        for (x, y) in zip(layer.x, layer.y) {
          if x.isFinite, y.isFinite, f.xAxis.fraction(x).isFinite, f.yAxis.fraction(y).isFinite {
            pieces[pieces.count - 1].append("\(n(px(x))),\(n(py(y)))")
          } else if !pieces[pieces.count - 1].isEmpty {
            pieces.append([])
          }
        }
        for piece in pieces where !piece.isEmpty {
          g += "<polyline fill=\"none\" stroke=\"\(layer.color)\" " +
              "stroke-width=\"\(n(layer.lineWidth))\"\(dash) stroke-linejoin=\"round\" " +
              "points=\"\(piece.joined(separator: " "))\"/>"
        }
        if let marker = layer.marker {
          for (x, y) in zip(layer.x, layer.y) where x.isFinite && y.isFinite {
            g += markerPath(marker, px(x), py(y), color: layer.color, size: 4.5)
          }
        }
      case .scatter:
        for (x, y) in zip(layer.x, layer.y) where x.isFinite && y.isFinite {
          g += markerPath(layer.marker ?? .circle, px(x), py(y), color: layer.color, size: 5)
        }
      case .bars:
        let w = layer.width ?? 1
        let base = f.yAxis.scale == .log ? f.yAxis.lower : 0
        for (x, y) in zip(layer.x, layer.y) where y > base {
          let (x0, x1, y0, y1) = (px(x), px(x + w), py(y), py(base))
          g += "<rect x=\"\(n(x0))\" y=\"\(n(y0))\" width=\"\(n(x1 - x0))\" height=\"\(n(y1 - y0))\" " +
              "fill=\"\(layer.color)\" stroke=\"\(Palette.ink)\" stroke-width=\"0.8\"/>"
        }
      case .cells:
        let (w, h) = (layer.width ?? 1, layer.height ?? 1)
        let values = layer.values ?? []
        let labelled = layer.categories == nil && values.count <= 80
        for (i, (x, y)) in zip(layer.x, layer.y).enumerated() {
          let v = i < values.count ? values[i] : .nan
          let color: String
          if layer.categories != nil {
            let c = Int(v)
            let palette = layer.palette ?? Palette.categorical
            color = c >= 0 && c < palette.count ? palette[c] : "#ffffff"
          } else {
            color = f.colorScale?.color(v) ?? Palette.sequential(0)
          }
          // On a log axis the cell's extent is the factor `width` (`height`) centred at x (y).
          let (xa, xb) = f.xAxis.scale == .log ? (x / w.squareRoot(), x * w.squareRoot()) : (x - w / 2, x + w / 2)
          let (ya, yb) = f.yAxis.scale == .log ? (y / h.squareRoot(), y * h.squareRoot()) : (y - h / 2, y + h / 2)
          let (x0, x1, y0, y1) = (px(xa), px(xb), py(yb), py(ya))
          g += "<rect x=\"\(n(x0))\" y=\"\(n(y0))\" width=\"\(n(x1 - x0))\" height=\"\(n(y1 - y0))\" " +
              "fill=\"\(color)\" shape-rendering=\"crispEdges\" data-value=\"\(v)\"/>"
          if labelled, v.isFinite {
            let u = f.colorScale.map { Figure.Axis("", scale: $0.scale, $0.lower, $0.upper).fraction(v) } ?? 0
            g += "<text x=\"\(n((x0 + x1) / 2))\" y=\"\(n((y0 + y1) / 2 + 4))\" text-anchor=\"middle\" " +
                "font-size=\"11\" " +
                "fill=\"\(u < 0.6 ? "#ffffff" : Palette.ink)\">\(String(format: "%.2g", v))</text>"
          }
        }
      }
      g += "</g>"
      out.append(g)
    }

    // Axes: frame, ticks, labels.
    out.append("<rect x=\"\(n(area.x))\" y=\"\(n(area.y))\" width=\"\(n(area.w))\" height=\"\(n(area.h))\" " +
        "fill=\"none\" stroke=\"\(Palette.ink)\" stroke-width=\"1\"/>")
    func label(_ t: Double, _ axis: Figure.Axis) -> String {
      guard let names = axis.categories else { return Self.tickLabel(t, axis.scale) }
      let i = Int(t.rounded()) - 1
      return names.indices.contains(i) ? names[i] : ""
    }
    for t in Self.ticks(f.xAxis) {
      let x = px(t)
      out.append("<line x1=\"\(n(x))\" y1=\"\(n(area.y + area.h))\" x2=\"\(n(x))\" " +
          "y2=\"\(n(area.y + area.h + 5))\" stroke=\"\(Palette.ink)\"/>")
      out.append("<text x=\"\(n(x))\" y=\"\(n(area.y + area.h + 19))\" " +
          "text-anchor=\"middle\">\(escape(label(t, f.xAxis)))</text>")
    }
    for t in Self.ticks(f.yAxis) {
      let y = py(t)
      out.append("<line x1=\"\(n(area.x - 5))\" y1=\"\(n(y))\" x2=\"\(n(area.x))\" y2=\"\(n(y))\" stroke=\"\(Palette.ink)\"/>")
      out.append("<text x=\"\(n(area.x - 8))\" y=\"\(n(y + 4))\" text-anchor=\"end\">\(escape(label(t, f.yAxis)))</text>")
    }
    let xLabel = f.xAxis.label + (f.xAxis.scale == .log ? " (log scale)" : "")
    let yLabel = f.yAxis.label + (f.yAxis.scale == .log ? " (log scale)" : "")
    out.append("<text x=\"\(n(area.x + area.w / 2))\" y=\"\(n(area.y + area.h + 42))\" text-anchor=\"middle\">\(escape(xLabel))</text>")
    out.append("<text transform=\"translate(16 \(n(area.y + area.h / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>")

    // Legend (right margin).
    var ly = area.y + 8
    let lx = area.x + area.w + 14
    var seen = Set<String>()
    for layer in f.layers where layer.legend && seen.insert(layer.name).inserted {
      if let categories = layer.categories {
        let palette = layer.palette ?? Palette.categorical
        for (i, c) in categories.enumerated() where i < palette.count {
          out.append("<rect x=\"\(n(lx))\" y=\"\(n(ly - 9))\" width=\"22\" height=\"12\" " +
              "fill=\"\(palette[i])\" stroke=\"\(Palette.ink)\" stroke-width=\"0.5\"/>")
          let lines = Self.wrap(c, width: legendWidth)
          for (k, line) in lines.enumerated() {
            out.append("<text x=\"\(n(lx + 28))\" y=\"\(n(ly + 1 + Double(k) * 15))\">\(escape(line))</text>")
          }
          ly += 19 + 15 * Double(lines.count - 1)
        }
        continue
      }
      switch layer.kind {
      case .line:
        let dash = layer.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        out.append("<line x1=\"\(n(lx))\" y1=\"\(n(ly - 4))\" x2=\"\(n(lx + 22))\" y2=\"\(n(ly - 4))\" " +
            "stroke=\"\(layer.color)\" stroke-width=\"\(n(layer.lineWidth))\"\(dash)/>")
        if let m = layer.marker { out.append(markerPath(m, lx + 11, ly - 4, color: layer.color, size: 4.5)) }
      case .scatter:
        out.append(markerPath(layer.marker ?? .circle, lx + 11, ly - 4, color: layer.color, size: 5))
      case .bars, .cells:
        out.append("<rect x=\"\(n(lx))\" y=\"\(n(ly - 9))\" width=\"22\" height=\"12\" " +
            "fill=\"\(layer.color)\" stroke=\"\(Palette.ink)\" stroke-width=\"0.5\"/>")
      }
      let lines = Self.wrap(layer.name, width: legendWidth)
      for (k, line) in lines.enumerated() {
        out.append("<text x=\"\(n(lx + 28))\" y=\"\(n(ly + Double(k) * 15))\">\(escape(line))</text>")
      }
      ly += 19 + 15 * Double(lines.count - 1)
    }
    // Colour bar for continuous cells.
    if let scale = f.colorScale {
      let (bx, bw, bh) = (lx, 16.0, 150.0)
      let by = Swift.max(ly + 10, area.y + 8)
      for k in 0..<30 {
        let u = (Double(k) + 0.5) / 30
        out.append("<rect x=\"\(n(bx))\" y=\"\(n(by + bh * (1 - Double(k + 1) / 30)))\" width=\"\(n(bw))\" " +
            "height=\"\(n(bh / 30 + 0.5))\" fill=\"\(Palette.sequential(u))\"/>")
      }
      out.append("<rect x=\"\(n(bx))\" y=\"\(n(by))\" width=\"\(n(bw))\" height=\"\(n(bh))\" fill=\"none\" " +
          "stroke=\"\(Palette.ink)\" stroke-width=\"0.5\"/>")
      let axis = Figure.Axis(scale.label, scale: scale.scale, scale.lower, scale.upper)
      for t in Self.ticks(axis) {
        let y = by + bh * (1 - axis.fraction(t))
        out.append("<text x=\"\(n(bx + bw + 5))\" y=\"\(n(y + 4))\">\(escape(Self.tickLabel(t, scale.scale)))</text>")
      }
      for (k, line) in Self.wrap(scale.label, width: 22).enumerated() {
        out.append("<text x=\"\(n(bx))\" y=\"\(n(by + bh + 18 + 15 * Double(k)))\">\(escape(line))</text>")
      }
    }
    out.append("</svg>")
    return out.joined(separator: "\n")
  }

  /// A marker's path: `M cx cy` then relative moves, so the centre is the path's first point.
  func markerPath(_ m: Figure.Marker, _ cx: Double, _ cy: Double, color: String, size r: Double) -> String {
    func n(_ v: Double) -> String { String(format: "%.3f", v) }
    let d: String
    var filled = true
    switch m {
    case .circle: d = "M \(n(cx)) \(n(cy)) m \(n(-r)) 0 a \(n(r)) \(n(r)) 0 1 0 \(n(2 * r)) 0 a \(n(r)) \(n(r)) 0 1 0 \(n(-2 * r)) 0 z"
    case .square: d = "M \(n(cx)) \(n(cy)) m \(n(-r)) \(n(-r)) h \(n(2 * r)) v \(n(2 * r)) h \(n(-2 * r)) z"
    case .triangle: d = "M \(n(cx)) \(n(cy)) m 0 \(n(-1.2 * r)) l \(n(1.1 * r)) \(n(2 * r)) h \(n(-2.2 * r)) z"
    case .diamond: d =
        "M \(n(cx)) \(n(cy)) m 0 \(n(-1.3 * r)) l \(n(1.3 * r)) \(n(1.3 * r)) l \(n(-1.3 * r)) " +
        "\(n(1.3 * r)) l \(n(-1.3 * r)) \(n(-1.3 * r)) z"
    case .cross:
      d = "M \(n(cx)) \(n(cy)) m \(n(-r)) \(n(-r)) l \(n(2 * r)) \(n(2 * r)) m 0 \(n(-2 * r)) l \(n(-2 * r)) \(n(2 * r))"
      filled = false
    }
    return "<path d=\"\(d)\" fill=\"\(filled ? color : "none")\" stroke=\"\(filled ? "#ffffff" : color)\" " +
        "stroke-width=\"\(filled ? "0.8" : "2")\"/>"
  }

  /// Tick positions: 1-2-5 steps on a linear axis, powers of ten (and 2, 5 within one decade) on a log axis.
  public static func ticks(_ axis: Figure.Axis) -> [Double] {
    if let names = axis.categories { return names.indices.map { Double($0 + 1) } }
    let (a, b) = (Swift.min(axis.lower, axis.upper), Swift.max(axis.lower, axis.upper))
    switch axis.scale {
    case .linear:
      let raw = (b - a) / 5
      guard raw > 0, raw.isFinite else { return [a] }
      let p = pow(10, floor(log10(raw)))
      let step = [1.0, 2, 5, 10].map { $0 * p }.first { $0 >= raw } ?? 10 * p
      var t = ceil(a / step - 1e-9) * step
      var out: [Double] = []
      while t <= b + 1e-9 * step {
        out.append(abs(t) < 1e-12 * step ? 0 : t)
        t += step
      }
      return out
    case .log:
      guard a > 0 else { return [] }
      let (lo, hi) = (Int(floor(log10(a) + 1e-9)), Int(ceil(log10(b) - 1e-9)))
      var out: [Double] = []
      let mantissas: [Double] = hi - lo <= 1 ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : hi - lo <= 2 ? [1, 2, 5] : [1]
      let every = Swift.max(1, (hi - lo + 1) / 7)
      for e in stride(from: lo, through: hi, by: every) {
        for m in mantissas {
          let t = m * pow(10, Double(e))
          if t >= a * (1 - 1e-9) && t <= b * (1 + 1e-9) { out.append(t) }
        }
      }
      // A narrow log range (under a factor of ~3): 1-2-5 steps, still placed on the log scale.
      if out.count < 3 { return ticks(Figure.Axis(axis.label, scale: .linear, a, b)).filter { $0 > 0 } }
      return out
    }
  }

  /// A tick's label: powers of ten as 10^k (superscript digits), others compactly.
  public static func tickLabel(_ t: Double, _ scale: Figure.Axis.Scale) -> String {
    if scale == .log {
      let e = log10(t)
      if abs(e - e.rounded()) < 1e-9 {
        let k = Int(e.rounded())
        if (-2...3).contains(k) { return String(format: "%g", t) }
        let superscripts: [Character: Character] = ["-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³",
            "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹"]
        return "10" + String(String(k).map { superscripts[$0] ?? $0 })
      }
    }
    return String(format: "%g", t)
  }

  static func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = [], current = ""
    for word in text.split(separator: " ") {
      if !current.isEmpty && current.count + word.count + 1 > width {
        lines.append(current)
        current = String(word)
      } else {
        current += (current.isEmpty ? "" : " ") + word
      }
    }
    if !current.isEmpty { lines.append(current) }
    return lines.isEmpty ? [""] : lines
  }
}

/// Escapes text for XML content and attribute values.
func escape(_ s: String) -> String {
  var out = ""
  for c in s {
    switch c {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    default: out.append(c)
    }
  }
  return out
}

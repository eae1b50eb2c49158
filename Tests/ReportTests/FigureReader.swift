import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Report

/// Reads a rendered figure back: parses the SVG as XML and maps every drawn
/// mark through the axes to data coordinates, then compares with the
/// figure's layers. A list of problems, empty when the drawing is the data.
final class FigureReader: NSObject, XMLParserDelegate {
  struct Element {
    var name: String
    var attributes: [String: String]
    var layer: Int?
  }

  private(set) var elements: [Element] = []
  private(set) var rootAttributes: [String: String] = [:]
  private var layerStack: [Int?] = []
  private(set) var parseError: String?

  /// Parses `svg`; nil when it is not well-formed XML.
  static func read(_ svg: String) -> FigureReader? {
    let reader = FigureReader()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = reader
    guard parser.parse(), reader.parseError == nil else { return nil }
    return reader
  }

  func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
    if name == "svg" && rootAttributes.isEmpty { rootAttributes = attributes }
    let layer = attributes["data-layer"].flatMap(Int.init) ?? layerStack.last ?? nil
    layerStack.append(layer)
    elements.append(Element(name: name, attributes: attributes, layer: layer))
  }

  func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
    layerStack.removeLast()
  }

  func parser(_ parser: XMLParser, parseErrorOccurred error: any Error) { parseError = "\(error)" }

  /// Every mark of layer `i`, as data coordinates.
  func marks(layer i: Int, figure f: Figure) -> (points: [(Double, Double)], rects: [(x0: Double, x1: Double, y0: Double, y1: Double, fill: String)]) {
    let plot = (rootAttributes["data-plot"] ?? "").split(separator: " ").compactMap { Double($0) }
    guard plot.count == 4 else { return ([], []) }
    func dataX(_ px: Double) -> Double { f.xAxis.value(atFraction: (px - plot[0]) / plot[2]) }
    func dataY(_ py: Double) -> Double { f.yAxis.value(atFraction: 1 - (py - plot[1]) / plot[3]) }
    var points: [(Double, Double)] = []
    var rects: [(Double, Double, Double, Double, String)] = []
    for e in elements where e.layer == i {
      switch e.name {
      case "polyline":
        for pair in (e.attributes["points"] ?? "").split(separator: " ") {
          let c = pair.split(separator: ",").compactMap { Double($0) }
          if c.count == 2 { points.append((dataX(c[0]), dataY(c[1]))) }
        }
      case "path":
        let tokens = (e.attributes["d"] ?? "").split(separator: " ")
        if tokens.count >= 3, tokens[0] == "M", let x = Double(tokens[1]), let y = Double(tokens[2]) { points.append((dataX(x), dataY(y))) }
      case "rect":
        let a = e.attributes
        if let x = a["x"].flatMap(Double.init), let y = a["y"].flatMap(Double.init), let w = a["width"].flatMap(Double.init), let h = a["height"].flatMap(Double.init) {
          rects.append((dataX(x), dataX(x + w), dataY(y + h), dataY(y), a["fill"] ?? ""))
        }
      default: break
      }
    }
    return (points, rects)
  }

  /// Compares every layer of `f` with what this SVG draws for it.
  /// Tolerance: 0.01 px (coordinates are written with 3 decimals), as a fraction of the plot area.
  func problems(against f: Figure) -> [String] {
    var out: [String] = []
    guard rootAttributes["data-figure"] == f.id else { return ["\(f.id): root is \(rootAttributes["data-figure"] ?? "missing")"] }
    let plot = (rootAttributes["data-plot"] ?? "").split(separator: " ").compactMap { Double($0) }
    guard plot.count == 4, plot[2] > 0, plot[3] > 0 else { return ["\(f.id): no plot area"] }
    func close(_ a: Double, _ b: Double, axis: Figure.Axis, px: Double) -> Bool {
      abs(axis.fraction(a) - axis.fraction(b)) * px <= 0.01
    }
    for (i, layer) in f.layers.enumerated() {
      let (points, rects) = marks(layer: i, figure: f)
      let finite = zip(layer.x, layer.y).filter { $0.0.isFinite && $0.1.isFinite }
      switch layer.kind {
      case .line, .scatter:
        // A line with markers draws each point twice (vertex, marker).
        let expected = layer.kind == .line && layer.marker != nil ? finite + finite : finite
        guard points.count == expected.count else {
          out.append("\(f.id) layer \(i) (\(layer.name)): \(points.count) points drawn, \(expected.count) in the data")
          continue
        }
        for (p, q) in zip(points, expected) where !(close(p.0, q.0, axis: f.xAxis, px: plot[2]) && close(p.1, q.1, axis: f.yAxis, px: plot[3])) {
          out.append("\(f.id) layer \(i) (\(layer.name)): drawn (\(p.0), \(p.1)), data (\(q.0), \(q.1))")
          break
        }
      case .bars:
        let base = f.yAxis.scale == .log ? f.yAxis.lower : 0
        let expected = zip(layer.x, layer.y).filter { $0.1 > base }
        guard rects.count == expected.count else { out.append("\(f.id) layer \(i): \(rects.count) bars, \(expected.count) in the data"); continue }
        for (r, q) in zip(rects, expected) where !(close(r.x0, q.0, axis: f.xAxis, px: plot[2]) && close(r.y1, q.1, axis: f.yAxis, px: plot[3])) {
          out.append("\(f.id) layer \(i): bar at (\(r.x0), \(r.y1)), data (\(q.0), \(q.1))")
          break
        }
      case .cells:
        let values = layer.values ?? []
        guard rects.count == layer.x.count, values.count == layer.x.count else {
          out.append("\(f.id) layer \(i): \(rects.count) cells drawn, \(layer.x.count) in the data")
          continue
        }
        for (k, r) in rects.enumerated() {
          let cx = f.xAxis.scale == .log ? (r.x0 * r.x1).squareRoot() : (r.x0 + r.x1) / 2
          let cy = f.yAxis.scale == .log ? (r.y0 * r.y1).squareRoot() : (r.y0 + r.y1) / 2
          let fill: String
          if layer.categories != nil {
            let palette = layer.palette ?? Palette.categorical
            fill = palette[Int(values[k])]
          } else {
            fill = f.colorScale?.color(values[k]) ?? ""
          }
          if !(close(cx, layer.x[k], axis: f.xAxis, px: plot[2]) && close(cy, layer.y[k], axis: f.yAxis, px: plot[3])) || r.fill != fill {
            out.append("\(f.id) layer \(i) cell \(k): drawn at (\(cx), \(cy)) in \(r.fill), data (\(layer.x[k]), \(layer.y[k])) value \(values[k]) in \(fill)")
            break
          }
        }
      }
    }
    return out
  }
}

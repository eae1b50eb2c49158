import Foundation

/// A figure as data: axes and layers. The report's JSON carries it as is,
/// and ``SVGRenderer`` draws it, so every drawn mark can be mapped back to a
/// number in the JSON (the tests do exactly that).
public struct Figure: Sendable, Hashable, Codable {
  /// An axis: its label (with units), scale and the plotted range.
  public struct Axis: Sendable, Hashable, Codable {
    public enum Scale: String, Sendable, Hashable, Codable { case linear, log }
    public var label: String
    public var scale: Scale
    public var lower: Double
    public var upper: Double
    /// A categorical axis: category i (from 1) sits at the value i and is labelled by its name
    /// instead of a number (linear scale; nil for a numeric axis).
    public var categories: [String]?

    public init(_ label: String, scale: Scale = .linear, _ lower: Double, _ upper: Double) {
      self.label = label
      self.scale = scale
      self.lower = lower
      self.upper = upper
    }

    /// A categorical axis over `categories`, each at its position 1, 2, … (half a unit of room at each end).
    public init(_ label: String, categories: [String]) {
      self.init(label, 0.5, Double(categories.count) + 0.5)
      self.categories = categories
    }

    /// The position of `value` in [0, 1] along the axis (log10 for a log scale).
    public func fraction(_ value: Double) -> Double {
      switch scale {
      case .linear: (value - lower) / (upper - lower)
      case .log: (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
      }
    }

    /// The inverse of ``fraction(_:)``.
    public func value(atFraction u: Double) -> Double {
      switch scale {
      case .linear: lower + u * (upper - lower)
      case .log: pow(10, log10(lower) + u * (log10(upper) - log10(lower)))
      }
    }
  }

  /// How a layer is drawn.
  public enum Kind: String, Sendable, Hashable, Codable {
    /// A polyline through (x_i, y_i); NaN coordinates break it into pieces.
    case line
    /// One marker per (x_i, y_i).
    case scatter
    /// Bars from y = axis floor to y_i, over [x_i, x_i + width].
    case bars
    /// Filled cells centred at (x_i, y_i), width × height, coloured by `values[i]`.
    case cells
  }

  /// A marker shape; each reads differently in grey-scale.
  public enum Marker: String, Sendable, Hashable, Codable { case circle, square, triangle, diamond, cross }

  /// One layer: data and style.
  public struct Layer: Sendable, Hashable, Codable {
    public var name: String
    public var kind: Kind
    public var x: [Double]
    public var y: [Double]
    /// Cells: the value of each cell (a category index when `categories` is set).
    public var values: [Double]?
    /// Bars and cells: the width (and cells: the height) in data units.
    public var width: Double?
    public var height: Double?
    /// Cells: category names (value i ↦ categories[i], colour palette[i]).
    public var categories: [String]?
    /// Cells with categories: the fill of each category (default ``Palette/categorical``).
    public var palette: [String]?
    /// Stroke (lines, markers) or fill (bars) colour, `#rrggbb`.
    public var color: String
    /// SVG dash pattern, e.g. "6 3"; nil for solid.
    public var dash: String?
    public var marker: Marker?
    /// Line width in px.
    public var lineWidth: Double
    /// Whether the layer appears in the legend.
    public var legend: Bool

    public init(
      _ name: String, kind: Kind, x: [Double], y: [Double], values: [Double]? = nil, width: Double? = nil, height: Double? = nil,
      categories: [String]? = nil, color: String = Palette.ink, dash: String? = nil, marker: Marker? = nil, lineWidth: Double = 1.5,
      legend: Bool = true
    ) {
      precondition(x.count == y.count, "layer \(name): x and y differ in length")
      self.name = name
      self.kind = kind
      self.x = x
      self.y = y
      self.values = values
      self.width = width
      self.height = height
      self.categories = categories
      self.color = color
      self.dash = dash
      self.marker = marker
      self.lineWidth = lineWidth
      self.legend = legend
    }
  }

  /// The anchor of the report's section, e.g. `phase-quartic-saddle`.
  public var id: String
  public var title: String
  /// What the figure shows and how to read it (the report prints it under the figure).
  public var caption: String
  public var xAxis: Axis
  public var yAxis: Axis
  public var layers: [Layer]
  /// Continuous cells: the colour scale's range and label.
  public var colorScale: ColorScale?
  /// Whether x and y use the same px per data unit (phase portraits).
  public var equalAspect: Bool

  /// A continuous colour scale for cells: value ↦ ``Palette/sequential(_:)``.
  public struct ColorScale: Sendable, Hashable, Codable {
    public var label: String
    public var scale: Axis.Scale
    public var lower: Double
    public var upper: Double

    public init(label: String, scale: Axis.Scale, lower: Double, upper: Double) {
      self.label = label
      self.scale = scale
      self.lower = lower
      self.upper = upper
    }

    /// The cell colour of `value`.
    public func color(_ value: Double) -> String {
      Palette.sequential(Axis(label, scale: scale, lower, upper).fraction(value))
    }
  }

  public init(
    id: String, title: String, caption: String, xAxis: Axis, yAxis: Axis, layers: [Layer],
    colorScale: ColorScale? = nil, equalAspect: Bool = false
  ) {
    self.id = id
    self.title = title
    self.caption = caption
    self.xAxis = xAxis
    self.yAxis = yAxis
    self.layers = layers
    self.colorScale = colorScale
    self.equalAspect = equalAspect
  }
}

/// Colours chosen to stay distinct in grey-scale print: the categorical
/// colours step through lightness (and lines add dash patterns and markers);
/// the sequential map rises monotonically in lightness.
public enum Palette {
  /// Text, axes, the darkest lines.
  public static let ink = "#1a1a1a"
  /// Categorical colours, dark to light (relative luminance ≈ 0.03, 0.12, 0.25, 0.45, 0.70).
  public static let categorical = ["#0b2a5b", "#b2182b", "#2c7fb8", "#e08214", "#c7e9b4"]
  /// Dash patterns paired with the categorical colours for lines.
  public static let dashes: [String?] = [nil, "7 3", "2 2", "9 3 2 3", "4 4"]
  public static let markers: [Figure.Marker] = [.circle, .square, .triangle, .diamond, .cross]

  /// Light fills for basin maps, distinct in lightness (≈ 0.93, 0.78, 0.66, 0.55), and a dark grey last (saddle or undecided).
  public static func basins(count: Int) -> [String] {
    let light = ["#f4f4f4", "#c9dcf0", "#f2c48d", "#9dbcd4"]
    return Array(light.prefix(Swift.max(0, count - 1))) + ["#3a3a3a"]
  }

  /// A dark-to-light sequential map (viridis-like stops: lightness increases
  /// monotonically, so a grey-scale print keeps the order). `u` is clamped to [0, 1].
  public static func sequential(_ u: Double) -> String {
    let stops: [(Double, Double, Double)] = [
      (0x44, 0x01, 0x54), (0x3b, 0x52, 0x8b), (0x21, 0x90, 0x8d), (0x5d, 0xc8, 0x63), (0xfd, 0xe7, 0x25),
    ]
    let t = Swift.min(Swift.max(u.isFinite ? u : 0, 0), 1) * Double(stops.count - 1)
    let i = Swift.min(Int(t), stops.count - 2)
    let s = t - Double(i)
    let (a, b) = (stops[i], stops[i + 1])
    func channel(_ p: Double, _ q: Double) -> Int { Int((p + s * (q - p)).rounded()) }
    return String(format: "#%02x%02x%02x", channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
  }
}

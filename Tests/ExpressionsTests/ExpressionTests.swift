import Testing
import Foundation
@testable import Expressions

/// The expression language: syntax, variables, refusals.
@Suite struct ExpressionParsingTests {
  @Test(arguments: [
    ("2 + 3*4^2", 50.0), ("-2^2", -4), ("2^3^2", 512), ("(1 + 2)*(3 - 5)/4", -1.5),
    ("2^-1", 0.5), ("4^0.5", 2), ("exp(0) + log(1) + log1p(0) + sqrt(9)", 4),
    ("sin(0) + cos(0) + tanh(0) + cosh(0) + sinh(0)", 2), ("1e-3*1000 + 2E1", 21), ("pi - pi + e - e", 0),
  ])
  func constantsEvaluate(text: String, value: Double) throws {
    // Needs one variable: add 0*z. Tolerance: a few ulps of the values involved.
    let f = try SmoothExpression("\(text) + 0*z")
    #expect(abs(f([1.0]) - value) <= 1e-14 * (1 + abs(value)))
  }

  @Test func namedVariablesAreAlphabeticalUnlessDeclared() throws {
    let f = try SmoothExpression("y - 2*x")
    #expect(f.variables == ["x", "y"])
    #expect(f([1.0, 5.0]) == 3)
    let g = try SmoothExpression("y - 2*x", variables: ["y", "x"])
    #expect(g([1.0, 5.0]) == -9)
  }

  @Test func indexedVariables() throws {
    let f = try SmoothExpression("x[1]*x[3]")
    #expect(f.variables == ["x[1]", "x[2]", "x[3]"])
    #expect(f([2.0, 100, 3]) == 6)
    let g = try SmoothExpression("x[1]", dimension: 4)
    #expect(g.dimension == 4)
  }

  @Test(arguments: [
    ("abs(x)", "not differentiable"), ("max(x, y)", "C²"), ("relu(x)", "refused"), ("foo(x)", "unknown function"),
    ("(x + 1", "expected ')'"), ("", "empty"), ("x +", "unexpected end"), ("x[1] + y", "mixes"),
    ("x $ y", "unexpected '$'"), ("exp", "needs an argument"), ("x^100", "too large"), ("1e999*x", "finite"),
  ])
  func malformedExpressionsThrowNamingTheProblem(text: String, fragment: String) {
    do {
      _ = try SmoothExpression(text)
      Issue.record("'\(text)' parsed")
    } catch {
      #expect(error.description.contains(fragment), "\(error)")
    }
  }

  @Test func deepNestingIsAnErrorNotACrash() {
    let text = String(repeating: "(", count: 5000) + "x" + String(repeating: ")", count: 5000)
    #expect(throws: ExpressionError.self) { try SmoothExpression(text) }
  }

  @Test func unknownDeclaredVariable() {
    #expect(throws: ExpressionError.self) { try SmoothExpression("x + w", variables: ["x", "y"]) }
  }
}

/// Forward-mode derivatives against closed forms.
@Suite struct DualNumberTests {
  /// f = x³y + exp(xy) + log1p(x²) + sqrt(1 + y²) + tanh(x) + cosh(y) + sin(x)cos(y) + x/y.
  static let text = "x^3*y + exp(x*y) + log1p(x^2) + sqrt(1 + y^2) + tanh(x) + cosh(y) + sin(x)*cos(y) + x/y"

  static func closedForm(_ x: Double, _ y: Double) -> (g: [Double], h: [[Double]]) {
    let e = exp(x * y), s = sqrt(1 + y * y), t = tanh(x)
    let gx = 3 * x * x * y + y * e + 2 * x / (1 + x * x) + (1 - t * t) + cos(x) * cos(y) + 1 / y
    let gy = x * x * x + x * e + y / s + sinh(y) - sin(x) * sin(y) - x / (y * y)
    let hxx = 6 * x * y + y * y * e + (2 - 2 * x * x) / ((1 + x * x) * (1 + x * x)) - 2 * t * (1 - t * t) - sin(x) * cos(y)
    let hxy = 3 * x * x + e + x * y * e - cos(x) * sin(y) - 1 / (y * y)
    let hyy = x * x * e + 1 / (s * s * s) + cosh(y) - sin(x) * cos(y) + 2 * x / (y * y * y)
    return ([gx, gy], [[hxx, hxy], [hxy, hyy]])
  }

  @Test(arguments: [(0.3, 0.7), (-1.2, 0.4), (0.9, -1.5), (2.0, 1.0)])
  func gradientAndHessianMatchClosedForms(x: Double, y: Double) throws {
    let f = try SmoothExpression(Self.text)
    let (g, h) = Self.closedForm(x, y)
    // Gradient: seed direction e_i.
    for i in 0..<2 {
      let r = f([Dual(value: x, derivative: i == 0 ? 1.0 : 0), Dual(value: y, derivative: i == 1 ? 1.0 : 0)])
      // Both sides are O(20)-term sums of O(10) magnitudes: 1e-12 relative is ~50 ulps.
      #expect(abs(r.derivative - g[i]) <= 1e-12 * (1 + abs(g[i])), "∂f/∂x\(i)")
    }
    for i in 0..<2 {
      for j in 0..<2 {
        let p = [x, y]
        let seeded = (0..<2).map { k in
          HyperDual(value: Dual(value: p[k], derivative: k == j ? 1.0 : 0), derivative: Dual(value: k == i ? 1.0 : 0, derivative: 0))
        }
        let r = f(seeded)
        #expect(abs(r.derivative.derivative - h[i][j]) <= 1e-12 * (1 + abs(h[i][j])), "∂²f/∂x\(i)∂x\(j)")
      }
    }
  }

  /// A generic Swift function shares the evaluator: the same derivatives as its expression.
  struct Rosenbrock: ScalarFunction {
    var dimension: Int { 2 }
    func callAsFunction<T: SmoothScalar>(_ x: [T]) -> T {
      (T(1) - x[0]).power(2) + T(100) * (x[1] - x[0].power(2)).power(2)
    }
  }

  @Test func swiftGenericFunctionAgreesWithItsExpression() throws {
    let e = try SmoothExpression("(1 - x)^2 + 100*(y - x^2)^2")
    let r = Rosenbrock()
    let p = [Dual(value: 0.5, derivative: 1.0), Dual(value: -0.3, derivative: 0.0)]
    #expect(e(p).derivative == r(p).derivative)
    // ∂f/∂x = −2(1 − x) − 400x(y − x²) = −1 + 110 = 109 at (0.5, −0.3).
    #expect(abs(r(p).derivative - 109) <= 1e-12)
  }
}

@Suite struct DeclaredVariableTests {
  /// `--variables x,x` used to be accepted and then blamed the expression ("unknown variable 'y'").
  @Test("a declared variable list is refused naming the bad name: twice, not an identifier, a function or constant")
  func badDeclarations() {
    for (names, expected) in [(["x", "x"], "'x' is declared twice"), (["1v", "y"], "'1v' is not a variable name"),
                              (["pi", "y"], "'pi' is a function or constant name"), (["sin"], "'sin' is a function")] {
      #expect(throws: ExpressionError.self, "\(names)") { try SmoothExpression("x^2", variables: names) }
      do { _ = try SmoothExpression("x^2", variables: names) } catch {
        #expect(error.problem.hasPrefix("variables: ") && error.problem.contains(expected), "\(error.problem)")
      }
    }
    #expect((try? SmoothExpression("x[1]^2 + x[2]", variables: ["x[1]", "x[2]"])) != nil)
    #expect((try? SmoothExpression("u_1^2 + v", variables: ["u_1", "v"])) != nil)
  }
}

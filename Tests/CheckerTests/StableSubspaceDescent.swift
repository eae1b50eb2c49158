import LinearAlgebra
import Landscapes
import Dynamics

/// A deliberately broken method: a GD step followed by the orthogonal
/// projection onto the stable eigenspace of ∇²f at a saddle x*,
/// ```
/// g(x) = x* + P_s (x − α∇f(x) − x*)
/// ```
/// Its steps stay in the stable subspace, so every start converges to the
/// saddle. It is not a diffeomorphism (P_s is singular), which is exactly the
/// hypothesis the avoidance theorem needs: the checker must report `fails`.
struct StableSubspaceDescent: FirstOrderMethod {
  var stepSize: Double
  var saddle: Vector
  var projection: Matrix
  var iteration = 0

  init(stepSize: Double, saddle: PlantedCriticalPoint, hessian: Matrix) {
    self.stepSize = stepSize
    self.saddle = saddle.location
    let e = SymmetricEigendecomposition(of: hessian)
    let d = hessian.rows
    var p = Matrix(zeros: d, d)
    for k in 0..<d where e.eigenvalues[k] > 0 {
      let v = e.eigenvectors.column(k)
      p = p + Matrix.outer(v, v)
    }
    self.projection = p
  }

  var name: String { "gd+stable-projection(alpha=\(stepSize))" }

  mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector {
    iteration += 1
    var y = x
    y.add(objective.gradient(at: x), scaledBy: -stepSize)
    return saddle + projection * (y - saddle)
  }
}

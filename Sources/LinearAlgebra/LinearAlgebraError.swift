/// Errors of the dense linear algebra that depend on the data, not on the
/// caller's code: a matrix that should be positive definite is not, a system
/// is singular, an input from outside is malformed.
///
/// Shape mismatches between arguments are programming errors and trap with a
/// `precondition` instead.
public enum LinearAlgebraError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A Cholesky factorization or inverse square root met a non-positive pivot or eigenvalue.
  case notPositiveDefinite(detail: String)
  /// An LU solve met an exactly zero pivot.
  case singular(pivot: Int)
  /// Data from outside (JSON, command line) does not describe a valid object.
  case invalidInput(String)

  public var description: String {
    switch self {
    case .notPositiveDefinite(let detail): "matrix is not positive definite: \(detail)"
    case .singular(let pivot): "matrix is singular (zero pivot in column \(pivot))"
    case .invalidInput(let message): "invalid input: \(message)"
    }
  }
}

// SaddleCheckKit: one `import` for a user's package.
//
// `import SaddleCheckKit` gives everything a researcher needs to check their own
// objective and their own optimizer against the claims of CLAIMS.md: linear algebra
// (`Vector`, `Matrix`), seeded randomness, the `Objective` protocol and the landscape
// families, the methods and the `StepPolicy` extension point, the example policies,
// property testing and fixtures, the checker (`Battery`, `InstanceChecks`, the
// critical-point classifier), expressions and their certification, and the Swift
// Testing helpers (`SaddleCheckTesting`). The individual modules stay importable
// one by one for users who want less.
//
// Named `SaddleCheckKit`, not `SaddleCheck`, so that its build folder cannot collide
// with the `saddlecheck` executable's on a case-insensitive file system (macOS).

@_exported public import LinearAlgebra
@_exported public import Randomness
@_exported public import Landscapes
@_exported public import Dynamics
@_exported public import ExamplePolicies
@_exported public import PropertyTesting
@_exported public import Checker
@_exported public import Expressions
@_exported public import Certification
@_exported public import SaddleCheckTesting

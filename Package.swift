// swift-tools-version: 6.2
//
// SaddleCheck: executable, falsifiable checks of "first-order methods avoid
// strict saddle points". The user's design card says "packages: none": this
// manifest declares no package dependency; Foundation and Swift Testing come
// with the toolchain.

import PackageDescription

/// One list of Swift settings shared by every target (see shared/STYLE.md).
let swiftSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("MemberImportVisibility"),
  .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
  .enableUpcomingFeature("InferIsolatedConformances"),
]

/// libm on Linux: `log`, `exp`, `sqrt`, `cos`, SIMD `addProduct`.
let libm: [LinkerSetting] = [.linkedLibrary("m", .when(platforms: [.linux]))]

let package = Package(
  name: "SaddleCheck",
  products: [
    .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
    .library(name: "Randomness", targets: ["Randomness"]),
    .library(name: "Landscapes", targets: ["Landscapes"]),
    .library(name: "Dynamics", targets: ["Dynamics"]),
    .library(name: "ExamplePolicies", targets: ["ExamplePolicies"]),
    .library(name: "PropertyTesting", targets: ["PropertyTesting"]),
    .library(name: "Checker", targets: ["Checker"]),
    .library(name: "Expressions", targets: ["Expressions"]),
    .library(name: "Certification", targets: ["Certification"]),
    .library(name: "SaddleCheckTesting", targets: ["SaddleCheckTesting"]),
    .library(name: "Report", targets: ["Report"]),
    // One import for a user's package: every library above except Report.
    .library(name: "SaddleCheckKit", targets: ["SaddleCheckKit"]),
    .executable(name: "saddlecheck", targets: ["saddlecheck"]),
  ],
  targets: [
    // MARK: - Numerical core
    .target(
      name: "LinearAlgebra",
      swiftSettings: swiftSettings, linkerSettings: libm),
    .target(
      name: "Serialization",
      swiftSettings: swiftSettings),
    .target(
      name: "Randomness", dependencies: ["LinearAlgebra"],
      swiftSettings: swiftSettings, linkerSettings: libm),

    // Smooth scalars (Double, dual, hyper-dual, interval) and the expression language.
    .target(
      name: "Expressions",
      swiftSettings: swiftSettings, linkerSettings: libm),

    // MARK: - The generator, the dynamics, the engine, the checker
    .target(
      name: "Landscapes", dependencies: ["LinearAlgebra", "Randomness", "Serialization"],
      swiftSettings: swiftSettings, linkerSettings: libm),
    .target(
      name: "Dynamics", dependencies: ["LinearAlgebra", "Landscapes"],
      swiftSettings: swiftSettings, linkerSettings: libm),
    // User-style step policies (RMSProp, Adam), written against the public API only.
    .target(
      name: "ExamplePolicies", dependencies: ["LinearAlgebra", "Dynamics"],
      swiftSettings: swiftSettings),
    .target(
      name: "PropertyTesting", dependencies: ["Randomness", "Serialization"],
      swiftSettings: swiftSettings, linkerSettings: libm),
    .target(
      name: "Checker",
      dependencies: ["LinearAlgebra", "Randomness", "Landscapes", "Dynamics", "PropertyTesting", "Serialization"],
      swiftSettings: swiftSettings, linkerSettings: libm),

    // Certified L, f_low and critical points of a function on a box (interval arithmetic).
    .target(
      name: "Certification", dependencies: ["Expressions", "LinearAlgebra", "Landscapes"],
      swiftSettings: swiftSettings, linkerSettings: libm),

    // Swift Testing integration: verify properties, keep and replay fixtures.
    .target(
      name: "SaddleCheckTesting", dependencies: ["PropertyTesting", "Checker", "Randomness"],
      swiftSettings: swiftSettings),

    // The report: figures as data, SVG plots, the HTML page, the terminal verdict table.
    .target(
      name: "Report", dependencies: ["Checker", "Landscapes", "Dynamics", "LinearAlgebra", "Randomness", "PropertyTesting"],
      swiftSettings: swiftSettings, linkerSettings: libm),

    // The umbrella module a user imports (`import SaddleCheckKit`).
    .target(
      name: "SaddleCheckKit",
      dependencies: ["LinearAlgebra", "Randomness", "Landscapes", "Dynamics", "ExamplePolicies",
                     "PropertyTesting", "Checker", "Expressions", "Certification", "SaddleCheckTesting"],
      swiftSettings: swiftSettings),

    // MARK: - Command line
    .target(
      name: "SaddleCheckCommand",
      dependencies: ["Checker", "PropertyTesting", "Landscapes", "Dynamics", "ExamplePolicies", "LinearAlgebra", "Randomness", "Serialization", "Report",
                     "Expressions", "Certification"],
      swiftSettings: swiftSettings),
    .executableTarget(
      name: "saddlecheck", dependencies: ["SaddleCheckCommand"],
      swiftSettings: swiftSettings),

    // MARK: - Tests, one target per module
    .testTarget(
      name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "Randomness"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "SerializationTests", dependencies: ["Serialization"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "RandomnessTests", dependencies: ["Randomness", "LinearAlgebra", "PropertyTesting"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "LandscapesTests", dependencies: ["Landscapes", "LinearAlgebra", "Randomness", "Serialization"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "DynamicsTests", dependencies: ["Dynamics", "Landscapes", "LinearAlgebra", "Randomness"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "ExamplePoliciesTests", dependencies: ["ExamplePolicies", "Dynamics", "Landscapes", "LinearAlgebra"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "PropertyTestingTests", dependencies: ["PropertyTesting", "Randomness"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "CheckerTests",
      dependencies: ["Checker", "Landscapes", "Dynamics", "LinearAlgebra", "Randomness", "PropertyTesting", "SaddleCheckTesting", "ExamplePolicies"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "ReportTests", dependencies: ["Report", "Checker", "Landscapes", "Dynamics", "LinearAlgebra", "Randomness", "PropertyTesting"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "ExpressionsTests", dependencies: ["Expressions"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "CertificationTests", dependencies: ["Certification", "Expressions", "LinearAlgebra", "Landscapes", "Checker"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "SaddleCheckCommandTests", dependencies: ["SaddleCheckCommand", "Checker", "PropertyTesting", "Landscapes", "Dynamics"],
      exclude: ["BadInputs"],
      swiftSettings: swiftSettings),
    // Written as a user's package would be: `import SaddleCheckKit` only, no `@testable`.
    .testTarget(
      name: "UserPackageTests", dependencies: ["SaddleCheckKit"],
      swiftSettings: swiftSettings),
  ]
)

// swift-tools-version: 6.0
// Phantom in Swift: layers leaf first (see ../shared/docs/ARCHITECTURE.md §2).
import PackageDescription

/// Warnings are errors in every target of ours.
let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"])]

let package = Package(
    name: "Phantom",
    products: [
        .executable(name: "phantom", targets: ["phantom"]),
        .library(name: "PhantomCore", targets: ["PhantomCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
    ],
    targets: [
        // The object space, snapshot store, VM. No Foundation; must build under Embedded Swift.
        .target(name: "PhantomCore", swiftSettings: strict),
        // The Phantom language front end (.ph -> .pc).
        .target(name: "PhantomCompiler", dependencies: ["PhantomCore"], swiftSettings: strict),
        // The Linux platform: file block device, memory, background snapshot writer.
        .target(name: "PhantomHost", dependencies: ["PhantomCore"], swiftSettings: strict),
        // The command line, thin.
        .executableTarget(
            name: "phantom",
            dependencies: [
                "PhantomCore", "PhantomHost", "PhantomCompiler",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict),
        // Benchmarks (not tests): snapshot pause, write rate, recovery time.
        .executableTarget(
            name: "phantom-bench",
            dependencies: ["PhantomCore", "PhantomHost"],
            path: "Benchmarks/SnapshotBench",
            swiftSettings: strict),
        // Interpreter speed on small assembled programs.
        .executableTarget(
            name: "phantom-vmbench",
            dependencies: ["PhantomCore", "PhantomHost"],
            path: "Benchmarks/VMBench",
            swiftSettings: strict),
        // Long fuzz campaigns (not tests): `swift run -c release phantom-fuzz --help`.
        .executableTarget(
            name: "phantom-fuzz",
            dependencies: ["PhantomCore", "PhantomCompiler"],
            path: "Fuzz",
            swiftSettings: strict),
        // A scripted platform (fake clock, captured console) shared by the test targets.
        .target(
            name: "PhantomTestSupport", dependencies: ["PhantomCore"], path: "Tests/PhantomTestSupport",
            swiftSettings: strict),
        .testTarget(
            name: "PhantomCoreTests", dependencies: ["PhantomCore", "PhantomTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "PhantomCompilerTests", dependencies: ["PhantomCompiler", "PhantomCore", "PhantomTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "PhantomHostTests", dependencies: ["PhantomHost", "PhantomCore", "PhantomTestSupport"], exclude: ["Programs"],
            swiftSettings: strict),
    ]
)

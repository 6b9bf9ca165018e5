// swift-tools-version: 6.0
// TenantMock: a multi-tenant, stateful emulator of vendor access-control APIs.
// No package dependencies: only the toolchain's own modules.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "TenantMock",
    products: [
        .library(name: "TenantMock", targets: ["TenantMock"]),
        .library(name: "TenantMockTesting", targets: ["TenantMockTesting"]),
        .executable(name: "tenantmock", targets: ["tenantmock"]),
    ],
    targets: [
        // Engine: JSON, HTTP values, routing, tenants, fixtures, tokens, policies.
        .target(name: "TenantMockCore", swiftSettings: strict),
        // Vendor emulations, one module each, all behind the `Dialect` protocol.
        .target(name: "TenantMockAuth0", dependencies: ["TenantMockCore"], swiftSettings: strict),
        .target(name: "TenantMockCrux", dependencies: ["TenantMockCore"], swiftSettings: strict),
        // Contract and scenario model, matchers, runner, reports.
        .target(name: "TenantMockContracts", dependencies: ["TenantMockCore"], swiftSettings: strict),
        // epoll/eventfd are not visible through Glibc; this tiny shim exposes them.
        .target(name: "CTenantMockEpoll"),
        // The POSIX HTTP/1.1 sandbox server.
        .target(name: "TenantMockServer", dependencies: ["TenantMockCore", "CTenantMockEpoll"], swiftSettings: strict),
        // What client teams import (`import TenantMock`): it re-exports the engine and the
        // built-in dialects (TenantMockCore, TenantMockAuth0, TenantMockCrux) and adds
        // `DialectRegistry.builtIn`, the embedded default fixtures and the in-process transport.
        // The contract runner and the HTTP server are linked in but imported by name
        // (`import TenantMockContracts`, `import TenantMockServer`). The test kit, `Sandbox`,
        // is the separate `TenantMockTesting` product.
        .target(
            name: "TenantMock",
            dependencies: ["TenantMockCore", "TenantMockAuth0", "TenantMockCrux", "TenantMockContracts", "TenantMockServer"],
            swiftSettings: strict
        ),
        // The test kit for client teams' XCTest and Swift Testing suites: `Sandbox`, in-process or live.
        .target(name: "TenantMockTesting", dependencies: ["TenantMock"], swiftSettings: strict),
        .executableTarget(name: "tenantmock", dependencies: ["TenantMock"], swiftSettings: strict),
        // Engine micro-benchmarks: `swift run -c release tenantmock-bench`.
        .executableTarget(name: "tenantmock-bench", dependencies: ["TenantMock", "TenantMockServer"], path: "bench/Micro", swiftSettings: strict),

        // Helpers shared by the test targets (socket clients, thread rendezvous); not a product.
        .target(name: "TenantMockTestSupport", dependencies: ["TenantMock"], path: "Tests/Support", swiftSettings: strict),
        .testTarget(name: "TenantMockCoreTests", dependencies: ["TenantMockCore"], swiftSettings: strict),
        .testTarget(name: "TenantMockAuth0Tests", dependencies: ["TenantMock", "TenantMockTestSupport"], swiftSettings: strict),
        .testTarget(name: "TenantMockCruxTests", dependencies: ["TenantMock", "TenantMockTestSupport"], swiftSettings: strict),
        .testTarget(name: "TenantMockServerTests", dependencies: ["TenantMock"], swiftSettings: strict),
        .testTarget(name: "TenantMockContractsTests", dependencies: ["TenantMock"], swiftSettings: strict),
        .testTarget(name: "TenantMockTests", dependencies: ["TenantMock", "tenantmock"], swiftSettings: strict),
        .testTarget(name: "TenantMockTestingTests", dependencies: ["TenantMockTesting"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)

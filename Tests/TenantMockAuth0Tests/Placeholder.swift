import XCTest

final class TenantMockAuth0TestsPlaceholder: XCTestCase {}

import XCTest

final class TenantMockCoreTestsPlaceholder: XCTestCase {}

import XCTest

final class TenantMockCruxTestsPlaceholder: XCTestCase {}

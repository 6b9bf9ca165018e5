import XCTest

final class TenantMockTestsPlaceholder: XCTestCase {}

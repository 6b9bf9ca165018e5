import XCTest

final class TenantMockContractsTestsPlaceholder: XCTestCase {}

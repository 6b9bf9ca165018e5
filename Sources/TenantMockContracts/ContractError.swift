import TenantMockCore

/// Why a contract file was refused: which file, where in it, and why.
///
/// The same value as a refused fixture (`file: $.path: reason`): both are JSON
/// input files read with the same checks, so they share one error type.
public typealias ContractError = FixtureError

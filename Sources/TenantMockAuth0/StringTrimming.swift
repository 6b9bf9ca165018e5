extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (header values, comma lists).
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

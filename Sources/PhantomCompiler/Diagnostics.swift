// Diagnostics.swift — source files and the messages the compiler gives about them
// (PhantomCompiler, front end).
//
// Every problem the compiler finds is a `Diagnostic` with a file, a line and a column,
// printed the way compilers on Linux print them, with the source line and a caret:
//
//     counter.ph:12:9: error: 'x' is not defined
//         x = 5;
//         ^
//
// Nothing in the compiler traps on bad input: lexer, parser and checker report here and
// go on where they can, so one run shows several errors.

/// A source file's bytes (the language is byte-oriented, LANGUAGE.md §1) and where its
/// lines start.
public struct SourceFile: Sendable {
    /// The path as given on the command line (used in messages).
    public let path: String
    public let bytes: [UInt8]
    /// Offsets of the first byte of each line; lines end at LF.
    let lineStarts: [Int]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 0x0A { starts.append(offset + 1) }
        lineStarts = starts
    }

    public init(path: String, text: String) { self.init(path: path, bytes: Array(text.utf8)) }

    /// The text of 1-based `line` without its line end (CR dropped too), or "".
    public func line(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The location of byte `offset`.
    public func location(ofOffset offset: Int) -> SourceLocation {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return SourceLocation(line: low + 1, column: offset - lineStarts[low] + 1)
    }
}

/// One message about one place.
public struct Diagnostic: Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error, warning
    }

    public var severity: Severity
    public var message: String
    public var path: String
    public var location: SourceLocation
    /// The source line shown under the message ("" when unknown).
    public var sourceLine: String

    public init(_ severity: Severity, _ message: String, path: String, at location: SourceLocation, sourceLine: String) {
        self.severity = severity
        self.message = message
        self.path = path
        self.location = location
        self.sourceLine = sourceLine
    }

    /// `path:line:column: severity: message`.
    public var headline: String { "\(path):\(location.line):\(location.column): \(severity.rawValue): \(message)" }

    /// The headline, the source line and a caret under the column.
    public var description: String {
        guard !sourceLine.isEmpty else { return headline }
        var caret = ""
        // Keep tabs so the caret lines up under the same column in a terminal.
        for byte in sourceLine.utf8.prefix(max(0, location.column - 1)) { caret += byte == 0x09 ? "\t" : " " }
        return "\(headline)\n\(sourceLine)\n\(caret)^"
    }
}

/// Collects the diagnostics of one compilation, in the order found.
public struct DiagnosticList: Sendable {
    public private(set) var all: [Diagnostic] = []

    public init() {}

    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    public mutating func error(_ message: String, in file: SourceFile, at location: SourceLocation) {
        all.append(Diagnostic(.error, message, path: file.path, at: location, sourceLine: file.line(location.line)))
    }

    public mutating func warning(_ message: String, in file: SourceFile, at location: SourceLocation) {
        all.append(Diagnostic(.warning, message, path: file.path, at: location, sourceLine: file.line(location.line)))
    }

    public mutating func append(contentsOf other: DiagnosticList) { all += other.all }
}

// Lexer.swift — turns a `.ph` file's bytes into tokens (PhantomCompiler, front end).
//
// The rules are LANGUAGE.md §1. The input is read a byte at a time, as the original
// did; only ASCII may appear outside strings and comments. The parser (Parser.swift)
// reads the tokens; the places they carry end up in the syntax tree (AST.swift).
//
// A lexical error is reported with its place and lexing goes on, so that one run shows
// several errors. Where the error swallows text that would have been a token (a stray
// byte, `->` without `!`, an unterminated string or comment) an `.invalid` token stands
// in for it: the parser knows the error was already reported and says nothing more
// about that token. A malformed integer literal still becomes an integer (value 0), so
// the expression around it parses on.

/// The reserved words of LANGUAGE.md §1. `int`, `string`, `long`, `float` and `double`
/// are not among them: they are ordinary identifiers.
public enum Keyword: String, CaseIterable, Sendable {
    case attribute, package, `import`, `class`, interface, `public`, `static`, extends, implements
    case `if`, `else`, `while`, `do`, foreach, `in`, `return`, `switch`, `case`, `default`
    case `break`, `continue`, `try`, `catch`, `throw`, `var`, void, null, new, this
}

/// The punctuators of LANGUAGE.md §1; the raw value is the spelling.
public enum Punctuator: String, CaseIterable, Sendable {
    case leftBrace = "{", rightBrace = "}", leftParen = "(", rightParen = ")"
    case leftBracket = "[", rightBracket = "]", semicolon = ";", comma = ",", dot = ".", colon = ":"
    case at = "@", plus = "+", minus = "-", star = "*", slash = "/", percent = "%"
    case pipe = "|", ampersand = "&", tilde = "~", caret = "^", bang = "!"
    case pipePipe = "||", ampersandAmpersand = "&&", equalEqual = "==", bangEqual = "!="
    case less = "<", greater = ">", lessEqual = "<=", greaterEqual = ">=", equal = "=", dotEqual = ".="
    case colonEqualEqual = ":==", colonBangEqual = ":!=", bangArrow = "!->", arrowBang = "->!"
}

/// One token and the place of its first byte.
public struct Token: Equatable, Sendable {
    /// What was read.
    public enum Kind: Equatable, Sendable {
        case identifier(String)
        case keyword(Keyword)
        /// Already truncated to 32 bits (LANGUAGE.md §1).
        case integer(Int32)
        /// The bytes of a string literal, escapes decoded.
        case string([UInt8])
        case punctuator(Punctuator)
        /// Text a lexical error swallowed; the error has been reported.
        case invalid
        /// Always the last token.
        case endOfFile
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// Splits a source file into tokens.
public enum Lexer {
    /// The tokens of `file`, ending with `.endOfFile`; lexical errors go to `diagnostics`.
    public static func tokenize(_ file: SourceFile, diagnostics: inout DiagnosticList) -> [Token] {
        var scanner = Scanner(file: file)
        scanner.run()
        diagnostics.append(contentsOf: scanner.diagnostics)
        return scanner.tokens
    }
}

/// The lexer's position in one file and what it has produced so far.
private struct Scanner {
    let file: SourceFile
    let bytes: [UInt8]
    var offset = 0
    var tokens: [Token] = []
    var diagnostics = DiagnosticList()

    init(file: SourceFile) {
        self.file = file
        bytes = file.bytes
    }

    mutating func run() {
        while true {
            skipWhitespaceAndComments()
            guard offset < bytes.count else { break }
            let byte = bytes[offset]
            if Self.isIdentifierStart(byte) {
                scanWord()
            } else if Self.isDigit(byte) {
                scanInteger()
            } else if byte == UInt8(ascii: "\"") {
                scanString()
            } else if !scanPunctuator() {
                scanStrayBytes()
            }
        }
        tokens.append(Token(.endOfFile, at: file.location(ofOffset: bytes.count)))
    }

    // MARK: - Helpers

    func byte(at index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }

    func location(_ offset: Int) -> SourceLocation { file.location(ofOffset: offset) }

    mutating func emit(_ kind: Token.Kind, from start: Int) { tokens.append(Token(kind, at: location(start))) }

    /// Every lexer message says so, to tell it apart from the parser's.
    mutating func error(_ message: String, at offset: Int) {
        diagnostics.error("lexical error: \(message)", in: file, at: location(offset))
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x24
    }

    static func isIdentifierPart(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }

    static func hexValue(_ byte: UInt8) -> UInt64? {
        switch byte {
        case 0x30...0x39: UInt64(byte - 0x30)
        case 0x41...0x46: UInt64(byte - 0x41 + 10)
        case 0x61...0x66: UInt64(byte - 0x61 + 10)
        default: nil
        }
    }

    /// Space, tab, LF, VT, FF and CR (CRLF files occur in the corpus).
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    /// How a byte looks in a message: itself if printable ASCII, else in hex.
    static func describe(_ byte: UInt8) -> String {
        guard isPrintable(byte) else { return "byte 0x\(String(byte, radix: 16, uppercase: true))" }
        return "'\(Character(Unicode.Scalar(byte)))'"
    }

    static func isPrintable(_ byte: UInt8) -> Bool { byte >= 0x21 && byte <= 0x7E }

    // MARK: - Whitespace and comments

    /// Comments are whitespace; an unterminated `/*` swallows the rest of the file.
    mutating func skipWhitespaceAndComments() {
        while let byte = byte(at: offset) {
            if Self.isWhitespace(byte) {
                offset += 1
            } else if byte == UInt8(ascii: "/"), self.byte(at: offset + 1) == UInt8(ascii: "/") {
                while let next = self.byte(at: offset), next != 0x0A { offset += 1 }
            } else if byte == UInt8(ascii: "/"), self.byte(at: offset + 1) == UInt8(ascii: "*") {
                let start = offset
                offset += 2
                while offset < bytes.count,
                    !(bytes[offset] == UInt8(ascii: "*") && self.byte(at: offset + 1) == UInt8(ascii: "/"))
                {
                    offset += 1
                }
                guard offset < bytes.count else {
                    error("unterminated comment ('/*' without '*/')", at: start)
                    emit(.invalid, from: start)
                    return
                }
                offset += 2
            } else {
                return
            }
        }
    }

    // MARK: - Tokens

    /// An identifier, or a keyword when the text is reserved.
    mutating func scanWord() {
        let start = offset
        while let byte = byte(at: offset), Self.isIdentifierPart(byte) { offset += 1 }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        emit(Keyword(rawValue: text).map { .keyword($0) } ?? .identifier(text), from: start)
    }

    /// Decimal, octal (leading `0`) or hex (`0x`, lowercase x only). The value is read as
    /// 64 bits and truncated to 32; more than 64 bits is an error, as is 8 or 9 in octal.
    mutating func scanInteger() {
        let start = offset
        var radix: UInt64 = 10
        if bytes[offset] == UInt8(ascii: "0") {
            if byte(at: offset + 1) == UInt8(ascii: "x"), let next = byte(at: offset + 2), Self.hexValue(next) != nil {
                radix = 16
                offset += 2
            } else {
                radix = 8
            }
        }
        var value: UInt64 = 0
        var overflow = false
        var badOctalDigit: UInt8?
        while let byte = byte(at: offset) {
            let digit: UInt64
            if radix == 16 {
                guard let hex = Self.hexValue(byte) else { break }
                digit = hex
            } else {
                guard Self.isDigit(byte) else { break }
                digit = UInt64(byte - 0x30)
                if radix == 8, digit >= 8, badOctalDigit == nil { badOctalDigit = byte }
            }
            let (shifted, overflowMultiply) = value.multipliedReportingOverflow(by: radix)
            let (sum, overflowAdd) = shifted.addingReportingOverflow(digit)
            overflow = overflow || overflowMultiply || overflowAdd
            value = sum
            offset += 1
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        if let bad = badOctalDigit {
            let digit = Character(Unicode.Scalar(bad))
            error("invalid digit '\(digit)' in octal literal '\(text)' (a leading 0 means octal)", at: start)
            value = 0
        } else if overflow {
            error("integer literal '\(text)' does not fit in 64 bits", at: start)
            value = 0
        }
        emit(.integer(Int32(truncatingIfNeeded: value)), from: start)
    }

    /// A string literal; it may span lines. Only `\" \n \r \t \b` are escapes.
    mutating func scanString() {
        let start = offset
        offset += 1
        var value: [UInt8] = []
        while let byte = byte(at: offset) {
            if byte == UInt8(ascii: "\"") {
                offset += 1
                emit(.string(value), from: start)
                return
            }
            guard byte == UInt8(ascii: "\\") else {
                value.append(byte)
                offset += 1
                continue
            }
            guard let escaped = self.byte(at: offset + 1) else { break }
            switch escaped {
            case UInt8(ascii: "\""): value.append(0x22)
            case UInt8(ascii: "n"): value.append(0x0A)
            case UInt8(ascii: "r"): value.append(0x0D)
            case UInt8(ascii: "t"): value.append(0x09)
            // Not backspace: the original maps \b to BEL (LANGUAGE.md §1).
            case UInt8(ascii: "b"): value.append(0x07)
            default:
                let shown =
                    Self.isPrintable(escaped)
                    ? "'\\\(Character(Unicode.Scalar(escaped)))'" : "'\\' before \(Self.describe(escaped))"
                let allowed = "only \\\" \\n \\r \\t \\b exist; a backslash cannot be written"
                error("invalid escape \(shown) in string (\(allowed))", at: offset)
            }
            offset += 2
        }
        error("unterminated string literal", at: start)
        emit(.invalid, from: start)
        offset = bytes.count
    }

    /// The longest punctuator at `offset`, or false if none starts there. A proper prefix
    /// of a longer punctuator that is not itself one (`!-`, `->`, `:!`, `:=`) is an error.
    mutating func scanPunctuator() -> Bool {
        for (prefix, whole) in [("!-", "!->"), ("->", "->!"), (":!", ":!="), (":=", ":==")]
        where matches(prefix) && !matches(whole) {
            error("'\(prefix)' is not a token (only '\(whole)' is)", at: offset)
            emit(.invalid, from: offset)
            offset += 2
            return true
        }
        for length in [3, 2, 1] where offset + length <= bytes.count {
            let text = String(decoding: bytes[offset..<offset + length], as: UTF8.self)
            if let punctuator = Punctuator(rawValue: text) {
                emit(.punctuator(punctuator), from: offset)
                offset += length
                return true
            }
        }
        return false
    }

    func matches(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        return offset + utf8.count <= bytes.count && bytes[offset..<offset + utf8.count].elementsEqual(utf8)
    }

    /// A run of bytes that start no token (`?`, `'`, `#`, control or non-ASCII bytes):
    /// one error for the whole run, so a stray UTF-8 character is reported once.
    mutating func scanStrayBytes() {
        let start = offset
        offset += 1
        while let byte = byte(at: offset), !Self.isWhitespace(byte), startsNoToken(at: offset) { offset += 1 }
        let first = bytes[start]
        let why = first >= 0x80 ? " (only ASCII is allowed outside strings and comments)" : ""
        error("unexpected character \(Self.describe(first))\(why)", at: start)
        emit(.invalid, from: start)
    }

    func startsNoToken(at index: Int) -> Bool {
        let byte = bytes[index]
        if Self.isIdentifierPart(byte) || byte == UInt8(ascii: "\"") { return false }
        let text = String(decoding: [byte], as: UTF8.self)
        return !Punctuator.allCases.contains { $0.rawValue.hasPrefix(text) }
    }
}

// Assembler.swift — Phantom bytecode from text (PhantomCore, VM layer).
//
// The inverse of the disassembler (Disassembler.swift): it reads the listing format,
// with or without the IP column, and gives back the bytes, so that VM tests can be
// written before the compiler exists. Like the disassembler it knows nothing about the
// encoding beyond the opcode table in Opcodes.swift: mnemonics and operand layouts come
// from `Opcode.info`. The syntax is documented with an example in Docs/Assembler.md.
//
// One method: `Assembler.assemble(text)` → code bytes. A whole class:
// `Assembler.assembleClass(text)` → `ClassFile` (ClassFile.swift), whose `serialize()`
// gives a `.pc` file.
//
// Two passes over one method. The first encodes every instruction, leaving rel32
// fields zero and recording a fixup for each; instruction sizes never depend on jump
// targets, so label addresses are known when the method ends. The second resolves
// each fixup: displacement = target − address of the displacement field (BYTECODE.md
// §1), the same rule the decoder applies backwards.
//
// Every mistake in the text is an `AssemblyError` with its 1-based line and column
// (columns count bytes of the line); nothing here traps on bad input. No Dictionary:
// hashing under Embedded Swift needs a random seed from the platform, so mnemonics are
// found by binary search and labels by a linear scan.

/// A mistake in assembler source and where it is: "line L, column C: message".
public struct AssemblyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line of the source.
    public let line: Int
    /// 1-based byte column in that line.
    public let column: Int
    public let message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// Turns assembler text into method code or a class file (syntax in Docs/Assembler.md).
public enum Assembler {
    /// The code of one method. Class directives (`.class`, `.method` …) are refused.
    public static func assemble(_ source: String) throws(AssemblyError) -> [UInt8] {
        var method = MethodBuilder()
        for (number, line) in lines(of: source) {
            let tokens = try Lexer.tokens(of: line, line: number)
            var cursor = Cursor(tokens: tokens, line: number, endColumn: line.count + 1)
            if let first = cursor.peek, first.kind == .word, Directive(first.text) != nil,
                cursor.peek(1)?.kind != .punct(UInt8(ascii: ":"))
            {
                throw cursor.error(at: first, "'\(first.string)' belongs in a class; use assembleClass")
            }
            try method.add(&cursor)
        }
        return try method.finish()
    }

    /// A class: `.class`, then `.field`, `.const` and `.method` … `.end` in any order.
    public static func assembleClass(_ source: String) throws(AssemblyError) -> ClassFile {
        var builder = ClassBuilder()
        var lastLine = 1
        for (number, line) in lines(of: source) {
            let tokens = try Lexer.tokens(of: line, line: number)
            var cursor = Cursor(tokens: tokens, line: number, endColumn: line.count + 1)
            try builder.add(&cursor)
            lastLine = number
        }
        return try builder.finish(lastLine: lastLine)
    }

    /// The source split at "\n", numbered from 1 (a "\r" before it is blank space).
    private static func lines(of source: String) -> [(Int, [UInt8])] {
        var result: [(Int, [UInt8])] = []
        var current: [UInt8] = []
        for byte in source.utf8 {
            if byte == UInt8(ascii: "\n") {
                result.append((result.count + 1, current))
                current = []
            } else {
                current.append(byte)
            }
        }
        if !current.isEmpty { result.append((result.count + 1, current)) }
        return result
    }
}

// MARK: - Tokens

/// One token of a line, with its kind, its value and where it starts.
private struct Token {
    /// What the token is; decides which operands it can be.
    enum Kind: Equatable {
        /// A mnemonic, label, key or name: letters, digits, `_ . < > $`, not a digit first.
        case word
        /// An integer literal as written: optional `-`, decimal or `0x` hex.
        case number
        /// `@N`: an absolute IP; `text` is N as written.
        case address
        /// A quoted string; `text` is its bytes with escapes resolved.
        case string
        /// One of `: = [ ] ,`.
        case punct(UInt8)
    }

    let kind: Kind
    let text: [UInt8]
    /// The token as written, for messages.
    let raw: [UInt8]
    let column: Int

    var string: String { String(decoding: text, as: UTF8.self) }
    var rawString: String { String(decoding: raw, as: UTF8.self) }
}

/// Splits one line into tokens; a `;` outside a string starts a comment.
private enum Lexer {
    static func tokens(of line: [UInt8], line number: Int) throws(AssemblyError) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        while i < line.count {
            let c = line[i]
            let start = i
            func fail(_ message: String) -> AssemblyError {
                AssemblyError(line: number, column: start + 1, message: message)
            }
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") {
                i += 1
                continue
            }
            if c == UInt8(ascii: ";") { break }
            let kind: Token.Kind
            var text: [UInt8] = []
            if c == UInt8(ascii: "\"") {
                kind = .string
                text = try string(line, &i, line: number)
            } else if c == UInt8(ascii: "@") {
                kind = .address
                i += 1
                if i < line.count, line[i] == UInt8(ascii: "-") { i += 1 }
                while i < line.count, isWordByte(line[i]) { i += 1 }
                text = Array(line[start + 1..<i])
                if text.isEmpty { throw fail("expected an address after '@'") }
            } else if isDigit(c) || (c == UInt8(ascii: "-") && i + 1 < line.count && isDigit(line[i + 1])) {
                kind = .number
                i += 1
                while i < line.count, isWordByte(line[i]) { i += 1 }
                text = Array(line[start..<i])
            } else if isWordByte(c) {
                kind = .word
                while i < line.count, isWordByte(line[i]) { i += 1 }
                text = Array(line[start..<i])
            } else if c == UInt8(ascii: ":") || c == UInt8(ascii: "=") || c == UInt8(ascii: "[")
                || c == UInt8(ascii: "]") || c == UInt8(ascii: ",")
            {
                kind = .punct(c)
                i += 1
            } else {
                throw fail("unexpected character \(Disassembler.quoted([c]))")
            }
            tokens.append(Token(kind: kind, text: text, raw: Array(line[start..<i]), column: start + 1))
        }
        return tokens
    }

    /// A quoted string starting at `i`, with the listing's escapes: \" \\ \n \r \t \xHH.
    /// Other bytes, UTF-8 included, stand for themselves.
    private static func string(
        _ line: [UInt8], _ i: inout Int, line number: Int
    ) throws(AssemblyError) -> [UInt8] {
        let opening = i + 1
        var bytes: [UInt8] = []
        i += 1
        while i < line.count {
            let c = line[i]
            i += 1
            if c == UInt8(ascii: "\"") { return bytes }
            guard c == UInt8(ascii: "\\") else {
                bytes.append(c)
                continue
            }
            guard i < line.count else { break }
            let escape = line[i]
            i += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(escape)
            case UInt8(ascii: "n"): bytes.append(UInt8(ascii: "\n"))
            case UInt8(ascii: "r"): bytes.append(UInt8(ascii: "\r"))
            case UInt8(ascii: "t"): bytes.append(UInt8(ascii: "\t"))
            case UInt8(ascii: "x"):
                guard i + 1 < line.count, let high = hexValue(line[i]), let low = hexValue(line[i + 1]) else {
                    throw AssemblyError(line: number, column: i - 1, message: "\\x needs two hex digits")
                }
                bytes.append(high << 4 | low)
                i += 2
            default:
                throw AssemblyError(
                    line: number, column: i - 1,
                    message: "unknown escape \\\(String(decoding: [escape], as: UTF8.self))")
            }
        }
        throw AssemblyError(line: number, column: opening, message: "unterminated string")
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    static func isWordByte(_ c: UInt8) -> Bool {
        isDigit(c) || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z"))
            || c == UInt8(ascii: "_") || c == UInt8(ascii: ".") || c == UInt8(ascii: "<")
            || c == UInt8(ascii: ">") || c == UInt8(ascii: "$")
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        if isDigit(c) { return c - UInt8(ascii: "0") }
        let lower = c | 0x20
        if lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f") { return lower - UInt8(ascii: "a") + 10 }
        return nil
    }
}

// MARK: - Operands

/// An integer range an operand must lie in, and how messages name it.
private struct IntegerKind {
    let range: ClosedRange<Int64>
    let name: String

    static let u8 = IntegerKind(range: 0...255, name: "a u8 (0...255)")
    static let i32 = IntegerKind(range: Int64(Int32.min)...Int64(Int32.max), name: "an i32 (-2147483648...2147483647)")
    static let u32 = IntegerKind(range: 0...Int64(UInt32.max), name: "a u32 (0...4294967295)")
    static let i64 = IntegerKind(range: Int64.min...Int64.max, name: "an i64 (64-bit signed)")
    static let count = IntegerKind(range: 0...Int64(Int32.max), name: "a count (0...2147483647)")
    static let address = IntegerKind(range: Int64.min...Int64.max, name: "an address")
}

/// A rel32's target before labels are known.
private enum Target {
    case address(Int64)
    case label([UInt8])
}

/// Reads the tokens of one line in order, with messages that say what was expected.
private struct Cursor {
    let tokens: [Token]
    let line: Int
    /// The column just past the line's text, where a missing operand is reported.
    let endColumn: Int
    var index = 0

    init(tokens: [Token], line: Int, endColumn: Int) {
        self.tokens = tokens
        self.line = line
        self.endColumn = endColumn
    }

    var peek: Token? { peek(0) }
    func peek(_ ahead: Int) -> Token? { index + ahead < tokens.count ? tokens[index + ahead] : nil }
    var atEnd: Bool { index >= tokens.count }

    mutating func next() -> Token? {
        defer { index += 1 }
        return peek
    }

    func error(at token: Token?, _ message: String) -> AssemblyError {
        AssemblyError(line: line, column: token?.column ?? endColumn, message: message)
    }

    /// The next token, or an error saying `what` is missing.
    mutating func take(_ what: String) throws(AssemblyError) -> Token {
        guard let token = next() else { throw error(at: nil, "missing operand: expected \(what)") }
        return token
    }

    mutating func integer(_ kind: IntegerKind) throws(AssemblyError) -> Int64 {
        let token = try take(kind.name)
        return try Cursor.value(of: token, kind, line: line)
    }

    static func value(of token: Token, _ kind: IntegerKind, line: Int) throws(AssemblyError) -> Int64 {
        let fail = { (message: String) in AssemblyError(line: line, column: token.column, message: message) }
        guard token.kind == .number || token.kind == .address else {
            throw fail("expected \(kind.name), found '\(token.rawString)'")
        }
        switch parseInteger(token.text) {
        case .malformed: throw fail("malformed number '\(token.rawString)'")
        case .value(let value) where kind.range.contains(value): return value
        case .value, .tooLarge: throw fail("\(token.rawString) is out of range for \(kind.name)")
        }
    }

    /// `name=`, as in `obj=1` or `n=2`.
    mutating func key(_ name: String) throws(AssemblyError) {
        let token = try take("'\(name)='")
        guard token.kind == .word, token.string == name, peek?.kind == .punct(UInt8(ascii: "=")) else {
            throw error(at: token, "expected '\(name)=', found '\(token.rawString)'")
        }
        index += 1
    }

    mutating func punct(_ c: UInt8) throws(AssemblyError) {
        let what = "'\(String(decoding: [c], as: UTF8.self))'"
        let token = try take(what)
        guard token.kind == .punct(c) else { throw error(at: token, "expected \(what), found '\(token.rawString)'") }
    }

    mutating func string() throws(AssemblyError) -> [UInt8] {
        let token = try take("a quoted string")
        guard token.kind == .string else {
            throw error(at: token, "expected a quoted string, found '\(token.rawString)'")
        }
        return token.text
    }

    mutating func word(_ what: String) throws(AssemblyError) -> Token {
        let token = try take(what)
        guard token.kind == .word else { throw error(at: token, "expected \(what), found '\(token.rawString)'") }
        return token
    }

    /// A jump target: `@N` or a label name.
    mutating func target() throws(AssemblyError) -> (Target, Token) {
        let token = try take("a jump target (@N or a label)")
        switch token.kind {
        case .address: return (.address(try Cursor.value(of: token, .address, line: line)), token)
        case .word: return (.label(token.text), token)
        default: throw error(at: token, "expected a jump target (@N or a label), found '\(token.rawString)'")
        }
    }

    func expectEnd(after what: String) throws(AssemblyError) {
        if let extra = peek { throw error(at: extra, "unexpected '\(extra.rawString)' after \(what)") }
    }
}

/// The result of reading an integer literal.
private enum ParsedInteger {
    case value(Int64)
    case tooLarge
    case malformed
}

/// Decimal or `0x` hex, with an optional leading `-`.
private func parseInteger(_ text: [UInt8]) -> ParsedInteger {
    var digits = text[...]
    let negative = digits.first == UInt8(ascii: "-")
    if negative { digits = digits.dropFirst() }
    var radix: UInt64 = 10
    if digits.count > 2, digits.first == UInt8(ascii: "0"), digits.dropFirst().first! | 0x20 == UInt8(ascii: "x") {
        radix = 16
        digits = digits.dropFirst(2)
    }
    guard !digits.isEmpty else { return .malformed }
    var magnitude: UInt64 = 0
    var overflow = false
    for c in digits {
        guard let digit = Lexer.hexValue(c), UInt64(digit) < radix else { return .malformed }
        let (shifted, o1) = magnitude.multipliedReportingOverflow(by: radix)
        let (sum, o2) = shifted.addingReportingOverflow(UInt64(digit))
        overflow = overflow || o1 || o2
        magnitude = sum
    }
    if overflow { return .tooLarge }
    if negative {
        return magnitude <= UInt64(Int64.max) + 1 ? .value(Int64(bitPattern: 0 &- magnitude)) : .tooLarge
    }
    return magnitude <= UInt64(Int64.max) ? .value(Int64(magnitude)) : .tooLarge
}

// MARK: - One method

/// The opcodes sorted by mnemonic bytes, for binary search.
private let mnemonicTable: [([UInt8], Opcode)] = Opcode.allCases
    .map { (Array($0.info.mnemonic.utf8), $0) }
    .sorted { $0.0.lexicographicallyPrecedes($1.0) }

private func opcode(named name: [UInt8]) -> Opcode? {
    var low = 0
    var high = mnemonicTable.count
    while low < high {
        let middle = (low + high) / 2
        let candidate = mnemonicTable[middle].0
        if candidate == name { return mnemonicTable[middle].1 }
        if candidate.lexicographicallyPrecedes(name) { low = middle + 1 } else { high = middle }
    }
    return nil
}

/// The code of one method as it is assembled: bytes, labels and unresolved jumps.
private struct MethodBuilder {
    /// A rel32 to fill in (`at` is nil for a switch's `default`, which is only checked
    /// against `base`, the end of the table).
    struct Fixup {
        let at: Int?
        let base: Int
        let target: Target
        let token: Token
        let line: Int
    }

    var code: [UInt8] = []
    var labels: [(name: [UInt8], address: Int)] = []
    var fixups: [Fixup] = []

    /// One line: an optional listing IP, any labels, then at most one instruction.
    mutating func add(_ cursor: inout Cursor) throws(AssemblyError) {
        if let first = cursor.peek, first.kind == .number {
            cursor.index += 1
            let ip = try Cursor.value(of: first, .count, line: cursor.line)
            guard ip == code.count else {
                throw cursor.error(at: first, "listing IP \(ip) does not match the address \(code.count)")
            }
        }
        while let name = cursor.peek, name.kind == .word, cursor.peek(1)?.kind == .punct(UInt8(ascii: ":")) {
            if labels.contains(where: { $0.name == name.text }) {
                throw cursor.error(at: name, "duplicate label '\(name.string)'")
            }
            labels.append((name.text, code.count))
            cursor.index += 2
        }
        guard let mnemonic = cursor.next() else { return }
        guard mnemonic.kind == .word else {
            throw cursor.error(at: mnemonic, "expected a mnemonic, found '\(mnemonic.rawString)'")
        }
        guard let opcode = opcode(named: mnemonic.text) else {
            throw cursor.error(at: mnemonic, "unknown mnemonic '\(mnemonic.string)'")
        }
        try encode(opcode, &cursor)
        try cursor.expectEnd(after: "the operands of \(mnemonic.string)")
    }

    private mutating func encode(_ opcode: Opcode, _ cursor: inout Cursor) throws(AssemblyError) {
        let ip = code.count
        code.append(opcode.rawValue)
        switch opcode.info.operands {
        case .none, .callShort:
            break
        case .u8:
            code.append(UInt8(try cursor.integer(.u8)))
        case .u8u8:
            try cursor.key("obj")
            code.append(UInt8(try cursor.integer(.u8)))
            try cursor.key("int")
            code.append(UInt8(try cursor.integer(.u8)))
        case .i32:
            append32(UInt32(truncatingIfNeeded: try cursor.integer(.i32)))
        case .i64:
            let value = UInt64(bitPattern: try cursor.integer(.i64))
            append32(UInt32(truncatingIfNeeded: value >> 32))
            append32(UInt32(truncatingIfNeeded: value))
        case .rel32:
            try jump(base: ip + 1, &cursor)
        case .str:
            appendString(try cursor.string())
        case .callCount:
            try cursor.key("n")
            code.append(UInt8(try cursor.integer(.u8)))
        case .callU8I32:
            try cursor.key("ord")
            code.append(UInt8(try cursor.integer(.u8)))
            try cursor.key("n")
            append32(UInt32(truncatingIfNeeded: try cursor.integer(.i32)))
        case .callI32I32:
            try cursor.key("ord")
            append32(UInt32(truncatingIfNeeded: try cursor.integer(.i32)))
            try cursor.key("n")
            append32(UInt32(truncatingIfNeeded: try cursor.integer(.i32)))
        case .debug:
            let flags = UInt8(try cursor.integer(.u8))
            code.append(flags)
            if flags & 0x80 != 0 {
                appendString(try cursor.string())
            } else if let message = cursor.peek, message.kind == .string {
                throw cursor.error(at: message, "a debug message needs flag 0x80")
            }
        case .switchTable:
            try switchTable(&cursor)
        }
    }

    /// `shift=S div=D [t0, t1, …]`, optionally followed by `default T`, which must be
    /// the first byte after the table (as the listing prints it).
    private mutating func switchTable(_ cursor: inout Cursor) throws(AssemblyError) {
        try cursor.key("shift")
        let shift = try cursor.integer(.i32)
        try cursor.key("div")
        let divisor = try cursor.integer(.u32)
        try cursor.punct(UInt8(ascii: "["))
        var targets: [(Target, Token)] = []
        if cursor.peek?.kind == .punct(UInt8(ascii: "]")) {
            cursor.index += 1
        } else {
            while true {
                targets.append(try cursor.target())
                let separator = try cursor.take("',' or ']'")
                if separator.kind == .punct(UInt8(ascii: "]")) { break }
                guard separator.kind == .punct(UInt8(ascii: ",")) else {
                    throw cursor.error(at: separator, "expected ',' or ']', found '\(separator.rawString)'")
                }
            }
        }
        append32(UInt32(truncatingIfNeeded: targets.count))
        append32(UInt32(truncatingIfNeeded: shift))
        append32(UInt32(truncatingIfNeeded: divisor))
        for (target, token) in targets {
            fixups.append(Fixup(at: code.count, base: code.count, target: target, token: token, line: cursor.line))
            append32(0)
        }
        if let word = cursor.peek, word.kind == .word, word.string == "default" {
            cursor.index += 1
            let (target, token) = try cursor.target()
            fixups.append(Fixup(at: nil, base: code.count, target: target, token: token, line: cursor.line))
        }
    }

    private mutating func jump(base: Int, _ cursor: inout Cursor) throws(AssemblyError) {
        let (target, token) = try cursor.target()
        fixups.append(Fixup(at: code.count, base: base, target: target, token: token, line: cursor.line))
        append32(0)
    }

    private mutating func append32(_ value: UInt32) {
        code.append(UInt8(truncatingIfNeeded: value >> 24))
        code.append(UInt8(truncatingIfNeeded: value >> 16))
        code.append(UInt8(truncatingIfNeeded: value >> 8))
        code.append(UInt8(truncatingIfNeeded: value))
    }

    private mutating func appendString(_ bytes: [UInt8]) {
        append32(UInt32(truncatingIfNeeded: bytes.count))
        code.append(contentsOf: bytes)
    }

    /// Resolves every jump; the code is complete after this.
    mutating func finish() throws(AssemblyError) -> [UInt8] {
        for fixup in fixups {
            let fail = { (message: String) in
                AssemblyError(line: fixup.line, column: fixup.token.column, message: message)
            }
            let address: Int64
            switch fixup.target {
            case .address(let value): address = value
            case .label(let name):
                guard let label = labels.first(where: { $0.name == name }) else {
                    throw fail("undefined label '\(fixup.token.string)'")
                }
                address = Int64(label.address)
            }
            let (displacement, overflow) = address.subtractingReportingOverflow(Int64(fixup.base))
            guard let at = fixup.at else {
                guard !overflow, displacement == 0 else {
                    throw fail("the switch default is @\(fixup.base), the first byte after the table")
                }
                continue
            }
            guard !overflow, let rel = Int32(exactly: displacement) else {
                throw fail("jump target \(fixup.token.rawString) is out of rel32 range from @\(fixup.base)")
            }
            let bits = UInt32(bitPattern: rel)
            code[at] = UInt8(truncatingIfNeeded: bits >> 24)
            code[at + 1] = UInt8(truncatingIfNeeded: bits >> 16)
            code[at + 2] = UInt8(truncatingIfNeeded: bits >> 8)
            code[at + 3] = UInt8(truncatingIfNeeded: bits)
        }
        return code
    }
}

// MARK: - A class

/// The directives of a class source.
private enum Directive {
    case `class`, method, end, field, const

    init?(_ text: [UInt8]) {
        switch String(decoding: text, as: UTF8.self) {
        case ".class": self = .class
        case ".method": self = .method
        case ".end": self = .end
        case ".field": self = .field
        case ".const": self = .const
        default: return nil
        }
    }
}

/// A class as it is assembled, one line at a time.
private struct ClassBuilder {
    /// The method between `.method` and `.end`.
    struct OpenMethod {
        var builder = MethodBuilder()
        let name: Token
        let ordinal: Int32
        let argCount: Int
        let line: Int
    }

    var classFile: ClassFile?
    var open: OpenMethod?

    mutating func add(_ cursor: inout Cursor) throws(AssemblyError) {
        guard let first = cursor.peek else { return }
        let isLabel = cursor.peek(1)?.kind == .punct(UInt8(ascii: ":"))
        let directive = first.kind == .word && !isLabel ? Directive(first.text) : nil
        if directive == nil, first.kind == .word, !isLabel, first.text.first == UInt8(ascii: "."),
            open == nil
        {
            throw cursor.error(at: first, "unknown directive '\(first.string)'")
        }
        if directive != .class, classFile == nil {
            throw cursor.error(at: first, "a class starts with '.class NAME'")
        }
        guard let directive else {
            guard open != nil else { throw cursor.error(at: first, "instruction outside '.method' … '.end'") }
            try open!.builder.add(&cursor)
            return
        }
        cursor.index += 1
        if directive != .end, open != nil {
            throw cursor.error(at: first, "'\(first.string)' inside a method; close it with '.end' first")
        }
        switch directive {
        case .class:
            guard classFile == nil else { throw cursor.error(at: first, "a second '.class'") }
            let name = try cursor.word("a class name")
            var parent = ".internal.object"
            if !cursor.atEnd {
                let key = try cursor.word("'parent'")
                guard key.string == "parent" else {
                    throw cursor.error(at: key, "expected 'parent', found '\(key.rawString)'")
                }
                parent = try cursor.word("a parent class name").string
            }
            classFile = ClassFile(name: name.string, parent: parent)
        case .field:
            let name = try cursor.word("a field name")
            let fields = classFile!.fields
            if fields.contains(where: { $0.name == name.string }) {
                throw cursor.error(at: name, "duplicate field '\(name.string)'")
            }
            classFile!.fields.append(.init(name: name.string, ordinal: Int32(fields.count), type: .untyped))
            classFile!.objectSlots = Int32(truncatingIfNeeded: fields.count + 1)
        case .const:
            let idToken = cursor.peek
            let id = Int32(try cursor.integer(.count))
            let value = try cursor.string()
            if classFile!.constants.contains(where: { $0.id == id }) {
                throw cursor.error(at: idToken, "duplicate constant \(id)")
            }
            classFile!.constants.append(.init(id: id, type: .string, value: value))
        case .method:
            let name = try cursor.word("a method name")
            try cursor.keyword("ordinal")
            let ordinalToken = cursor.peek
            let ordinal = Int32(try cursor.integer(.count))
            try cursor.keyword("args")
            let argCount = Int(try cursor.integer(.u8))
            if classFile!.methods.contains(where: { $0.ordinal == ordinal }) {
                throw cursor.error(at: ordinalToken, "duplicate method ordinal \(ordinal)")
            }
            open = OpenMethod(name: name, ordinal: ordinal, argCount: argCount, line: cursor.line)
        case .end:
            guard var method = open else { throw cursor.error(at: first, "'.end' without '.method'") }
            let code = try method.builder.finish()
            let name = method.name.string
            classFile!.methods.append(.init(name: name, ordinal: method.ordinal, code: code))
            let arguments = (0..<method.argCount).map {
                ClassFile.Signature.Argument(name: "arg\($0)", type: .untyped)
            }
            classFile!.signatures.append(
                .init(
                    name: name, ordinal: method.ordinal, isConstructor: name == "<init>",
                    returnType: .untyped, arguments: arguments))
            classFile!.methodSlots = max(classFile!.methodSlots, method.ordinal + 1)
            open = nil
        }
        try cursor.expectEnd(after: "'\(first.string)'")
    }

    mutating func finish(lastLine: Int) throws(AssemblyError) -> ClassFile {
        if let open {
            throw AssemblyError(
                line: open.line, column: open.name.column, message: "method '\(open.name.string)' has no '.end'")
        }
        guard let classFile else {
            throw AssemblyError(line: lastLine, column: 1, message: "no '.class' directive")
        }
        return classFile
    }
}

extension Cursor {
    /// A bare keyword such as `ordinal` or `args`.
    fileprivate mutating func keyword(_ name: String) throws(AssemblyError) {
        let token = try take("'\(name)'")
        guard token.kind == .word, token.string == name else {
            throw error(at: token, "expected '\(name)', found '\(token.rawString)'")
        }
    }
}

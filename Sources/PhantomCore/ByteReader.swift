// ByteReader.swift — a bounds-checked cursor over bytes (PhantomCore, format layer).
//
// Reads the primitive encodings of the original Phantom's class files (CLASSFILE.md §1):
// big-endian int32 and int64, length-prefixed strings and the TYPE descriptor. The
// class-file parser (ClassFile.swift) reads every record through one of these, limited
// to the record's body, so that no field can reach past its record. Every failure is a
// typed error carrying the offset of the field that could not be read; nothing here
// traps on any input.

/// Why a read failed, and where: `offset` is where the unreadable field starts, counted
/// from the start of the whole byte array (not of the window the reader is limited to).
public struct ByteReaderError: Error, Equatable, Sendable {
    /// What went wrong.
    public enum Kind: Equatable, Sendable {
        /// The field needs `needed` bytes but only `available` remain in the window.
        case truncated(needed: Int, available: Int)
        /// A length prefix is negative.
        case negativeLength(Int32)
        /// A string is not valid UTF-8.
        case invalidUTF8
        /// A flag word is neither 0 nor 1.
        case badFlag(Int32)
    }

    public var kind: Kind
    public var offset: Int

    public init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }
}

/// A cursor over a window `offset..<end` of a byte array, reading big-endian fields.
/// A value type: copy it to try a parse and throw the copy away if it fails.
public struct ByteReader: Sendable {
    /// The whole input; offsets are indices into it.
    public let bytes: [UInt8]
    /// The next byte to read.
    public private(set) var offset: Int
    /// One past the last byte this reader may read.
    public let end: Int

    /// A reader over `bytes[start..<end]` (the whole array by default).
    public init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        let stop = end ?? bytes.count
        precondition(0 <= start && start <= stop && stop <= bytes.count, "ByteReader window out of range")
        self.bytes = bytes
        self.offset = start
        self.end = stop
    }

    /// Bytes left in the window.
    public var remaining: Int { end - offset }

    public var isAtEnd: Bool { offset == end }

    /// Fails unless `count` more bytes are in the window.
    private func need(_ count: Int, at start: Int) throws(ByteReaderError) {
        if count > end - offset { throw ByteReaderError(.truncated(needed: count, available: end - offset), at: start) }
    }

    /// Skips `count` (≥ 0) bytes.
    public mutating func skip(_ count: Int) throws(ByteReaderError) {
        precondition(count >= 0, "ByteReader.skip needs a count of 0 or more")
        try need(count, at: offset)
        offset += count
    }

    /// One byte.
    public mutating func uint8() throws(ByteReaderError) -> UInt8 {
        try need(1, at: offset)
        defer { offset += 1 }
        return bytes[offset]
    }

    /// A big-endian 4-byte unsigned integer.
    public mutating func uint32() throws(ByteReaderError) -> UInt32 {
        try need(4, at: offset)
        let i = offset
        offset += 4
        // One load rather than four subscripts: the fuzz tests run this in debug builds.
        return UInt32(bigEndian: bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: i, as: UInt32.self) })
    }

    /// A little-endian 4-byte unsigned integer (the one little-endian field of the
    /// formats: an entry length in the `classes` bundle, CLASSFILE.md §6).
    public mutating func uint32LittleEndian() throws(ByteReaderError) -> UInt32 {
        try need(4, at: offset)
        let i = offset
        offset += 4
        return UInt32(bytes[i + 3]) << 24 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i])
    }

    /// A big-endian signed 4-byte integer: `int32` of CLASSFILE.md §1.
    public mutating func int32() throws(ByteReaderError) -> Int32 {
        Int32(bitPattern: try uint32())
    }

    /// A big-endian signed 8-byte integer: `int64` of CLASSFILE.md §1.
    public mutating func int64() throws(ByteReaderError) -> Int64 {
        try need(8, at: offset)
        let high = UInt64(try uint32())
        let low = UInt64(try uint32())
        return Int64(bitPattern: high << 32 | low)
    }

    /// The next `count` (≥ 0) bytes.
    public mutating func bytes(_ count: Int) throws(ByteReaderError) -> [UInt8] {
        precondition(count >= 0, "ByteReader.bytes needs a count of 0 or more")
        try need(count, at: offset)
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// Everything left in the window (a record's code or constant value).
    public mutating func rest() -> [UInt8] {
        defer { offset = end }
        return Array(bytes[offset..<end])
    }

    /// An int32 byte count N followed by N bytes.
    public mutating func lengthPrefixedBytes() throws(ByteReaderError) -> [UInt8] {
        Array(bytes[try lengthPrefixed()])
    }

    /// A `string` of CLASSFILE.md §1, which must be UTF-8 (plc writes ASCII).
    public mutating func string() throws(ByteReaderError) -> String {
        let start = offset
        guard let text = String(validating: bytes[try lengthPrefixed()], as: UTF8.self) else {
            throw ByteReaderError(.invalidUTF8, at: start)
        }
        return text
    }

    /// Reads an int32 byte count N and skips N bytes, returning where they are. A bad
    /// count is reported at the count's offset, since the count is what is wrong.
    private mutating func lengthPrefixed() throws(ByteReaderError) -> Range<Int> {
        let start = offset
        let count = try int32()
        if count < 0 { throw ByteReaderError(.negativeLength(count), at: start) }
        if Int(count) > remaining {
            throw ByteReaderError(.truncated(needed: 4 + Int(count), available: end - start), at: start)
        }
        offset += Int(count)
        return offset - Int(count)..<offset
    }

    /// An int32 that must be 0 (false) or 1 (true).
    public mutating func flag() throws(ByteReaderError) -> Bool {
        let start = offset
        let value = try int32()
        switch value {
        case 0: return false
        case 1: return true
        default: throw ByteReaderError(.badFlag(value), at: start)
        }
    }

    /// A TYPE descriptor (CLASSFILE.md §1.1): is_container, main_class, contained_class.
    public mutating func typeDescriptor() throws(ByteReaderError) -> ClassFile.TypeDescriptor {
        let isContainer = try flag()
        let main = try string()
        let contained = try string()
        return ClassFile.TypeDescriptor(isContainer: isContainer, mainClass: main, containedClass: contained)
    }
}

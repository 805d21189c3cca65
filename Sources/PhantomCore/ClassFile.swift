// ClassFile.swift — the original Phantom's `.pc` class file and `classes` bundle, as plain
// Swift values (PhantomCore, format layer).
//
// The spec is ../shared/docs/CLASSFILE.md; section numbers below refer to it. This file
// only reads and writes bytes: building class objects in the persistent space, and
// verifying method code, belong to the class loader above it. Primitive fields are read
// by ByteReader.swift. Our compiler (PhantomCompiler) writes files with `serialize()`.
//
// A file is a sequence of records, no file header, no trailer, no padding:
//
//   offset  size  field
//   +0      5     "phfr:"  (70 68 66 72 3A)
//   +5      1     tag: C class header, M method code, S signature, l IP→line map,
//                 f field names, c constant; any other tag is skipped (§2)
//   +6      4     record length, big-endian, INCLUDING these 10 bytes; at least 14
//   +10     …     body: length − 10 bytes, laid out per tag (§3)
//
// Exactly one C, and it comes first. Every integer is big-endian; a string is an int32
// byte count and the bytes. The parser is strict about framing (a record may not overrun
// the input; a body must be consumed exactly) and never traps: every malformation is a
// ClassFileError naming the record, the field and the byte offset.

/// One class, as a `.pc` file holds it: the C header plus every other record in file
/// order, per kind. Duplicates are kept (the loader applies "the later record wins",
/// §3.7); `method(ordinal:)` and `constant(id:)` apply that rule for you.
public struct ClassFile: Equatable, Sendable {
    // MARK: - Record values

    /// A TYPE descriptor (§1.1): the declared type of a return value, argument, field or
    /// constant. Untyped is an empty main class.
    public struct TypeDescriptor: Equatable, Sendable {
        public var isContainer: Bool
        /// Fully qualified with a leading dot, e.g. `.internal.int`; "" for untyped.
        public var mainClass: String
        /// The element class of a container ("" if untyped or not a container).
        public var containedClass: String

        public init(isContainer: Bool = false, mainClass: String, containedClass: String = "") {
            self.isContainer = isContainer
            self.mainClass = mainClass
            self.containedClass = containedClass
        }

        public static let untyped = TypeDescriptor(mainClass: "")
        public static let void = TypeDescriptor(mainClass: ".internal.void")
        public static let int = TypeDescriptor(mainClass: ".internal.int")
        public static let string = TypeDescriptor(mainClass: ".internal.string")

        /// `C[]`: the default container of `element` ("" for an untyped array).
        public static func array(of element: String) -> TypeDescriptor {
            TypeDescriptor(isContainer: true, mainClass: ".internal.container.array", containedClass: element)
        }
    }

    /// An `M` record (§3.2): the code of one interface slot.
    public struct Method: Equatable, Sendable {
        /// `<init>` for constructors.
        public var name: String
        public var ordinal: Int32
        /// Phantom bytecode (BYTECODE.md), unverified.
        public var code: [UInt8]

        public init(name: String, ordinal: Int32, code: [UInt8]) {
            self.name = name
            self.ordinal = ordinal
            self.code = code
        }
    }

    /// An `S` record (§3.3): a method's declared signature. Informational: no reader of
    /// the original uses it.
    public struct Signature: Equatable, Sendable {
        /// The two layouts in the wild: v1 (2016 and earlier) has no is_constructor word.
        public enum Layout: Equatable, Sendable { case v1, v2 }

        /// One declared argument.
        public struct Argument: Equatable, Sendable {
            public var name: String
            public var type: TypeDescriptor

            public init(name: String, type: TypeDescriptor) {
                self.name = name
                self.type = type
            }
        }

        public var name: String
        public var ordinal: Int32
        /// From the flag in v2. A v1 record has no flag; the parser then says true for
        /// the name `<init>`, which is how plc names every constructor.
        public var isConstructor: Bool
        public var returnType: TypeDescriptor
        public var arguments: [Argument]
        /// The layout the record was read in; `serialize()` always writes v2.
        public var layout: Layout

        public init(
            name: String, ordinal: Int32, isConstructor: Bool = false, returnType: TypeDescriptor,
            arguments: [Argument] = [], layout: Layout = .v2
        ) {
            self.name = name
            self.ordinal = ordinal
            self.isConstructor = isConstructor
            self.returnType = returnType
            self.arguments = arguments
            self.layout = layout
        }
    }

    /// An `l` record (§3.4): which source line each instruction start came from.
    public struct LineMap: Equatable, Sendable {
        /// One pair; several IPs may share a line, and plc writes them unsorted.
        public struct Entry: Equatable, Sendable {
            public var ip: Int64
            public var line: Int32

            public init(ip: Int64, line: Int32) {
                self.ip = ip
                self.line = line
            }
        }

        public var ordinal: Int32
        /// In file order (Java HashMap order for plc's files).
        public var entries: [Entry]

        public init(ordinal: Int32, entries: [Entry]) {
            self.ordinal = ordinal
            self.entries = entries
        }
    }

    /// One (name, slot, type) triple of an `f` record (§3.5). plc writes one per record;
    /// the VM accepts several, so the parser flattens them and the writer writes one each.
    public struct Field: Equatable, Sendable {
        public var name: String
        public var ordinal: Int32
        public var type: TypeDescriptor

        public init(name: String, ordinal: Int32, type: TypeDescriptor) {
            self.name = name
            self.ordinal = ordinal
            self.type = type
        }
    }

    /// A `c` record (§3.6): one constant-pool entry. The value is kept as raw bytes
    /// because the original treats it as opaque, and because a constant of a type other
    /// than `.internal.string` (which the VM refuses) may hold anything.
    public struct Constant: Equatable, Sendable {
        public var id: Int32
        public var type: TypeDescriptor
        public var value: [UInt8]

        public init(id: Int32, type: TypeDescriptor, value: [UInt8]) {
            self.id = id
            self.type = type
            self.value = value
        }

        /// A string constant holding `text` (UTF-8), as plc makes for string literals.
        public init(id: Int32, string text: String) {
            self.init(id: id, type: .string, value: Array(text.utf8))
        }

        /// The text of a string constant, if this is one (non-container `.internal.string`,
        /// valid UTF-8); nil otherwise.
        public var text: String? {
            guard type == .string else { return nil }
            return String(validating: value, as: UTF8.self)
        }
    }

    /// A record with a tag this parser does not know. Both original readers skip such
    /// records; we keep them so that tools can show them and the writer can keep them.
    public struct UnknownRecord: Equatable, Sendable {
        public var tag: UInt8
        /// At least 4 bytes (a record is at least 14 long).
        public var body: [UInt8]

        public init(tag: UInt8, body: [UInt8]) {
            self.tag = tag
            self.body = body
        }
    }

    /// The four generations of `.pc` files the original produced (§8), told apart by
    /// structure, since the format has no version number.
    public enum Generation: Equatable, Sendable {
        /// ≤ 2015 (`build/classes`): C without a version, S v1, code using opcode 0x5B.
        case a
        /// 2016: C with a version, S v1, l and f records.
        case b
        /// 2017: S v2, the legacy argument-count check still opens methods.
        case c
        /// 2019, plc's current writer and ours: S v2, `arg_count` prologues.
        case d
    }

    // MARK: - The class

    /// Fully qualified class name, with the leading dot.
    public var name: String
    /// Parent class name; plc's default is `.internal.object`.
    public var parent: String
    /// Total field slots, inherited ones included (§3.1).
    public var objectSlots: Int32
    /// Interface size: plc writes max(own method ordinal) + 1, or 0 without methods.
    public var methodSlots: Int32
    /// 17 ASCII digits in the original's odd date layout (§3.1), or nil where the C
    /// record has none (generation A). Nobody parses it; it is kept as written.
    public var version: String?
    public var methods: [Method]
    public var signatures: [Signature]
    public var lineMaps: [LineMap]
    public var fields: [Field]
    public var constants: [Constant]
    public var unknownRecords: [UnknownRecord]

    public init(
        name: String, parent: String = ".internal.object", objectSlots: Int32 = 0, methodSlots: Int32 = 0,
        version: String? = nil, methods: [Method] = [], signatures: [Signature] = [],
        lineMaps: [LineMap] = [], fields: [Field] = [], constants: [Constant] = [],
        unknownRecords: [UnknownRecord] = []
    ) {
        self.name = name
        self.parent = parent
        self.objectSlots = objectSlots
        self.methodSlots = methodSlots
        self.version = version
        self.methods = methods
        self.signatures = signatures
        self.lineMaps = lineMaps
        self.fields = fields
        self.constants = constants
        self.unknownRecords = unknownRecords
    }

    /// The code for interface slot `ordinal`: the last M record with it, as in the VM.
    public func method(ordinal: Int32) -> Method? {
        methods.last { $0.ordinal == ordinal }
    }

    /// Constant-pool entry `id`: the last c record with it, as in the VM.
    public func constant(id: Int32) -> Constant? {
        constants.last { $0.id == id }
    }

    /// Which generation (§8) the class looks like. The first rule that matches decides:
    /// no version → A; any v1 signature → B; a method opening with `arg_count` (0x73)
    /// → D; a method opening with the legacy check (`iconst_32bit n; isublu`) → C;
    /// otherwise D. C and D differ only in their code, so a class without such evidence
    /// (no methods, or only `sys k; ret` stubs) is taken as the current layout, D.
    public var generation: Generation {
        if version == nil { return .a }
        if signatures.contains(where: { $0.layout == .v1 }) { return .b }
        // The prologues that tell C from D: BYTECODE.md §3.3.
        if methods.contains(where: { $0.code.first == Opcode.argCount.rawValue }) { return .d }
        let legacy = methods.contains {
            $0.code.count >= 6 && $0.code[0] == Opcode.iconst32bit.rawValue && $0.code[5] == Opcode.isublu.rawValue
        }
        return legacy ? .c : .d
    }

    /// Record tags (§3).
    enum Tag {
        static let classHeader = UInt8(ascii: "C")
        static let method = UInt8(ascii: "M")
        static let signature = UInt8(ascii: "S")
        static let lineMap = UInt8(ascii: "l")
        static let field = UInt8(ascii: "f")
        static let constant = UInt8(ascii: "c")
    }

    /// "phfr:", the start of every record.
    static let marker: [UInt8] = [0x70, 0x68, 0x66, 0x72, 0x3A]
    /// Marker, tag and length.
    static let recordHeaderSize = 10
    /// The VM's and plc's minimum record length (§2).
    static let minimumRecordLength = 14

    // MARK: - Reading a class file

    /// Parses a whole `.pc` file. Unknown record tags are skipped (kept in
    /// `unknownRecords`); anything malformed is an error, never a trap.
    public static func parse(_ bytes: [UInt8]) throws(ClassFileError) -> ClassFile {
        try parse(bytes, from: 0, to: bytes.count, bundleEntry: nil)
    }

    /// Parses `bytes[start..<end]`; offsets in errors count from the start of `bytes`.
    static func parse(_ bytes: [UInt8], from start: Int, to end: Int, bundleEntry: Int?) throws(ClassFileError)
        -> ClassFile
    {
        var records = RecordCursor(bytes: bytes, position: start, end: end, bundleEntry: bundleEntry)
        guard var first = try records.next() else {
            throw ClassFileError(.missingClassHeader, at: start, bundleEntry: bundleEntry)
        }
        guard first.location.tag == Tag.classHeader else { throw first.error(.missingClassHeader, at: first.start) }
        var file = try first.parseClassHeader()
        while var record = try records.next() {
            switch record.location.tag {
            case Tag.classHeader: throw record.error(.duplicateClassHeader(first: first.start), at: record.start)
            case Tag.method: file.methods.append(try record.parseMethod())
            case Tag.signature: file.signatures.append(try record.parseSignature())
            case Tag.lineMap: file.lineMaps.append(try record.parseLineMap())
            case Tag.field: file.fields.append(contentsOf: try record.parseFields())
            case Tag.constant: file.constants.append(try record.parseConstant())
            default: file.unknownRecords.append(record.unknown())
            }
        }
        return file
    }

    // MARK: - Writing a class file

    /// The class as a generation D file (§10): C (with the version, if any), then each
    /// method's M followed by its S (always v2) and l, then one f per field, then the c
    /// records, then any unknown records. S and l records are merged in after the M with
    /// their ordinal without reordering either list, so `parse(serialize(x)) == x` for
    /// every class whose signatures are all v2 (a v1 signature comes back as v2).
    public func serialize() -> [UInt8] {
        var out = RecordWriter()
        out.record(Tag.classHeader) { w in
            w.string(name)
            w.int32(objectSlots)
            w.int32(methodSlots)
            w.string(parent)
            if let version { w.string(version) }
        }
        var nextSignature = 0
        var nextLineMap = 0
        for method in methods {
            out.record(Tag.method) { w in
                w.string(method.name)
                w.int32(method.ordinal)
                w.bytes(method.code)
            }
            while nextSignature < signatures.count && signatures[nextSignature].ordinal == method.ordinal {
                out.signature(signatures[nextSignature])
                nextSignature += 1
            }
            while nextLineMap < lineMaps.count && lineMaps[nextLineMap].ordinal == method.ordinal {
                out.lineMap(lineMaps[nextLineMap])
                nextLineMap += 1
            }
        }
        for signature in signatures[nextSignature...] { out.signature(signature) }
        for map in lineMaps[nextLineMap...] { out.lineMap(map) }
        for field in fields {
            out.record(Tag.field) { w in
                w.string(field.name)
                w.int32(field.ordinal)
                w.type(field.type)
            }
        }
        for constant in constants {
            out.record(Tag.constant) { w in
                w.int32(constant.id)
                w.type(constant.type)
                w.bytes(constant.value)
            }
        }
        for record in unknownRecords {
            precondition(record.body.count >= 4, "an unknown record needs a body of at least 4 bytes")
            out.record(record.tag) { w in w.bytes(record.body) }
        }
        return out.bytes
    }

    // MARK: - The `classes` bundle (§6)

    /// One class of a `classes` boot bundle.
    public struct BundleEntry: Equatable, Sendable {
        /// The lookup name as stored: without the leading dot (`internal.int`).
        public var name: String
        public var classFile: ClassFile

        public init(name: String, classFile: ClassFile) {
            self.name = name
            self.classFile = classFile
        }
    }

    /// Bytes of an entry's name field.
    public static let bundleNameSize = 512
    /// Name field plus the little-endian length.
    static let bundleHeaderSize = 516

    /// Parses a `classes` bundle: entries back to back, each a 512-byte NUL-padded name,
    /// a little-endian u32 length and that many bytes of `.pc` file, which is parsed too.
    /// The VM silently stops at a short trailing header; we report it, since a bundle
    /// made by mkbulk never has one. Bytes after the name's first NUL are ignored, as
    /// the VM's string compare ignores them.
    public static func parseBundle(_ bytes: [UInt8]) throws(ClassFileError) -> [BundleEntry] {
        var entries: [BundleEntry] = []
        var position = 0
        while position < bytes.count {
            let index = entries.count
            let available = bytes.count - position
            if available < bundleHeaderSize {
                throw ClassFileError(.bundleTruncatedHeader(available: available), at: position, bundleEntry: index)
            }
            let nameField = bytes[position..<position + bundleNameSize]
            guard let nul = nameField.firstIndex(of: 0) else {
                throw ClassFileError(.bundleNameUnterminated, at: position, bundleEntry: index)
            }
            guard let name = String(validating: bytes[position..<nul], as: UTF8.self) else {
                throw ClassFileError(.invalidUTF8, at: position, bundleEntry: index)
            }
            var reader = ByteReader(bytes, from: position + bundleNameSize)
            let length = (try? reader.uint32LittleEndian()) ?? 0  // cannot fail: the header fits
            let start = position + bundleHeaderSize
            if UInt64(length) > UInt64(bytes.count - start) {
                throw ClassFileError(
                    .bundleEntryOverrun(length: length, available: bytes.count - start),
                    at: position + bundleNameSize, bundleEntry: index)
            }
            let end = start + Int(length)
            let file = try parse(bytes, from: start, to: end, bundleEntry: index)
            entries.append(BundleEntry(name: name, classFile: file))
            position = end
        }
        return entries
    }

    /// A `classes` bundle of `entries`, in order. A name must fit the field with its NUL
    /// (at most 511 bytes) and contain no NUL.
    public static func serializeBundle(_ entries: [BundleEntry]) -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries {
            let name = Array(entry.name.utf8)
            precondition(name.count < bundleNameSize && !name.contains(0), "bundle entry name does not fit")
            let file = entry.classFile.serialize()
            precondition(file.count <= Int(UInt32.max), "class file too large for a bundle")
            out += name
            out += [UInt8](repeating: 0, count: bundleNameSize - name.count)
            let length = UInt32(file.count)
            for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: length >> UInt32(shift))) }
            out += file
        }
        return out
    }

    /// Whether two class names denote the same class the way the VM matches bundle
    /// entries (`cncmp`, §6): one leading `.` or `/` is dropped on each side, `.` and
    /// `/` are interchangeable, everything else must match exactly, case-sensitively.
    public static func bundleNamesMatch(_ a: String, _ b: String) -> Bool {
        func normalised(_ name: String) -> [UInt8] {
            var bytes = Array(name.utf8)
            if let first = bytes.first, first == UInt8(ascii: ".") || first == UInt8(ascii: "/") {
                bytes.removeFirst()
            }
            return bytes.map { $0 == UInt8(ascii: "/") ? UInt8(ascii: ".") : $0 }
        }
        return normalised(a) == normalised(b)
    }
}

// MARK: - Errors

/// Why a class file or bundle could not be read, and exactly where: the byte offset of
/// the offending field, the record it belongs to (index, tag, start) and the field's
/// name. Offsets count from the start of the input given to `parse`/`parseBundle`, and
/// lie in 0...input.count (the end when a field is missing at the very end).
public struct ClassFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public enum Problem: Equatable, Sendable {
        /// The input does not start with a C record (or is empty).
        case missingClassHeader
        /// A second C record; `first` is where the first one starts.
        case duplicateClassHeader(first: Int)
        /// Fewer than 10 bytes left where a record header should start.
        case truncatedHeader(available: Int)
        /// The record does not start with "phfr:".
        case badMarker
        /// The record length is below 14 (negative included).
        case recordTooShort(length: Int32)
        /// The record length runs past the end of the input.
        case recordOverrun(length: Int32, available: Int)
        /// A field needs more bytes than are left in its record.
        case truncated(needed: Int, available: Int)
        /// A string's length prefix is negative.
        case negativeLength(Int32)
        /// A count, ordinal or id is negative.
        case negativeValue(Int32)
        /// A name or string is not UTF-8 (plc writes ASCII).
        case invalidUTF8
        /// A flag (is_container, is_constructor) is neither 0 nor 1.
        case badFlag(Int32)
        /// The record's body has bytes that none of its fields account for.
        case trailingBytes(count: Int)
        /// Fewer than 516 bytes left where a bundle entry should start.
        case bundleTruncatedHeader(available: Int)
        /// A bundle entry's 512-byte name has no NUL.
        case bundleNameUnterminated
        /// A bundle entry's length runs past the end of the bundle.
        case bundleEntryOverrun(length: UInt32, available: Int)
    }

    /// A record of the file: its position in the file (0 = first), its tag (nil when
    /// its header could not be read) and where its header starts.
    public struct Record: Equatable, Sendable {
        public var index: Int
        public var tag: UInt8?
        public var offset: Int

        public init(index: Int, tag: UInt8?, offset: Int) {
            self.index = index
            self.tag = tag
            self.offset = offset
        }
    }

    public var problem: Problem
    /// Where the offending bytes start, from the start of the input.
    public var offset: Int
    /// The record involved; nil for problems of the file as a whole or of a bundle entry
    /// header.
    public var record: Record?
    /// The field being read ("method name", "record length"…); "" if none.
    public var field: String
    /// The bundle entry (0 = first) when reading a bundle.
    public var bundleEntry: Int?

    public init(_ problem: Problem, at offset: Int, record: Record? = nil, field: String = "", bundleEntry: Int? = nil) {
        self.problem = problem
        self.offset = offset
        self.record = record
        self.field = field
        self.bundleEntry = bundleEntry
    }

    public var description: String {
        var text = ""
        if let bundleEntry { text += "bundle entry #\(bundleEntry), " }
        if let record {
            text += "record #\(record.index)"
            if let tag = record.tag { text += " " + ClassFileError.show(tag: tag) }
            text += " (at \(hex(record.offset))), "
        }
        if !field.isEmpty { text += field + " " }
        return text + "at offset \(hex(offset)): " + problemDescription
    }

    private var problemDescription: String {
        switch problem {
        case .missingClassHeader:
            return record == nil
                ? "empty input: a class file starts with a C record"
                : "a class file must start with a C (class header) record"
        case .duplicateClassHeader(let first):
            return "a second C record (the first is at \(hex(first))): a file holds one class"
        case .truncatedHeader(let available):
            return "only \(available) bytes left, a record header needs \(ClassFile.recordHeaderSize)"
        case .badMarker:
            return "the record does not start with \"phfr:\""
        case .recordTooShort(let length):
            return length < 0
                ? "record length \(length) is negative"
                : "record length \(length) is below the minimum of \(ClassFile.minimumRecordLength)"
        case .recordOverrun(let length, let available):
            return "record length \(length) runs past the end of the input (\(available) bytes left)"
        case .truncated(let needed, let available):
            return "needs \(needed) bytes, only \(available) left in the record"
        case .negativeLength(let length):
            return "string length \(length) is negative"
        case .negativeValue(let value):
            return "\(value) is negative; counts, ordinals and ids are 0 or more"
        case .invalidUTF8:
            return "the text is not valid UTF-8"
        case .badFlag(let value):
            return "flag is \(value), must be 0 or 1"
        case .trailingBytes(let count):
            return "\(count) bytes left over after the record's last field"
        case .bundleTruncatedHeader(let available):
            return "only \(available) bytes left, a bundle entry header needs \(ClassFile.bundleHeaderSize)"
        case .bundleNameUnterminated:
            return "the \(ClassFile.bundleNameSize)-byte name field has no NUL terminator"
        case .bundleEntryOverrun(let length, let available):
            return "entry length \(length) runs past the end of the bundle (\(available) bytes left)"
        }
    }

    /// A tag as `'M'` when printable, else as hex.
    static func show(tag: UInt8) -> String {
        (0x21...0x7E).contains(tag) ? "'" + String(decoding: [tag], as: UTF8.self) + "'" : hex(tag)
    }
}

// MARK: - Record framing

/// Walks the records of `bytes[position..<end]`, checking each header (§2).
private struct RecordCursor {
    let bytes: [UInt8]
    var position: Int
    let end: Int
    let bundleEntry: Int?
    var index = 0

    /// The next record, or nil at the end of the input.
    mutating func next() throws(ClassFileError) -> RecordBody? {
        guard position < end else { return nil }
        let start = position
        var location = ClassFileError.Record(index: index, tag: nil, offset: start)
        let available = end - start
        if available < ClassFile.recordHeaderSize {
            throw ClassFileError(
                .truncatedHeader(available: available), at: start, record: location, field: "record header",
                bundleEntry: bundleEntry)
        }
        for i in 0..<ClassFile.marker.count where bytes[start + i] != ClassFile.marker[i] {
            throw ClassFileError(.badMarker, at: start, record: location, field: "marker", bundleEntry: bundleEntry)
        }
        location.tag = bytes[start + 5]
        var reader = ByteReader(bytes, from: start + 6, to: end)
        let length = (try? reader.int32()) ?? 0  // cannot fail: the header fits
        if Int(length) < ClassFile.minimumRecordLength {
            throw ClassFileError(
                .recordTooShort(length: length), at: start + 6, record: location, field: "record length",
                bundleEntry: bundleEntry)
        }
        if Int(length) > available {
            throw ClassFileError(
                .recordOverrun(length: length, available: available), at: start + 6, record: location,
                field: "record length", bundleEntry: bundleEntry)
        }
        position = start + Int(length)
        index += 1
        return RecordBody(
            reader: ByteReader(bytes, from: start + ClassFile.recordHeaderSize, to: position), location: location,
            bundleEntry: bundleEntry)
    }
}

// MARK: - Record bodies

/// The body of one record, read field by field. Every read names its field, so that a
/// failure becomes a ClassFileError that says which field of which record is bad.
private struct RecordBody {
    var reader: ByteReader
    let location: ClassFileError.Record
    let bundleEntry: Int?

    var start: Int { location.offset }

    func error(_ problem: ClassFileError.Problem, at offset: Int, field: String = "") -> ClassFileError {
        ClassFileError(problem, at: offset, record: location, field: field, bundleEntry: bundleEntry)
    }

    private func error(_ failure: ByteReaderError, field: String) -> ClassFileError {
        let problem: ClassFileError.Problem
        switch failure.kind {
        case .truncated(let needed, let available): problem = .truncated(needed: needed, available: available)
        case .negativeLength(let length): problem = .negativeLength(length)
        case .invalidUTF8: problem = .invalidUTF8
        case .badFlag(let value): problem = .badFlag(value)
        }
        return error(problem, at: failure.offset, field: field)
    }

    mutating func int32(_ field: String) throws(ClassFileError) -> Int32 {
        do throws(ByteReaderError) { return try reader.int32() } catch { throw self.error(error, field: field) }
    }

    mutating func int64(_ field: String) throws(ClassFileError) -> Int64 {
        do throws(ByteReaderError) { return try reader.int64() } catch { throw self.error(error, field: field) }
    }

    /// An int32 count, ordinal or id, which cannot be negative.
    mutating func natural(_ field: String) throws(ClassFileError) -> Int32 {
        let at = reader.offset
        let value = try int32(field)
        if value < 0 { throw error(.negativeValue(value), at: at, field: field) }
        return value
    }

    mutating func flag(_ field: String) throws(ClassFileError) -> Bool {
        do throws(ByteReaderError) { return try reader.flag() } catch { throw self.error(error, field: field) }
    }

    mutating func string(_ field: String) throws(ClassFileError) -> String {
        do throws(ByteReaderError) { return try reader.string() } catch { throw self.error(error, field: field) }
    }

    mutating func type(_ field: String) throws(ClassFileError) -> ClassFile.TypeDescriptor {
        do throws(ByteReaderError) { return try reader.typeDescriptor() } catch {
            throw self.error(error, field: field)
        }
    }

    /// The body must be used up: leftover bytes mean a misread or a damaged record.
    func finish() throws(ClassFileError) {
        if !reader.isAtEnd { throw error(.trailingBytes(count: reader.remaining), at: reader.offset) }
    }

    /// C (§3.1): name, n_object_slots, n_method_slots, parent and an optional version.
    mutating func parseClassHeader() throws(ClassFileError) -> ClassFile {
        let name = try string("class name")
        let objectSlots = try natural("n_object_slots")
        let methodSlots = try natural("n_method_slots")
        let parent = try string("parent name")
        var version: String? = nil
        if !reader.isAtEnd { version = try string("version") }
        try finish()
        return ClassFile(
            name: name, parent: parent, objectSlots: objectSlots, methodSlots: methodSlots, version: version)
    }

    /// M (§3.2): name, ordinal, and the code is the rest of the record.
    mutating func parseMethod() throws(ClassFileError) -> ClassFile.Method {
        let name = try string("method name")
        let ordinal = try natural("method ordinal")
        return ClassFile.Method(name: name, ordinal: ordinal, code: reader.rest())
    }

    /// S (§3.3), in either layout: v2 first, as the spec advises; if that does not
    /// consume the body exactly, v1. If neither fits, the error of the attempt that got
    /// further is the more telling one (v2's on a tie: it is the current layout).
    func parseSignature() throws(ClassFileError) -> ClassFile.Signature {
        var v2 = self
        do throws(ClassFileError) {
            let signature = try v2.signatureFields(layout: .v2)
            try v2.finish()
            return signature
        } catch {
            var v1 = self
            do throws(ClassFileError) {
                let signature = try v1.signatureFields(layout: .v1)
                try v1.finish()
                return signature
            } catch let v1Error {
                throw v1Error.offset > error.offset ? v1Error : error
            }
        }
    }

    private mutating func signatureFields(layout: ClassFile.Signature.Layout) throws(ClassFileError)
        -> ClassFile.Signature
    {
        let name = try string("signature name")
        let ordinal = try natural("signature ordinal")
        let count = try natural("n_args")
        var isConstructor = name == "<init>"
        if layout == .v2 { isConstructor = try flag("is_constructor") }
        let returnType = try type("return type")
        var arguments: [ClassFile.Signature.Argument] = []
        // Each argument takes at least 16 bytes, so a huge count fails on the first
        // missing argument instead of allocating.
        for _ in 0..<count {
            let argumentName = try string("argument name")
            let argumentType = try type("argument type")
            arguments.append(.init(name: argumentName, type: argumentType))
        }
        return ClassFile.Signature(
            name: name, ordinal: ordinal, isConstructor: isConstructor, returnType: returnType,
            arguments: arguments, layout: layout)
    }

    /// l (§3.4): ordinal, count and count × (int64 ip, int32 line).
    mutating func parseLineMap() throws(ClassFileError) -> ClassFile.LineMap {
        let ordinal = try natural("line map ordinal")
        let countOffset = reader.offset
        let count = try natural("line map count")
        if Int(count) * 12 > reader.remaining {
            throw error(
                .truncated(needed: 4 + Int(count) * 12, available: 4 + reader.remaining), at: countOffset,
                field: "line map count")
        }
        var entries: [ClassFile.LineMap.Entry] = []
        entries.reserveCapacity(Int(count))
        for _ in 0..<count {
            let ip = try int64("line map ip")
            let line = try int32("line map line")
            entries.append(.init(ip: ip, line: line))
        }
        try finish()
        return ClassFile.LineMap(ordinal: ordinal, entries: entries)
    }

    /// f (§3.5): one or more (name, ordinal, TYPE) triples, as the VM loops over them.
    mutating func parseFields() throws(ClassFileError) -> [ClassFile.Field] {
        var fields: [ClassFile.Field] = []
        repeat {
            let name = try string("field name")
            let ordinal = try natural("field ordinal")
            let type = try type("field type")
            fields.append(.init(name: name, ordinal: ordinal, type: type))
        } while !reader.isAtEnd
        return fields
    }

    /// c (§3.6): id, TYPE, and the value is the rest of the record.
    mutating func parseConstant() throws(ClassFileError) -> ClassFile.Constant {
        let id = try natural("constant id")
        let type = try type("constant type")
        return ClassFile.Constant(id: id, type: type, value: reader.rest())
    }

    /// A record of an unknown tag, kept whole.
    mutating func unknown() -> ClassFile.UnknownRecord {
        ClassFile.UnknownRecord(tag: location.tag ?? 0, body: reader.rest())
    }
}

// MARK: - Writing

/// Appends records in the §2 framing; the length is patched in when the body is done.
private struct RecordWriter {
    var bytes: [UInt8] = []

    mutating func record(_ tag: UInt8, body: (inout RecordWriter) -> Void) {
        let start = bytes.count
        bytes += ClassFile.marker
        bytes.append(tag)
        bytes += [0, 0, 0, 0]
        body(&self)
        let length = bytes.count - start
        precondition(length <= Int(Int32.max), "record longer than an int32 can say")
        for i in 0..<4 { bytes[start + 6 + i] = UInt8(truncatingIfNeeded: length >> (24 - 8 * i)) }
    }

    mutating func int32(_ value: Int32) {
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (24 - 8 * Int32(i)))) }
    }

    mutating func int64(_ value: Int64) {
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (56 - 8 * Int64(i)))) }
    }

    mutating func bytes(_ raw: [UInt8]) { bytes += raw }

    mutating func string(_ text: String) {
        let raw = Array(text.utf8)
        precondition(raw.count <= Int(Int32.max), "string longer than an int32 can say")
        int32(Int32(raw.count))
        bytes += raw
    }

    mutating func type(_ type: ClassFile.TypeDescriptor) {
        int32(type.isContainer ? 1 : 0)
        string(type.mainClass)
        string(type.containedClass)
    }

    mutating func signature(_ signature: ClassFile.Signature) {
        record(ClassFile.Tag.signature) { w in
            w.string(signature.name)
            w.int32(signature.ordinal)
            w.int32(Int32(signature.arguments.count))
            w.int32(signature.isConstructor ? 1 : 0)
            w.type(signature.returnType)
            for argument in signature.arguments {
                w.string(argument.name)
                w.type(argument.type)
            }
        }
    }

    mutating func lineMap(_ map: ClassFile.LineMap) {
        record(ClassFile.Tag.lineMap) { w in
            w.int32(map.ordinal)
            w.int32(Int32(map.entries.count))
            for entry in map.entries {
                w.int64(entry.ip)
                w.int32(entry.line)
            }
        }
    }
}

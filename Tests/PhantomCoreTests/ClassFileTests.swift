// ClassFileTests.swift — tests of the `.pc` class file and `classes` bundle reader and
// writer (ClassFile.swift, ByteReader.swift), against CLASSFILE.md.
//
// Files are built here byte by byte with helpers independent of the writer: the §7
// example of the spec, one file per generation, and one damaged file per kind of
// malformation, each with the exact error and offset expected. Then round trips through
// the writer, the bundle format, and a seeded fuzz loop that must never trap.

import PhantomCore
import Testing

// MARK: - Building files by hand

/// A big-endian int32.
private func be32(_ value: Int32) -> [UInt8] {
    let bits = UInt32(bitPattern: value)
    return [UInt8(bits >> 24), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits & 0xFF)]
}

/// A big-endian int64.
private func be64(_ value: Int64) -> [UInt8] {
    let bits = UInt64(bitPattern: value)
    return (0..<8).map { UInt8(truncatingIfNeeded: bits >> (56 - 8 * UInt64($0))) }
}

/// A `string`: int32 byte count and the bytes.
private func str(_ text: String) -> [UInt8] { be32(Int32(text.utf8.count)) + Array(text.utf8) }

/// A TYPE descriptor.
private func type(_ main: String, container: Bool = false, contained: String = "") -> [UInt8] {
    be32(container ? 1 : 0) + str(main) + str(contained)
}

/// A record: "phfr:", the tag, the length (header included) and the body.
private func record(_ tag: Character, _ body: [UInt8]) -> [UInt8] {
    Array("phfr:".utf8) + [tag.asciiValue!] + be32(Int32(body.count + 10)) + body
}

/// The parse error for `bytes`, or nil if they parse.
private func parseError(_ bytes: [UInt8]) -> ClassFileError? {
    do {
        _ = try ClassFile.parse(bytes)
        return nil
    } catch {
        return error
    }
}

/// The bundle parse error for `bytes`, or nil if they parse.
private func bundleError(_ bytes: [UInt8]) -> ClassFileError? {
    do {
        _ = try ClassFile.parseBundle(bytes)
        return nil
    } catch {
        return error
    }
}

private func at(_ index: Int, _ tag: Character?, _ offset: Int) -> ClassFileError.Record {
    ClassFileError.Record(index: index, tag: tag?.asciiValue, offset: offset)
}

/// CLASSFILE.md §7, `internal.binary.pc` (2016), with the S record the spec elides
/// completed from INTERNAL.md §3.3 (setByte(index, value), void): four records, 246 bytes.
private enum Example {
    static let classHeader: [UInt8] =
        [0x70, 0x68, 0x66, 0x72, 0x3A, 0x43, 0x00, 0x00, 0x00, 0x4F]
        + str(".internal.binary") + be32(0) + be32(11) + str(".internal.object") + str("20160107083332561")
    static let method: [UInt8] =
        [0x70, 0x68, 0x66, 0x72, 0x3A, 0x4D, 0x00, 0x00, 0x00, 0x1A] + str("setByte") + be32(9) + [0x08]
    static let signature: [UInt8] =
        [0x70, 0x68, 0x66, 0x72, 0x3A, 0x53, 0x00, 0x00, 0x00, 0x7B] + str("setByte") + be32(9) + be32(2)
        + type(".internal.void") + str("index") + type(".internal.int") + str("value") + type(".internal.int")
    static let lineMap: [UInt8] =
        [0x70, 0x68, 0x66, 0x72, 0x3A, 0x6C, 0x00, 0x00, 0x00, 0x12] + be32(9) + be32(0)
    static let file = classHeader + method + signature + lineMap
    /// Where each record starts.
    static let methodAt = 79, signatureAt = 105, lineMapAt = 228
}

/// A generation D class with every record kind, written in §10 order by hand.
private func generationD() -> [UInt8] {
    let initCode: [UInt8] = [0x73, 0x00, 0x08]  // arg_count 0; ret
    let runCode: [UInt8] = [0x73, 0x01, 0x29, 0x01, 0x00, 0x28, 0, 0, 0, 0, 0x08]  // … const_pool 0 …
    return record("C", str(".test.d") + be32(2) + be32(17) + str(".internal.object") + str("20190311114015123"))
        + record("M", str("<init>") + be32(16) + initCode)
        + record("S", str("<init>") + be32(16) + be32(0) + be32(1) + type(".internal.void"))
        + record("l", be32(16) + be32(1) + be64(0) + be32(3))
        + record("M", str("run") + be32(8) + runCode)
        + record("S", str("run") + be32(8) + be32(1) + be32(0) + type(".internal.string")
            + str("args") + type(".internal.container.array", container: true, contained: ".internal.string"))
        + record("l", be32(8) + be32(2) + be64(5) + be32(7) + be64(0) + be32(6))
        + record("f", str("count") + be32(0) + type(".internal.int"))
        + record("f", str("items") + be32(1) + type(".internal.container.array", container: true))
        + record("c", be32(0) + type(".internal.string") + Array("héllo\n".utf8))
}

// MARK: - Tests

@Suite struct ClassFileTests {
    // MARK: Reading

    @Test func theSpecExampleParsesFieldByField() throws {
        #expect(Example.classHeader.count == 0x4F && Example.method.count == 0x1A)
        #expect(Example.signature.count == 0x7B && Example.lineMap.count == 0x12)
        let file = try ClassFile.parse(Example.file)
        #expect(file.name == ".internal.binary")
        #expect(file.objectSlots == 0 && file.methodSlots == 11)
        #expect(file.parent == ".internal.object")
        #expect(file.version == "20160107083332561")
        #expect(file.methods == [ClassFile.Method(name: "setByte", ordinal: 9, code: [0x08])])
        #expect(file.signatures.count == 1)
        let signature = try #require(file.signatures.first)
        #expect(signature.layout == .v1)
        #expect(signature.name == "setByte" && signature.ordinal == 9 && !signature.isConstructor)
        #expect(signature.returnType == .void)
        #expect(signature.arguments == [.init(name: "index", type: .int), .init(name: "value", type: .int)])
        #expect(file.lineMaps == [ClassFile.LineMap(ordinal: 9, entries: [])])
        #expect(file.fields.isEmpty && file.constants.isEmpty && file.unknownRecords.isEmpty)
        #expect(file.generation == .b)
        #expect(file.method(ordinal: 9)?.name == "setByte" && file.method(ordinal: 8) == nil)
    }

    @Test func generationDParsesEveryRecordKind() throws {
        let file = try ClassFile.parse(generationD())
        #expect(file.generation == .d)
        #expect(file.methods.map(\.name) == ["<init>", "run"])
        #expect(file.signatures.map(\.layout) == [.v2, .v2])
        #expect(file.signatures[0].isConstructor && !file.signatures[1].isConstructor)
        #expect(file.signatures[1].returnType == .string)
        #expect(file.signatures[1].arguments == [.init(name: "args", type: .array(of: ".internal.string"))])
        #expect(file.lineMaps[1].entries == [.init(ip: 5, line: 7), .init(ip: 0, line: 6)])
        #expect(file.fields == [
            .init(name: "count", ordinal: 0, type: .int),
            .init(name: "items", ordinal: 1, type: .array(of: "")),
        ])
        #expect(file.constants == [ClassFile.Constant(id: 0, string: "héllo\n")])
        #expect(file.constant(id: 0)?.text == "héllo\n")
        // Written in §10 order, so the writer reproduces it byte for byte.
        #expect(file.serialize() == generationD())
    }

    @Test func generationsAreToldApartByStructure() throws {
        let v1 = record("S", str("m") + be32(8) + be32(0) + type(""))
        let v2 = record("S", str("m") + be32(8) + be32(0) + be32(0) + type(""))
        let noVersion = record("C", str(".a") + be32(0) + be32(9) + str(".internal.object"))
        let withVersion = record("C", str(".b") + be32(0) + be32(9) + str(".internal.object") + str("20170101000000000"))
        let legacy = record("M", str("m") + be32(8) + [0x23, 0, 0, 0, 0, 0x45, 0x05, 0, 0, 0, 0, 0x08])
        let modern = record("M", str("m") + be32(8) + [0x73, 0x00, 0x08])
        #expect(try ClassFile.parse(noVersion + legacy + v1).generation == .a)
        #expect(try ClassFile.parse(withVersion + legacy + v1).generation == .b)
        #expect(try ClassFile.parse(withVersion + legacy + v2).generation == .c)
        #expect(try ClassFile.parse(withVersion + modern + v2).generation == .d)
        #expect(try ClassFile.parse(withVersion).generation == .d)
        // A C record may be nothing but its four fields.
        #expect(try ClassFile.parse(noVersion).version == nil)
    }

    @Test func aV1ConstructorIsKnownByItsName() throws {
        let header = record("C", str(".x") + be32(0) + be32(17) + str(".internal.object"))
        let s = record("S", str("<init>") + be32(16) + be32(1) + type("") + str("a") + type(".internal.int"))
        let signature = try #require(try ClassFile.parse(header + s).signatures.first)
        #expect(signature.layout == .v1 && signature.isConstructor)
        #expect(signature.arguments == [.init(name: "a", type: .int)])
    }

    @Test func unknownRecordsAreSkippedAndKept() throws {
        let bytes = Example.classHeader + record("x", [1, 2, 3, 4]) + record("Z", Array("future".utf8)) + Example.method
        let file = try ClassFile.parse(bytes)
        #expect(file.unknownRecords == [
            .init(tag: UInt8(ascii: "x"), body: [1, 2, 3, 4]), .init(tag: UInt8(ascii: "Z"), body: Array("future".utf8)),
        ])
        #expect(file.methods.count == 1)
        #expect(try ClassFile.parse(file.serialize()) == file)
    }

    @Test func anFRecordMayHoldSeveralFieldsAndLaterRecordsWin() throws {
        let bytes = Example.classHeader
            + record("f", str("a") + be32(0) + type("") + str("b") + be32(1) + type(".C"))
            + record("M", str("old") + be32(8) + [0x08]) + record("M", str("new") + be32(8) + [0x08])
            + record("c", be32(3) + type(".internal.string") + Array("one".utf8))
            + record("c", be32(3) + type(".internal.int") + [0, 0, 0, 2])
        let file = try ClassFile.parse(bytes)
        #expect(file.fields == [.init(name: "a", ordinal: 0, type: .untyped), .init(name: "b", ordinal: 1, type: .init(mainClass: ".C"))])
        #expect(file.method(ordinal: 8)?.name == "new")
        #expect(file.constant(id: 3)?.value == [0, 0, 0, 2])
        #expect(file.constant(id: 3)?.text == nil && file.constants[0].text == "one")
    }

    // MARK: Writing

    @Test func roundTripsThroughTheWriter() throws {
        let classes: [ClassFile] = [
            ClassFile(name: ".empty"),
            ClassFile(name: "", parent: "", version: ""),
            ClassFile(
                name: ".phantom.util.map", objectSlots: 3, methodSlots: 18, version: "20190311114015123",
                methods: [
                    .init(name: "<init>", ordinal: 16, code: [0x73, 0x00, 0x08]),
                    .init(name: "get", ordinal: 17, code: [0x73, 0x01, 0x29, 0x01, 0x00, 0x08]),
                    .init(name: "empty", ordinal: 9, code: []),
                    .init(name: "get", ordinal: 17, code: [0x08]),
                ],
                // Not in method order, and one for a method that does not exist.
                signatures: [
                    .init(name: "get", ordinal: 17, returnType: .untyped, arguments: [.init(name: "key", type: .string)]),
                    .init(name: "<init>", ordinal: 16, isConstructor: true, returnType: .void),
                    .init(name: "ghost", ordinal: 40, returnType: .array(of: ".x"), arguments: [
                        .init(name: "", type: .init(isContainer: true, mainClass: ".my.list", containedClass: ".x")),
                    ]),
                ],
                lineMaps: [
                    .init(ordinal: 17, entries: [.init(ip: Int64.max, line: -1), .init(ip: 0, line: 12)]),
                    .init(ordinal: 16, entries: []),
                ],
                fields: [.init(name: "keys", ordinal: 2, type: .array(of: "")), .init(name: "n", ordinal: 0, type: .int)],
                constants: [
                    .init(id: 1, string: "ключ ✓"), .init(id: 0, string: ""),
                    .init(id: 7, type: .int, value: [0xFF, 0x00]),
                ],
                unknownRecords: [.init(tag: UInt8(ascii: "q"), body: [9, 9, 9, 9, 9])]),
        ]
        for file in classes {
            #expect(try ClassFile.parse(file.serialize()) == file)
        }
    }

    @Test func theWriterUsesTheSpecRecordOrder() throws {
        let file = try ClassFile.parse(generationD())
        var tags: [Character] = []
        var position = 0
        let bytes = file.serialize()
        while position < bytes.count {
            tags.append(Character(Unicode.Scalar(bytes[position + 5])))
            position += Int(UInt32(bytes[position + 6]) << 24 | UInt32(bytes[position + 7]) << 16
                | UInt32(bytes[position + 8]) << 8 | UInt32(bytes[position + 9]))
        }
        #expect(String(tags) == "CMSlMSlffc")
    }

    @Test func theWriterUpgradesOlderFilesToGenerationD() throws {
        let old = try ClassFile.parse(Example.file)
        let upgraded = try ClassFile.parse(old.serialize())
        #expect(upgraded.signatures.map(\.layout) == [.v2])
        var expected = old
        expected.signatures[0].layout = .v2
        #expect(upgraded == expected)
    }

    // MARK: Malformed files

    @Test func emptyInputHasNoClassHeader() {
        #expect(parseError([]) == ClassFileError(.missingClassHeader, at: 0))
    }

    @Test func aBadMarkerIsReportedAtTheRecord() {
        var bytes = Example.file
        bytes[3] = UInt8(ascii: "x")
        #expect(parseError(bytes) == ClassFileError(.badMarker, at: 0, record: at(0, nil, 0), field: "marker"))
        bytes = Example.file
        bytes[Example.methodAt + 4] = 0
        #expect(parseError(bytes) == ClassFileError(
            .badMarker, at: Example.methodAt, record: at(1, nil, Example.methodAt), field: "marker"))
    }

    @Test func aShortTrailingHeaderIsReported() {
        let bytes = Example.classHeader + Array("phfr:".utf8)
        #expect(parseError(bytes) == ClassFileError(
            .truncatedHeader(available: 5), at: 79, record: at(1, nil, 79), field: "record header"))
    }

    @Test func recordLengthsBelowFourteenAreRejected() {
        for length: Int32 in [13, 10, 0, -1, Int32.min] {
            var bytes = Example.file
            bytes.replaceSubrange(Example.methodAt + 6..<Example.methodAt + 10, with: be32(length))
            #expect(parseError(bytes) == ClassFileError(
                .recordTooShort(length: length), at: Example.methodAt + 6, record: at(1, "M", Example.methodAt),
                field: "record length"))
        }
    }

    @Test func aRecordMayNotOverrunTheInput() {
        for length: Int32 in [Int32(Example.file.count - Example.methodAt + 1), 1000, Int32.max] {
            var bytes = Example.file
            bytes.replaceSubrange(Example.methodAt + 6..<Example.methodAt + 10, with: be32(length))
            #expect(parseError(bytes) == ClassFileError(
                .recordOverrun(length: length, available: Example.file.count - Example.methodAt),
                at: Example.methodAt + 6, record: at(1, "M", Example.methodAt), field: "record length"))
        }
        // The last record's length may not reach past the end either.
        let cut = Array(Example.file.dropLast())
        #expect(parseError(cut)?.problem == .recordOverrun(length: 0x12, available: 0x11))
    }

    @Test func theClassHeaderMustComeFirstAndOnce() {
        #expect(parseError(Example.method + Example.classHeader) == ClassFileError(
            .missingClassHeader, at: 0, record: at(0, "M", 0)))
        #expect(parseError(record("x", [0, 0, 0, 0]) + Example.classHeader)?.problem == .missingClassHeader)
        #expect(parseError(Example.classHeader + Example.method + Example.classHeader) == ClassFileError(
            .duplicateClassHeader(first: 0), at: 105, record: at(2, "C", 105)))
    }

    @Test func badStringLengthsAreReportedAtTheLength() {
        // The class name's length word is at offset 10; its record ends at 79.
        let cases: [(Int32, ClassFileError.Problem)] = [
            (-1, .negativeLength(-1)),
            (Int32.min, .negativeLength(Int32.min)),
            (100, .truncated(needed: 104, available: 69)),
            (66, .truncated(needed: 70, available: 69)),
            (Int32.max, .truncated(needed: 4 + Int(Int32.max), available: 69)),
        ]
        for (length, problem) in cases {
            var bytes = Example.file
            bytes.replaceSubrange(10..<14, with: be32(length))
            #expect(parseError(bytes) == ClassFileError(problem, at: 10, record: at(0, "C", 0), field: "class name"))
        }
    }

    @Test func aFieldCutOffByItsRecordIsTruncated() {
        // A C record holding only the name: n_object_slots would start at the end.
        let bytes = record("C", str(".x"))
        #expect(parseError(bytes) == ClassFileError(
            .truncated(needed: 4, available: 0), at: 16, record: at(0, "C", 0), field: "n_object_slots"))
        // An M record of the minimum length: the ordinal is missing.
        let m = Example.classHeader + record("M", str(""))
        #expect(parseError(m) == ClassFileError(
            .truncated(needed: 4, available: 0), at: 79 + 14, record: at(1, "M", 79), field: "method ordinal"))
        // Half a line-map entry.
        let l = Example.classHeader + record("l", be32(9) + be32(1) + be64(0))
        #expect(parseError(l) == ClassFileError(
            .truncated(needed: 16, available: 12), at: 79 + 14, record: at(1, "l", 79), field: "line map count"))
    }

    @Test func hugeAndNegativeCountsAreRejectedWithoutAllocating() {
        let hugeLines = Example.classHeader + record("l", be32(9) + be32(Int32.max))
        #expect(parseError(hugeLines) == ClassFileError(
            .truncated(needed: 4 + 12 * Int(Int32.max), available: 4), at: 79 + 14, record: at(1, "l", 79),
            field: "line map count"))
        let negativeLines = Example.classHeader + record("l", be32(9) + be32(-5))
        #expect(parseError(negativeLines) == ClassFileError(
            .negativeValue(-5), at: 79 + 14, record: at(1, "l", 79), field: "line map count"))
        let negativeOrdinal = Example.classHeader + record("M", str("m") + be32(-1) + [0x08])
        #expect(parseError(negativeOrdinal) == ClassFileError(
            .negativeValue(-1), at: 79 + 15, record: at(1, "M", 79), field: "method ordinal"))
        let negativeSlots = record("C", str(".x") + be32(-3) + be32(0) + str(".p"))
        #expect(parseError(negativeSlots) == ClassFileError(
            .negativeValue(-3), at: 16, record: at(0, "C", 0), field: "n_object_slots"))
        // An S claiming 2^31 - 1 arguments fails on the first missing one.
        let hugeArgs = Example.classHeader + record("S", str("m") + be32(8) + be32(Int32.max) + be32(0) + type(""))
        let error = parseError(hugeArgs)
        #expect(error?.record == at(1, "S", 79))
        #expect(error?.problem == .truncated(needed: 4, available: 0))
    }

    @Test func flagsTextAndLeftoverBytesAreChecked() {
        let badFlag = Example.classHeader + record("f", str("a") + be32(0) + be32(2) + str("") + str(""))
        #expect(parseError(badFlag) == ClassFileError(
            .badFlag(2), at: 79 + 19, record: at(1, "f", 79), field: "field type"))
        let badText = record("C", be32(2) + [0xC3, 0x28] + be32(0) + be32(0) + str(".p"))
        #expect(parseError(badText) == ClassFileError(.invalidUTF8, at: 10, record: at(0, "C", 0), field: "class name"))
        let leftover = record("C", str(".x") + be32(0) + be32(0) + str(".p") + str("1") + [0xEE])
        #expect(parseError(leftover) == ClassFileError(.trailingBytes(count: 1), at: 35, record: at(0, "C", 0)))
        let longLines = Example.classHeader + record("l", be32(9) + be32(0) + [0, 0])
        #expect(parseError(longLines) == ClassFileError(.trailingBytes(count: 2), at: 79 + 18, record: at(1, "l", 79)))
    }

    @Test func aSignatureInNeitherLayoutIsAnError() {
        // One byte too many for v2 and, read as v1, the return type's flag is the word 1.
        let s = record("S", str("m") + be32(8) + be32(0) + be32(1) + type("") + [7])
        let error = parseError(Example.classHeader + s)
        #expect(error?.record == at(1, "S", 79))
        #expect(error?.problem == .trailingBytes(count: 1))
        #expect(error?.offset == 79 + 10 + 5 + 8 + 4 + 12)
    }

    @Test func errorsSayWhereInWords() {
        var bytes = Example.file
        bytes.replaceSubrange(Example.methodAt + 10..<Example.methodAt + 14, with: be32(500))
        let error = parseError(bytes)
        #expect(error?.description
            == "record #1 'M' (at 0x4f), method name at offset 0x59: needs 504 bytes, only 16 left in the record")
        #expect(ClassFileError(.missingClassHeader, at: 0).description
            == "at offset 0x0: empty input: a class file starts with a C record")
    }

    // MARK: Bundles

    @Test func bundlesRoundTripAndMatchTheByteLayout() throws {
        let entries = [
            // Generation D, so that the entry comes back equal (the writer upgrades S records).
            ClassFile.BundleEntry(
                name: "internal.binary", classFile: try ClassFile.parse(ClassFile.parse(Example.file).serialize())),
            ClassFile.BundleEntry(name: "test.d", classFile: try ClassFile.parse(generationD())),
        ]
        let bundle = ClassFile.serializeBundle(entries)
        #expect(Array(bundle[0..<15]) == Array("internal.binary".utf8))
        #expect(bundle[15..<512].allSatisfy { $0 == 0 })
        let firstLength = entries[0].classFile.serialize().count
        #expect(Array(bundle[512..<516]) == [UInt8(firstLength & 0xFF), UInt8(firstLength >> 8), 0, 0])
        #expect(Array(bundle[516..<522]) == Array("phfr:C".utf8))
        #expect(try ClassFile.parseBundle(bundle) == entries)
        #expect(try ClassFile.parseBundle([]) == [])
    }

    @Test func bundleEntriesKeepTheOriginalFileBytes() throws {
        // An entry's image is the .pc file unchanged, here a generation B file.
        let bundle = Array("internal.binary".utf8) + [UInt8](repeating: 0, count: 497) + [246, 0, 0, 0] + Example.file
        let entries = try ClassFile.parseBundle(bundle)
        #expect(entries == [.init(name: "internal.binary", classFile: try ClassFile.parse(Example.file))])
    }

    @Test func damagedBundlesAreReported() {
        let one = ClassFile.serializeBundle([.init(name: "a", classFile: ClassFile(name: ".a"))])
        #expect(bundleError(one + [1, 2, 3]) == ClassFileError(
            .bundleTruncatedHeader(available: 3), at: one.count, bundleEntry: 1))
        var unterminated = one
        for i in 0..<512 { unterminated[i] = UInt8(ascii: "a") }
        #expect(bundleError(unterminated) == ClassFileError(.bundleNameUnterminated, at: 0, bundleEntry: 0))
        var overrun = one
        overrun[513] = 0x10
        #expect(bundleError(overrun) == ClassFileError(
            .bundleEntryOverrun(length: UInt32(one.count - 516 + 0x1000), available: one.count - 516), at: 512,
            bundleEntry: 0))
        // A damaged class inside an entry is reported at its offset in the bundle.
        var badClass = one + one
        badClass[one.count + 516 + 2] = 0
        #expect(bundleError(badClass) == ClassFileError(
            .badMarker, at: one.count + 516, record: at(0, nil, one.count + 516), field: "marker", bundleEntry: 1))
    }

    @Test func bundleNamesMatchLikeTheVM() {
        #expect(ClassFile.bundleNamesMatch(".ru.dz.phantom.system.boot", "ru.dz.phantom.system.boot"))
        #expect(ClassFile.bundleNamesMatch("/internal/io/tty", "internal.io.tty"))
        #expect(!ClassFile.bundleNamesMatch(".test.toPhantom.A", "test.tophantom.A"))
        #expect(!ClassFile.bundleNamesMatch("internal.int", "internal.integer"))
        #expect(!ClassFile.bundleNamesMatch("..a", "a"))
    }

    // MARK: Fuzzing

    @Test func mutatedAndRandomInputsNeverTrap() {
        var random = SeededRandom(seed: 0x5043_4649_4C45)  // "PCFILE"
        let seeds = [Example.file, generationD(), try! ClassFile.parse(generationD()).serialize()]
        let interesting: [Int32] = [0, 1, -1, 2, 9, 13, 14, 15, 0x7F, 0x4F, Int32.max, Int32.min, 0x1_0000]
        var failures: [String] = []
        var parsed = 0

        func check(_ bytes: [UInt8]) {
            do throws(ClassFileError) {
                let file = try ClassFile.parse(bytes)
                parsed += 1
                // What parses must survive the writer (v1 signatures come back as v2).
                var expected = file
                for i in expected.signatures.indices { expected.signatures[i].layout = .v2 }
                if (try? ClassFile.parse(file.serialize())) != expected { failures.append("round trip: \(bytes)") }
            } catch {
                if error.offset < 0 || error.offset > bytes.count { failures.append("\(error) in \(bytes)") }
                if let record = error.record, record.offset < 0 || record.offset >= bytes.count {
                    failures.append("record outside: \(error) in \(bytes)")
                }
                _ = error.description
            }
        }

        for _ in 0..<100_000 {
            var bytes = seeds[random.below(seeds.count)]
            for _ in 0...random.below(3) {
                let position = random.below(bytes.count + 1)
                switch random.below(6) {
                case 0 where position < bytes.count:
                    bytes[position] ^= UInt8(1) << UInt8(random.below(8))
                case 1 where position < bytes.count:
                    bytes[position] = UInt8(truncatingIfNeeded: random.next())
                case 2 where position + 4 <= bytes.count:
                    bytes.replaceSubrange(position..<position + 4, with: be32(interesting[random.below(interesting.count)]))
                case 3:
                    bytes.removeSubrange(position...)
                case 4:
                    bytes.insert(contentsOf: (0..<random.below(8)).map { _ in UInt8(truncatingIfNeeded: random.next()) },
                        at: position)
                default:
                    let length = random.below(min(16, bytes.count - position) + 1)
                    bytes.removeSubrange(position..<position + length)
                }
            }
            check(bytes)
        }
        for _ in 0..<20_000 {
            var bytes = random.chance(percent: 50) ? Array("phfr:C".utf8) : []
            bytes += (0..<random.below(48)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            check(bytes)
        }
        // Bundles: cut and damaged, the class parser runs with a base offset.
        let bundle = ClassFile.serializeBundle([
            .init(name: "a", classFile: try! ClassFile.parse(Example.file)),
            .init(name: "b", classFile: try! ClassFile.parse(generationD())),
        ])
        for _ in 0..<2_000 {
            var bytes = bundle
            let position = random.below(bytes.count)
            if random.chance(percent: 30) {
                bytes.removeSubrange(position...)
            } else {
                bytes[position] = UInt8(truncatingIfNeeded: random.next())
            }
            do throws(ClassFileError) { _ = try ClassFile.parseBundle(bytes) } catch {
                if error.offset < 0 || error.offset > bytes.count { failures.append("bundle: \(error)") }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.first ?? "")")
        #expect(parsed > 1_000)  // the mutations leave many files valid, so deep paths run too
    }
}

// OpcodeTests.swift — the instruction set table and decoder (Opcodes.swift), checked
// against BYTECODE.md by hand: every opcode decoded from hand-written bytes, the set of
// opcode bytes against the spec's list of unknown ones (§11), big-endian operands and
// their limits, jump bases (§1, §8), truncated and unknown bytes, and stack effects
// with and without type prefixes (§4, §5). Listings are in DisassemblerTests.swift.

import PhantomCore
import Testing

/// The bytes of an ASCII string.
private func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

/// One hand-written instruction: its bytes, decoded at IP 0, give `opcode` and `operands`
/// and are exactly one instruction long.
struct DecodeCase: CustomTestStringConvertible, Sendable {
    let bytes: [UInt8]
    let opcode: Opcode
    let operands: Operands
    var testDescription: String { "\(opcode.info.mnemonic) \(bytes)" }

    init(_ bytes: [UInt8], _ opcode: Opcode, _ operands: Operands = .none) {
        self.bytes = bytes
        self.opcode = opcode
        self.operands = operands
    }
}

/// The operands of a case when its instruction sits at `base` instead of IP 0: only
/// absolute jump targets move.
private func operands(_ operands: Operands, at base: Int) -> Operands {
    switch operands {
    case .jump(let target): .jump(target: target + base)
    case .table(let shift, let divisor, let targets):
        .table(shift: shift, divisor: divisor, targets: targets.map { $0 + base })
    default: operands
    }
}

/// At least one case per opcode, in table order (BYTECODE.md §4).
let decodeCases: [DecodeCase] = [
    // §4.1 control flow and calls
    DecodeCase([0x00], .nop),
    DecodeCase([0x01, 0x01], .debug, .debug(flags: 0x01, message: nil)),
    DecodeCase([0x01, 0x81, 0, 0, 0, 13] + ascii("Enabled debug"), .debug,
               .debug(flags: 0x81, message: ascii("Enabled debug"))),
    DecodeCase([0x01, 0x80, 0, 0, 0, 0], .debug, .debug(flags: 0x80, message: [])),
    DecodeCase([0x02], .skipz),
    DecodeCase([0x03], .skipnz),
    // rel32 counts from the displacement field (IP + 1): -1 lands on the opcode.
    DecodeCase([0x04, 0xFF, 0xFF, 0xFF, 0xFF], .djnz, .jump(target: 0)),
    DecodeCase([0x05, 0x00, 0x00, 0x00, 0x04], .jz, .jump(target: 5)),
    DecodeCase([0x06, 0x00, 0x00, 0x01, 0x00], .jmp, .jump(target: 257)),
    DecodeCase([0x06, 0x80, 0x00, 0x00, 0x00], .jmp, .jump(target: 1 + Int(Int32.min))),
    // switch N=2 shift=0 div=1: entries at 13 and 17, each counting from itself.
    DecodeCase([0x07, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 8, 0xFF, 0xFF, 0xFF, 0xEF], .switch,
               .table(shift: 0, divisor: 1, targets: [21, 0])),
    DecodeCase([0x07, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF], .switch,
               .table(shift: -2, divisor: UInt32.max, targets: [])),
    DecodeCase([0x08], .ret),
    DecodeCase([0x09], .shortCall0, .call(ordinal: 0, argCount: 0)),
    DecodeCase([0x0A], .shortCall1, .call(ordinal: 1, argCount: 0)),
    DecodeCase([0x0B], .shortCall2, .call(ordinal: 2, argCount: 0)),
    DecodeCase([0x0C], .shortCall3, .call(ordinal: 3, argCount: 0)),
    DecodeCase([0x0D, 0x05, 0x00, 0x00, 0x00, 0x10], .call8bit, .call(ordinal: 5, argCount: 16)),
    DecodeCase([0x0D, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF], .call8bit, .call(ordinal: 255, argCount: Int32.max)),
    DecodeCase([0x0E, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x02], .call32bit,
               .call(ordinal: 40, argCount: 2)),
    DecodeCase([0x0F, 0x0E], .sys, .int(14)),
    DecodeCase([0x6E, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x02], .staticInvoke,
               .call(ordinal: 16, argCount: 2)),
    DecodeCase([0x6F], .dynamicInvoke),
    DecodeCase([0x73, 0x01], .argCount, .int(1)),
    DecodeCase([0x29, 0x01, 0x00], .stackReserve, .reserve(objects: 1, ints: 0)),
    DecodeCase([0x29, 0xFF, 0xFF], .stackReserve, .reserve(objects: 255, ints: 255)),
    // §4.2 object stack, fields, objects
    DecodeCase([0x12], .osDup),
    DecodeCase([0x13], .osDrop),
    DecodeCase([0x1C, 0x00, 0x00, 0x00, 0x02], .osPull32, .int(2)),
    DecodeCase([0x1E, 0x00, 0x00, 0x00, 0x00], .osGet32, .int(0)),
    DecodeCase([0x1E, 0x7F, 0xFF, 0xFF, 0xFF], .osGet32, .int(Int32.max)),
    DecodeCase([0x1F, 0x00, 0x01, 0x02, 0x03], .osSet32, .int(0x0001_0203)),
    DecodeCase([0x14, 0x01], .osLoad8, .int(1)),
    DecodeCase([0x15, 0xFE], .osSave8, .int(254)),
    DecodeCase([0x16, 0x00, 0x00, 0x01, 0x00], .osLoad32, .int(256)),
    DecodeCase([0x17, 0x00, 0x00, 0x01, 0x01], .osSave32, .int(257)),
    DecodeCase([0x50, 0x03], .isLoad8, .int(3)),
    DecodeCase([0x51, 0x04], .isSave8, .int(4)),
    DecodeCase([0x18], .new),
    DecodeCase([0x2B], .cast),
    DecodeCase([0x58], .osEq),
    DecodeCase([0x59], .osNeq),
    DecodeCase([0x5A], .osIsNull),
    DecodeCase([0x62], .generalLock),
    DecodeCase([0x63], .generalUnlock),
    DecodeCase([0x19], .copy),
    DecodeCase([0x1A, 0x00, 0x00, 0x00, 0x03], .osCompose32, .int(3)),
    DecodeCase([0x1B], .osDecompose),
    DecodeCase([0x5B], .osPushNull),
    // §4.3 constants and summons
    DecodeCase([0x20], .iconst0),
    DecodeCase([0x21], .iconst1),
    DecodeCase([0x22, 0xFF], .iconst8bit, .int(255)),  // zero-extended, not -1
    DecodeCase([0x23, 0x12, 0x34, 0x56, 0x78], .iconst32bit, .int(0x1234_5678)),
    DecodeCase([0x23, 0x80, 0x00, 0x00, 0x00], .iconst32bit, .int(Int32.min)),
    DecodeCase([0x23, 0xFF, 0xFF, 0xFF, 0xFE], .iconst32bit, .int(-2)),
    // All 64 bits, although the ia32 reference drops the high word.
    DecodeCase([0x25, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00], .iconst64bit, .long(1 << 32)),
    DecodeCase([0x25, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01], .iconst64bit, .long(Int64.min + 1)),
    DecodeCase([0x24, 0x00, 0x00, 0x00, 0x02, 0x68, 0x69], .sconstBin, .string(ascii("hi"))),
    DecodeCase([0x24, 0x00, 0x00, 0x00, 0x00], .sconstBin, .string([])),
    DecodeCase([0x28, 0x00, 0x00, 0x00, 0x07], .constPool, .int(7)),
    DecodeCase([0x30], .summonThread),
    DecodeCase([0x31], .summonThis),
    DecodeCase([0x37], .summonNull),
    DecodeCase([0x38], .summonClassClass),
    DecodeCase([0x39], .summonIntClass),
    DecodeCase([0x3A], .summonStringClass),
    DecodeCase([0x3B], .summonInterfaceClass),
    DecodeCase([0x3C], .summonCodeClass),
    DecodeCase([0x3D], .summonArrayClass),
    DecodeCase([0x3F, 0x00, 0x00, 0x00, 0x0B] + ascii(".phantom.os"), .summonByName,
               .string(ascii(".phantom.os"))),
    // §4.4 integer arithmetic
    DecodeCase([0x42], .isum), DecodeCase([0x43], .imul),
    DecodeCase([0x44], .isubul), DecodeCase([0x45], .isublu),
    DecodeCase([0x46], .idivul), DecodeCase([0x47], .idivlu),
    DecodeCase([0x48], .ior), DecodeCase([0x49], .iand),
    DecodeCase([0x4A], .ixor), DecodeCase([0x4B], .inot),
    DecodeCase([0x4C], .logOr), DecodeCase([0x4D], .logAnd),
    DecodeCase([0x4E], .logXor), DecodeCase([0x4F], .logNot),
    DecodeCase([0x52], .ige), DecodeCase([0x53], .ile),
    DecodeCase([0x54], .igt), DecodeCase([0x55], .ilt),
    DecodeCase([0x56], .iremul), DecodeCase([0x57], .iremlu),
    DecodeCase([0x70], .ishl), DecodeCase([0x71], .ishr), DecodeCase([0x72], .ushr),
    // §4.5 boxing and conversion, §4.6 integer stack
    DecodeCase([0x40], .i2o), DecodeCase([0x41], .o2i),
    DecodeCase([0x74], .fromi), DecodeCase([0x75], .froml),
    DecodeCase([0x76], .fromf), DecodeCase([0x77], .fromd),
    DecodeCase([0x10], .isDup), DecodeCase([0x11], .isDrop),
    DecodeCase([0x26, 0x00, 0x00, 0x00, 0x03], .isGet32, .int(3)),
    DecodeCase([0x27, 0x00, 0x00, 0x00, 0x04], .isSet32, .int(4)),
    // §5 prefixes: one-byte instructions of their own
    DecodeCase([0x5C], .prefixLong), DecodeCase([0x5D], .prefixFloat), DecodeCase([0x5E], .prefixDouble),
    // §6 exceptions
    DecodeCase([0x2D, 0x00, 0x00, 0x00, 0x0B], .pushCatcher, .jump(target: 12)),
    DecodeCase([0x2E], .popCatcher),
    DecodeCase([0x2F], .throw),
    // call_00 … call_1F: ordinal from the opcode, u8 argument count
    DecodeCase([0xA0, 0x00], .call00, .call(ordinal: 0, argCount: 0)),
    DecodeCase([0xA1, 0x01], .call01, .call(ordinal: 1, argCount: 1)),
    DecodeCase([0xA2, 0x02], .call02, .call(ordinal: 2, argCount: 2)),
    DecodeCase([0xA3, 0x03], .call03, .call(ordinal: 3, argCount: 3)),
    DecodeCase([0xA4, 0x01], .call04, .call(ordinal: 4, argCount: 1)),
    DecodeCase([0xA5, 0x00], .call05, .call(ordinal: 5, argCount: 0)),
    DecodeCase([0xA6, 0x00], .call06, .call(ordinal: 6, argCount: 0)),
    DecodeCase([0xA7, 0x01], .call07, .call(ordinal: 7, argCount: 1)),
    DecodeCase([0xA8, 0x01], .call08, .call(ordinal: 8, argCount: 1)),
    DecodeCase([0xA9, 0x09], .call09, .call(ordinal: 9, argCount: 9)),
    DecodeCase([0xAA, 0x01], .call0A, .call(ordinal: 10, argCount: 1)),
    DecodeCase([0xAB, 0x02], .call0B, .call(ordinal: 11, argCount: 2)),
    DecodeCase([0xAC, 0x00], .call0C, .call(ordinal: 12, argCount: 0)),
    DecodeCase([0xAD, 0x0D], .call0D, .call(ordinal: 13, argCount: 13)),
    DecodeCase([0xAE, 0x01], .call0E, .call(ordinal: 14, argCount: 1)),
    DecodeCase([0xAF, 0x00], .call0F, .call(ordinal: 15, argCount: 0)),
    DecodeCase([0xB0, 0x10], .call10, .call(ordinal: 16, argCount: 16)),
    DecodeCase([0xB1, 0x11], .call11, .call(ordinal: 17, argCount: 17)),
    DecodeCase([0xB2, 0x12], .call12, .call(ordinal: 18, argCount: 18)),
    DecodeCase([0xB3, 0x13], .call13, .call(ordinal: 19, argCount: 19)),
    DecodeCase([0xB4, 0x14], .call14, .call(ordinal: 20, argCount: 20)),
    DecodeCase([0xB5, 0x15], .call15, .call(ordinal: 21, argCount: 21)),
    DecodeCase([0xB6, 0x16], .call16, .call(ordinal: 22, argCount: 22)),
    DecodeCase([0xB7, 0x17], .call17, .call(ordinal: 23, argCount: 23)),
    DecodeCase([0xB8, 0x18], .call18, .call(ordinal: 24, argCount: 24)),
    DecodeCase([0xB9, 0x19], .call19, .call(ordinal: 25, argCount: 25)),
    DecodeCase([0xBA, 0x1A], .call1A, .call(ordinal: 26, argCount: 26)),
    DecodeCase([0xBB, 0x1B], .call1B, .call(ordinal: 27, argCount: 27)),
    DecodeCase([0xBC, 0x1C], .call1C, .call(ordinal: 28, argCount: 28)),
    DecodeCase([0xBD, 0x1D], .call1D, .call(ordinal: 29, argCount: 29)),
    DecodeCase([0xBE, 0x1E], .call1E, .call(ordinal: 30, argCount: 30)),
    DecodeCase([0xBF, 0xFF], .call1F, .call(ordinal: 31, argCount: 255)),
]

/// The opcode bytes BYTECODE.md §11 lists as unknown to the reference interpreter.
private let referenceUnknown: Set<UInt8> = {
    var bytes: Set<UInt8> = [0x02, 0x03, 0x1D, 0x2A, 0x2C, 0x3E, 0x56, 0x57, 0x5B]
    for range in [0x19...0x1B, 0x32...0x36, 0x5F...0x61, 0x64...0x6D, 0x78...0x9F, 0xC0...0xFF] {
        for b in range { bytes.insert(UInt8(b)) }
    }
    return bytes
}()

@Suite struct OpcodeTests {
    // MARK: - Decoding every opcode

    @Test(arguments: decodeCases)
    func decodesHandWrittenBytes(_ c: DecodeCase) throws {
        let instruction = try InstructionDecoder(c.bytes).decode(at: 0)
        #expect(instruction == Instruction(ip: 0, opcode: c.opcode, length: c.bytes.count, operands: c.operands))
        // Elsewhere in the code, with bytes after it: same length, targets move along.
        let base = 7
        let code = [UInt8](repeating: 0x00, count: base) + c.bytes + [0xEE, 0xEE, 0xEE, 0xEE]
        let moved = try InstructionDecoder(code).decode(at: base)
        #expect(moved == Instruction(ip: base, opcode: c.opcode, length: c.bytes.count,
                                     operands: operands(c.operands, at: base)))
        // The same bytes through a slice and raw memory, whose IPs count from their start.
        #expect(try InstructionDecoder(code[2...]).decode(at: base - 2).length == c.bytes.count)
        let length = try c.bytes.withUnsafeBytes { raw throws(DecodeError) in
            try InstructionDecoder(raw).decode(at: 0).length
        }
        #expect(length == c.bytes.count)
    }

    @Test func everyOpcodeHasADecodeCase() {
        let covered = Set(decodeCases.map(\.opcode.rawValue))
        let missing = Opcode.allCases.filter { !covered.contains($0.rawValue) }
        #expect(missing.isEmpty, "no decode case for \(missing.map(\.info.mnemonic))")
        #expect(Opcode.allCases.count == 130)
    }

    /// The opcode bytes are BYTECODE.md's: every byte the reference runs is an opcode;
    /// of the ones it does not run only the named ones are (with a status saying so).
    @Test func opcodeBytesMatchTheSpec() {
        let named: Set<UInt8> = [0x02, 0x03, 0x19, 0x1A, 0x1B, 0x56, 0x57, 0x5B]
        for value in 0...255 {
            let byte = UInt8(value)
            let opcode = Opcode(rawValue: byte)
            if !referenceUnknown.contains(byte) {
                #expect(opcode?.info.status == .reference, "0x\(String(value, radix: 16))")
            } else if named.contains(byte) {
                #expect(opcode != nil && opcode?.info.status != .reference)
            } else {
                #expect(opcode == nil, "0x\(String(value, radix: 16)) should not be an opcode")
            }
        }
        #expect(Opcode.iremlu.info.status == .compilerOnly && Opcode.iremul.info.status == .compilerOnly)
        #expect(Opcode.osPushNull.info.status == .legacy)
        #expect([Opcode.skipz, .skipnz, .copy, .osCompose32, .osDecompose].allSatisfy {
            $0.info.status == .unimplemented
        })
    }

    @Test func mnemonicsAreTheOriginals() {
        let names = Opcode.allCases.map(\.info.mnemonic)
        #expect(Set(names).count == names.count, "mnemonics must be unique")
        let expected: [Opcode: String] = [
            .sys: "sys", .switch: "switch", .throw: "throw", .shortCall0: "short_call_0",
            .call8bit: "call_8bit", .call32bit: "call_32bit", .call0A: "call_0A", .call1F: "call_1F",
            .osIsNull: "os_isnull", .osPushNull: "os_push_null", .prefixLong: "prefix_long",
            .summonInterfaceClass: "summon_interface_class", .iconst8bit: "iconst_8bit",
            .logXor: "log_xor", .staticInvoke: "static_invoke", .stackReserve: "stack_reserve",
        ]
        for (opcode, name) in expected { #expect(opcode.info.mnemonic == name) }
    }

    // MARK: - Errors

    /// Every proper prefix of every case is truncated, reported at the instruction's IP.
    @Test(arguments: decodeCases.filter { $0.bytes.count > 1 })
    func truncatedOperandsNameTheInstruction(_ c: DecodeCase) {
        let base = 3
        for keep in 1..<c.bytes.count {
            let code = [UInt8](repeating: 0x00, count: base) + c.bytes[..<keep]
            #expect {
                _ = try InstructionDecoder(code).decode(at: base)
            } throws: { error in
                guard case .truncated(let opcode, let at, let needed, let available) = error as? DecodeError
                else { return false }
                return opcode == c.opcode && at == base && available == keep && needed > keep
                    && needed <= c.bytes.count
            }
        }
    }

    @Test func truncationReportsTheLengthItKnows() {
        func error(_ bytes: [UInt8]) -> DecodeError? {
            do {
                _ = try InstructionDecoder(bytes).decode(at: 0)
                return nil
            } catch {
                return error
            }
        }
        #expect(error([0x23, 0x01]) == .truncated(.iconst32bit, at: 0, needed: 5, available: 2))
        #expect(error([0x24, 0, 0]) == .truncated(.sconstBin, at: 0, needed: 5, available: 3))
        #expect(error([0x24, 0, 0, 0, 9, 0x41]) == .truncated(.sconstBin, at: 0, needed: 14, available: 6))
        #expect(error([0x01, 0x81, 0, 0, 0, 2]) == .truncated(.debug, at: 0, needed: 8, available: 6))
        #expect(error([0x01]) == .truncated(.debug, at: 0, needed: 2, available: 1))
        #expect(error([0x07, 0, 0, 0, 1]) == .truncated(.switch, at: 0, needed: 13, available: 5))
        // A count near 2^32 is a truncation too, not an overflow or a huge allocation.
        let huge: [UInt8] = [0x07, 0xFF, 0xFF, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 12)
        #expect(error(huge) == .truncated(.switch, at: 0, needed: 13 + 4 * 0xFFFF_FFFF, available: 17))
        #expect(error([0x24, 0xFF, 0xFF, 0xFF, 0xFF]) == .negativeLength(.sconstBin, at: 0, length: -1))
        #expect(error([0x01, 0x80, 0x80, 0, 0, 0]) == .negativeLength(.debug, at: 0, length: Int32.min))
    }

    @Test func unknownBytesAndBadIPsAreErrorsWithTheOffset() throws {
        let code: [UInt8] = [0x00, 0x08, 0x9F, 0x80, 0x1D]
        let decoder = InstructionDecoder(code)
        #expect(throws: DecodeError.unknownOpcode(0x9F, at: 2)) { try decoder.decode(at: 2) }
        #expect(throws: DecodeError.unknownOpcode(0x80, at: 3)) { try decoder.decode(at: 3) }
        #expect(throws: DecodeError.unknownOpcode(0x1D, at: 4)) { try decoder.decode(at: 4) }
        #expect(throws: DecodeError.outsideCode(at: 5, codeSize: 5)) { try decoder.decode(at: 5) }
        #expect(throws: DecodeError.outsideCode(at: -1, codeSize: 5)) { try decoder.decode(at: -1) }
        #expect(throws: DecodeError.unknownOpcode(0x9F, at: 2)) { try decoder.decodeAll() }
        #expect(DecodeError.unknownOpcode(0x9F, at: 2).offset == 2)
        #expect(DecodeError.truncated(.jz, at: 12, needed: 5, available: 3).offset == 12)
        #expect("\(DecodeError.unknownOpcode(0x9F, at: 301))" == "IP 301: unknown opcode 0x9F")
        #expect("\(DecodeError.truncated(.jz, at: 12, needed: 5, available: 3))"
            == "IP 12: jz needs 5 bytes, the code has 3 left")
        #expect("\(DecodeError.negativeLength(.sconstBin, at: 4, length: -2))"
            == "IP 4: sconst_bin has a negative string length -2")
        #expect("\(DecodeError.outsideCode(at: 9, codeSize: 5))" == "IP 9: outside the code (5 bytes)")
        #expect(try InstructionDecoder([UInt8]()).decodeAll().isEmpty)
    }

    // MARK: - The table's columns

    @Test func operandLayoutsAgreeWithDecodedLengths() {
        for c in decodeCases {
            if let fixed = c.opcode.info.operands.fixedSize {
                #expect(c.bytes.count == 1 + fixed, "\(c.opcode.info.mnemonic)")
            }
        }
    }

    /// Prefix-typed stack effects appear exactly on the opcodes that use a prefix, and
    /// jump operands exactly on the opcodes whose flow has a target.
    @Test func columnsAreConsistent() {
        for opcode in Opcode.allCases {
            let info = opcode.info
            var typed = false
            if case .typed = info.intStack { typed = true }
            #expect(typed == (info.prefix != .ignored), "\(info.mnemonic)")
            if case .typed = info.objectStack { Issue.record("\(info.mnemonic): object stack is never typed") }
            let hasTarget = [Flow.branch, .jump, .catcher].contains(info.flow)
            #expect(hasTarget == (info.operands == .rel32), "\(info.mnemonic)")
            #expect((info.flow == .table) == (info.operands == .switchTable))
            #expect((opcode.typePrefix != nil) == opcode.info.mnemonic.hasPrefix("prefix_"))
        }
        #expect(Opcode.prefixLong.typePrefix == .long && TypePrefix.long.cellWidth == 2)
        #expect(Opcode.prefixFloat.typePrefix == .float && TypePrefix.float.cellWidth == 1)
        #expect(Opcode.prefixDouble.typePrefix == .double && TypePrefix.double.cellWidth == 2)
    }

    // MARK: - Stack effects

    private func decode(_ bytes: [UInt8]) throws -> Instruction { try InstructionDecoder(bytes).decode(at: 0) }

    private func change(_ pops: Int, _ pushes: Int) -> StackChange { StackChange(pops: pops, pushes: pushes) }

    @Test func integerStackEffectsFollowThePrefix() throws {
        let isum = try decode([0x42])
        #expect(isum.intStackChange() == change(2, 1))
        #expect(isum.intStackChange(prefix: .float) == change(2, 1))
        #expect(isum.intStackChange(prefix: .long) == change(4, 2))
        #expect(isum.intStackChange(prefix: .double) == change(4, 2))
        // Comparisons push one int cell whatever they compare.
        #expect(try decode([0x52]).intStackChange(prefix: .double) == change(4, 1))
        // Long shifts: a 2-cell value on top of a 1-cell count.
        #expect(try decode([0x70]).intStackChange(prefix: .long) == change(3, 2))
        #expect(try decode([0x70]).intStackChange() == change(2, 1))
        // Logical ops under :long push a 2-cell 0/1.
        #expect(try decode([0x4F]).intStackChange(prefix: .long) == change(2, 2))
        // Conversions: the opcode names the source, the prefix the target.
        #expect(try decode([0x75]).intStackChange() == change(2, 1))            // froml → int
        #expect(try decode([0x74]).intStackChange(prefix: .double) == change(1, 2))
        #expect(try decode([0x77]).intStackChange(prefix: .float) == change(2, 1))
        #expect(try decode([0x75]).intStackChange(prefix: .long) == change(2, 2))  // a nop
        // Generic ops and constants widen under :long and :double.
        #expect(try decode([0x10]).intStackChange(prefix: .long) == change(2, 4))
        #expect(try decode([0x11]).intStackChange(prefix: .double) == change(2, 0))
        #expect(try decode([0x26, 0, 0, 0, 0]).intStackChange(prefix: .long) == change(0, 2))
        #expect(try decode([0x27, 0, 0, 0, 0]).intStackChange(prefix: .float) == change(1, 0))
        #expect(try decode([0x23, 0, 0, 0, 1]).intStackChange(prefix: .double) == change(0, 2))
        #expect(try decode([0x25, 0, 0, 0, 0, 0, 0, 0, 1]).intStackChange() == change(0, 2))
        // Boxing.
        #expect(try decode([0x40]).intStackChange(prefix: .long) == change(2, 0))
        #expect(try decode([0x41]).intStackChange(prefix: .double) == change(0, 2))
        #expect(try decode([0x41]).objectStackChange == change(1, 0))
        // Ops that ignore a prefix.
        #expect(try decode([0x05, 0, 0, 0, 0]).intStackChange(prefix: .long) == change(1, 0))
        #expect(try decode([0x04, 0, 0, 0, 0]).intStackChange() == change(1, 1))
        #expect(try decode([0x58]).intStackChange(prefix: .double) == change(0, 1))
    }

    @Test func objectStackEffectsOfCallsComeFromTheOperands() throws {
        #expect(try decode([0x09]).objectStackChange == change(1, 1))                   // this → r
        #expect(try decode([0xAA, 0x01]).objectStackChange == change(2, 1))             // a[i]
        #expect(try decode([0xBF, 0xFF]).objectStackChange == change(256, 1))
        #expect(try decode([0x0D, 5, 0, 0, 0, 16]).objectStackChange == change(17, 1))
        #expect(try decode([0x0E, 0, 0, 0, 40, 0, 0, 0, 3]).objectStackChange == change(4, 1))
        #expect(try decode([0x6E, 0, 0, 0, 16, 0, 0, 0, 2]).objectStackChange == change(4, 1))  // + this, class
        #expect(try decode([0x0E, 0, 0, 0, 40, 0xFF, 0xFF, 0xFF, 0xFF]).objectStackChange == nil)
        // Decided by the integer-stack top at run time.
        #expect(try decode([0x6F]).objectStackChange == nil)
        #expect(try decode([0x6F]).intStackChange() == change(1, 0))
        #expect(try decode([0x0F, 5]).objectStackChange == nil)
        #expect(try decode([0x0F, 5]).intStackChange() == change(1, 0))
        // Calls leave the caller's integer stack alone.
        #expect(try decode([0xA4, 0x01]).intStackChange() == change(0, 0))
    }

    @Test func otherObjectStackEffects() throws {
        #expect(try decode([0x29, 3, 2]).objectStackChange == change(0, 3))
        #expect(try decode([0x29, 3, 2]).intStackChange() == change(0, 2))
        #expect(try decode([0x1C, 0, 0, 0, 2]).objectStackChange == change(3, 4))
        #expect(try decode([0x1C, 0xFF, 0xFF, 0xFF, 0xFF]).objectStackChange == nil)
        #expect(try decode([0x12]).objectStackChange == change(1, 2))
        #expect(try decode([0x2B]).objectStackChange == change(2, 1))
        #expect(try decode([0x2D, 0, 0, 0, 0]).objectStackChange == change(1, 0))
        #expect(try decode([0x2F]).objectStackChange == change(1, 0))
        #expect(try decode([0x5B]).objectStackChange == change(0, 1))
        #expect(try decode([0x58]).objectStackChange == change(2, 0))
        #expect(try decode([0x40]).objectStackChange == change(0, 1))
        // Never implemented: unknown.
        #expect(try decode([0x19]).objectStackChange == nil)
        #expect(try decode([0x02]).intStackChange() == nil)
    }
}

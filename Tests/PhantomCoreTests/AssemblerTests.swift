// AssemblerTests.swift — text to bytecode (Assembler.swift): every opcode of the table
// assembled and decoded back, listings of the BYTECODE.md §10 example and of 10^4
// seeded random instruction sequences assembled back to identical bytes, labels and
// the rel32 rule, switch tables, every diagnostic with its line and column, and a
// class assembled, serialized and re-parsed.

import PhantomCore
import Testing

/// `phantom.util.hashmap.pos` as the 2019 plc compiles it (BYTECODE.md §10).
private let hashmapPos: [UInt8] = [
    0x73, 0x01, 0x29, 0x01, 0x00, 0x1E, 0x00, 0x00, 0x00, 0x00, 0xAF, 0x00,
    0x41, 0x14, 0x01, 0x41, 0x57, 0x40, 0x08, 0x08,
]

/// A listing without its IP column, as a person would write assembler.
private func withoutIPs(_ listing: String) -> String {
    listing.split(separator: "\n", omittingEmptySubsequences: false).map { line in
        guard let first = line.first, first.isNumber else { return String(line) }
        return String(line.drop(while: { $0.isNumber }).drop(while: { $0 == " " }))
    }.joined(separator: "\n")
}

/// Sample operand text for each layout, and what the decoder must read back. Values sit
/// at the edges of their encodings.
private func sample(_ opcode: Opcode) -> (text: String, operands: Operands) {
    switch opcode.info.operands {
    case .none: ("", .none)
    case .u8: (" 255", .int(255))
    case .u8u8: (" obj=3 int=0xFF", .reserve(objects: 3, ints: 255))
    case .i32: (" -2147483648", .int(Int32.min))
    case .i64: (" -9223372036854775808", .long(Int64.min))
    case .rel32: (" @-7", .jump(target: -7))
    case .str: (#" "a\"b\x00\\""#, .string([0x61, 0x22, 0x62, 0x00, 0x5C]))
    case .callShort: ("", .call(ordinal: Int32(opcode.rawValue - 0x09), argCount: 0))
    case .callCount: (" n=255", .call(ordinal: Int32(opcode.rawValue & 0x1F), argCount: 255))
    case .callU8I32: (" ord=200 n=-1", .call(ordinal: 200, argCount: -1))
    case .callI32I32: (" ord=0x7FFFFFFF n=3", .call(ordinal: Int32.max, argCount: 3))
    case .debug: (#" 0x81 "hi""#, .debug(flags: 0x81, message: [0x68, 0x69]))
    case .switchTable:
        (" shift=-1 div=4294967295 [@0, @100]", .table(shift: -1, divisor: UInt32.max, targets: [0, 100]))
    }
}

/// Random bytes that decode as one instruction of `opcode`: every operand byte random,
/// strings and switch tables of random small lengths.
private func randomInstruction(_ random: inout SeededRandom) -> [UInt8] {
    let opcode = Opcode.allCases[random.below(Opcode.allCases.count)]
    var bytes = [opcode.rawValue]
    func noise(_ count: Int) {
        for _ in 0..<count { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
    }
    func length(_ n: Int) { bytes += [0, 0, 0, UInt8(n)] }
    switch opcode.info.operands {
    case .str:
        let n = random.below(8)
        length(n)
        noise(n)
    case .debug:
        let flags = UInt8(truncatingIfNeeded: random.next())
        bytes.append(flags)
        if flags & 0x80 != 0 {
            let n = random.below(8)
            length(n)
            noise(n)
        }
    case .switchTable:
        let n = random.below(4)
        length(n)
        noise(8 + 4 * n)
    default:
        noise(opcode.info.operands.fixedSize!)
    }
    return bytes
}

/// The error `body` throws, or nil.
private func failure(_ body: () throws(AssemblyError) -> Void) -> AssemblyError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

@Suite struct AssemblerTests {
    // MARK: - Every opcode

    @Test func everyOpcodeAssemblesAndDecodesBack() throws {
        for opcode in Opcode.allCases {
            let (text, operands) = sample(opcode)
            let code = try Assembler.assemble(opcode.info.mnemonic + text)
            let instruction = try InstructionDecoder(code).decode(at: 0)
            #expect(instruction.opcode == opcode, "\(opcode.info.mnemonic)")
            #expect(instruction.operands == operands, "\(opcode.info.mnemonic)")
            #expect(instruction.length == code.count, "\(opcode.info.mnemonic)")
        }
    }

    // MARK: - Round trips

    @Test func workedExampleRoundTrips() throws {
        let listing = try Disassembler.listing(hashmapPos)
        #expect(try Assembler.assemble(withoutIPs(listing)) == hashmapPos)
        // The listing as printed, IPs included, assembles too.
        #expect(try Assembler.assemble(listing) == hashmapPos)
        // Line marks and constant-pool comments are comments.
        let annotated = try Disassembler.listing(
            hashmapPos + [0x28, 0, 0, 0, 0], lines: [(0, 3), (13, 4)], constants: [Array("pos".utf8)])
        #expect(annotated.contains("; line 4"))
        #expect(annotated.contains(#"const_pool 0 ; "pos""#))
        #expect(try Assembler.assemble(withoutIPs(annotated)) == hashmapPos + [0x28, 0, 0, 0, 0])
    }

    @Test func randomSequencesRoundTrip() throws {
        var random = SeededRandom(seed: 0xA55E_4B1E)
        for _ in 0..<10_000 {
            var code: [UInt8] = []
            for _ in 0..<1 + random.below(6) { code += randomInstruction(&random) }
            let listing = try Disassembler.listing(code)
            let back = try Assembler.assemble(withoutIPs(listing))
            #expect(back == code, "\(listing)")
            if back != code { return }
        }
    }

    // MARK: - Labels and tables

    /// rel32 counts from the displacement field: jz at 1 has its field at 2.
    @Test func labelsForwardAndBackward() throws {
        let code = try Assembler.assemble(
            """
            start:
                iconst_1            ; 0
                jz end              ; 1, field at 2: 16 - 2 = 14
            .loop: jmp start        ; 6, field at 7: 0 - 7 = -7
                jmp .loop           ; 11, field at 12: 6 - 12 = -6
            end: ret                ; 16
            """)
        #expect(code == [0x21, 0x05, 0, 0, 0, 14, 0x06, 0xFF, 0xFF, 0xFF, 0xF9, 0x06, 0xFF, 0xFF, 0xFF, 0xFA, 0x08])
        let jumps = try InstructionDecoder(code).decodeAll().map(\.operands)
        #expect(jumps[1] == .jump(target: 16))
        #expect(jumps[2] == .jump(target: 0))
        #expect(jumps[3] == .jump(target: 6))
        // Several labels at one address, on their own lines or together; absolute @N.
        let same = try Assembler.assemble("a: b:\nc:\n  jmp a\n  jmp @0\n  jmp c\n  djnz b")
        #expect(same == [6, 0xFF, 0xFF, 0xFF, 0xFF, 6, 0xFF, 0xFF, 0xFF, 0xFA, 6, 0xFF, 0xFF, 0xFF, 0xF5, 4, 0xFF, 0xFF, 0xFF, 0xF0])
        // A catcher takes a label too.
        let catcher = try Assembler.assemble("summon_string_class\npush_catcher h\nthrow\nh: ret")
        #expect(try InstructionDecoder(catcher).decode(at: 1).operands == .jump(target: 7))
    }

    /// Entries count from their own address; `default` must name the byte after the table.
    @Test func switchTables() throws {
        let code = try Assembler.assemble(
            """
                switch shift=-2 div=3 [b, c] default a
            a:  nop
            b:  nop
            c:  ret
            """)
        #expect(code.count == 21 + 3)
        #expect(Array(code[0..<13]) == [7, 0, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFE, 0, 0, 0, 3])
        #expect(Array(code[13..<21]) == [0, 0, 0, 9, 0, 0, 0, 6])  // 22 - 13, 23 - 17
        let table = try InstructionDecoder(code).decode(at: 0)
        #expect(table.operands == .table(shift: -2, divisor: 3, targets: [22, 23]))
        #expect(try Assembler.assemble("switch shift=0 div=1 []") == [7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        #expect(try Assembler.assemble("switch shift=0 div=1 [@13] default @17").count == 17)
    }

    // MARK: - Diagnostics

    @Test(arguments: [
        ("nop\n  frob 1", 2, 3, "unknown mnemonic 'frob'"),
        ("os_get32", 1, 9, "missing operand: expected an i32"),
        ("ret 1", 1, 5, "unexpected '1' after the operands of ret"),
        ("os_load8 x", 1, 10, "expected a u8 (0...255), found 'x'"),
        ("os_load8 256", 1, 10, "256 is out of range for a u8 (0...255)"),
        ("iconst_8bit -1", 1, 13, "-1 is out of range for a u8"),
        ("iconst_32bit 2147483648", 1, 14, "out of range for an i32"),
        ("iconst_32bit -2147483649", 1, 14, "out of range for an i32"),
        ("iconst_64bit 9223372036854775808", 1, 14, "out of range for an i64"),
        ("iconst_64bit 0x1_0000_0000_0000_0000", 1, 14, "malformed number"),
        ("iconst_64bit 99999999999999999999", 1, 14, "out of range for an i64"),
        ("os_get32 12z", 1, 10, "malformed number '12z'"),
        ("jmp nowhere", 1, 5, "undefined label 'nowhere'"),
        ("a: nop\n a: nop", 2, 2, "duplicate label 'a'"),
        ("sconst_bin \"abc", 1, 12, "unterminated string"),
        ("sconst_bin \"abc\\\"", 1, 12, "unterminated string"),
        ("sconst_bin \"a\\q\"", 1, 14, "unknown escape \\q"),
        ("sconst_bin \"\\x4\"", 1, 13, "\\x needs two hex digits"),
        ("sconst_bin x", 1, 12, "expected a quoted string, found 'x'"),
        ("stack_reserve obj=1", 1, 20, "missing operand: expected 'int='"),
        ("stack_reserve int=1 obj=1", 1, 15, "expected 'obj=', found 'int'"),
        ("call_05 3", 1, 9, "expected 'n=', found '3'"),
        ("call_32bit ord=1", 1, 17, "missing operand: expected 'n='"),
        ("debug 0x80", 1, 11, "missing operand: expected a quoted string"),
        ("debug 1 \"x\"", 1, 9, "a debug message needs flag 0x80"),
        ("switch shift=0 div=1 [@0", 1, 25, "missing operand: expected ',' or ']'"),
        ("switch shift=0 div=1 [@0 @1]", 1, 26, "expected ',' or ']', found '@1'"),
        ("switch shift=0 div=-1 []", 1, 20, "out of range for a u32"),
        ("switch shift=0 div=1 [] default @0", 1, 33, "the switch default is @13"),
        ("jmp @3000000000", 1, 5, "out of rel32 range"),
        ("jmp 5", 1, 5, "expected a jump target (@N or a label), found '5'"),
        ("jmp @", 1, 5, "expected an address after '@'"),
        ("nop\n4 nop", 2, 1, "listing IP 4 does not match the address 1"),
        ("nop % 1", 1, 5, "unexpected character \"%\""),
        ("= nop", 1, 1, "expected a mnemonic, found '='"),
        (".class .a", 1, 1, "'.class' belongs in a class; use assembleClass"),
    ])
    func methodDiagnostics(source: String, line: Int, column: Int, message: String) {
        let error = failure { () throws(AssemblyError) in _ = try Assembler.assemble(source) }
        #expect(error?.line == line, "\(source)")
        #expect(error?.column == column, "\(source): \(String(describing: error))")
        #expect(error?.message.contains(message) == true, "\(source): \(String(describing: error))")
        #expect(error?.description.hasPrefix("line \(line), column \(column): ") == true)
    }

    @Test(arguments: [
        ("", 1, 1, "no '.class' directive"),
        ("nop", 1, 1, "a class starts with '.class NAME'"),
        (".class .a\nnop", 2, 1, "instruction outside '.method'"),
        (".class .a\n.method m ordinal 16 args 0\n ret", 2, 9, "method 'm' has no '.end'"),
        (".class .a\n.end", 2, 1, "'.end' without '.method'"),
        (".class .a\n.bogus 1", 2, 1, "unknown directive '.bogus'"),
        (".class .a\n.class .b", 2, 1, "a second '.class'"),
        (".class .a parent", 1, 17, "missing operand: expected a parent class name"),
        (".class .a base .b", 1, 11, "expected 'parent', found 'base'"),
        (".class .a\n.method m ordinal 16 args 0\n.end\n.method n ordinal 16 args 1\n.end", 4, 19,
         "duplicate method ordinal 16"),
        (".class .a\n.method m ordinal 16 args 256\n.end", 2, 27, "out of range for a u8"),
        (".class .a\n.method m ord 16 args 0\n.end", 2, 11, "expected 'ordinal', found 'ord'"),
        (".class .a\n.method m ordinal 16 args 0\n.field x", 3, 1, "'.field' inside a method"),
        (".class .a\n.field x\n.field x", 3, 8, "duplicate field 'x'"),
        (".class .a\n.const 1 \"a\"\n.const 1 \"b\"", 3, 8, "duplicate constant 1"),
        (".class .a\n.const -1 \"a\"", 2, 8, "out of range for a count"),
        (".class .a\n.field x y", 2, 10, "unexpected 'y'"),
        // Labels belong to one method.
        (".class .a\n.method m ordinal 16 args 0\nl: ret\n.end\n.method n ordinal 17 args 0\n jmp l\n.end", 6, 6,
         "undefined label 'l'"),
    ])
    func classDiagnostics(source: String, line: Int, column: Int, message: String) {
        let error = failure { () throws(AssemblyError) in _ = try Assembler.assembleClass(source) }
        #expect(error?.line == line, "\(source): \(String(describing: error))")
        #expect(error?.column == column, "\(source): \(String(describing: error))")
        #expect(error?.message.contains(message) == true, "\(source): \(String(describing: error))")
    }

    // MARK: - Classes

    @Test func classSerializesAndParsesBack() throws {
        let source = """
            ; A counter, for VM tests.
            .class .test.counter parent .internal.object
            .field count
            .field step
            .const 0 "counter"
            .const 7 "tab\\there\\xFF"

            .method <init> ordinal 16 args 0
                arg_count 0
                summon_this
                ret
            .end

            .method bump ordinal 18 args 2
                arg_count 2
                stack_reserve obj=2 int=0
            again:
                os_load8 0
                o2i
                jz done
                jmp again
            done:
                const_pool 7
                ret
            .end
            """
        let parsed = try Assembler.assembleClass(source)
        #expect(parsed.name == ".test.counter")
        #expect(parsed.parent == ".internal.object")
        #expect(parsed.fields.map(\.name) == ["count", "step"])
        #expect(parsed.fields.map(\.ordinal) == [0, 1])
        #expect(parsed.objectSlots == 2)
        #expect(parsed.methodSlots == 19)
        #expect(parsed.constant(id: 7)?.value == Array("tab\there".utf8) + [0xFF])
        #expect(parsed.constant(id: 0)?.text == "counter")
        #expect(parsed.methods.map(\.name) == ["<init>", "bump"])
        #expect(parsed.signatures.map(\.arguments.count) == [0, 2])
        #expect(parsed.signatures.map(\.isConstructor) == [true, false])
        let bump = try #require(parsed.method(ordinal: 18))
        #expect(try Disassembler.listing(bump.code).contains("8     jz @18\n"))

        let reread = try ClassFile.parse(parsed.serialize())
        #expect(reread.methods == parsed.methods)
        #expect(reread.constants == parsed.constants)
        #expect(reread.fields == parsed.fields)
        #expect(reread == parsed)
        // Each method assembles as it would on its own.
        let alone = try Assembler.assemble("arg_count 0\nsummon_this\nret")
        #expect(reread.method(ordinal: 16)?.code == alone)
    }

    /// The example of Docs/Assembler.md, kept in step with the document.
    @Test func documentedExampleAssembles() throws {
        let counter = try Assembler.assembleClass(
            """
            ; A counter for VM tests.
            .class .test.counter
            .field count
            .const 0 "done"

            .method <init> ordinal 16 args 0
                arg_count 0
                ret
            .end

            .method countdown ordinal 17 args 1     ; countdown(n): loops n times
                arg_count 1
                stack_reserve obj=1 int=1
                os_get32 0                          ; n (an object)
                o2i
                is_set32 0
            loop:
                is_get32 0
                jz done                             ; field at IP+1: displacement = done − (IP+1)
                is_get32 0
                iconst_1
                isublu                              ; n − 1
                is_set32 0
                jmp loop
            done:
                const_pool 0
                ret
            .end
            """)
        #expect(counter.methods.map(\.ordinal) == [16, 17])
        let countdown = try #require(counter.method(ordinal: 17)).code
        let instructions = try InstructionDecoder(countdown).decodeAll()
        #expect(instructions.first { $0.opcode == .jz }?.operands == .jump(target: 43))  // done
        #expect(instructions.last { $0.opcode == .jmp }?.operands == .jump(target: 16))  // loop
    }
}

// DisassemblerTests.swift — listings of method code (Disassembler.swift): the worked
// example of BYTECODE.md §10 built byte by byte from the spec, source lines from an
// unsorted line map, jump targets, escapes, the constant pool, errors, and a seeded
// fuzz loop over 10^5 byte strings that must always give a listing or a located error.

import PhantomCore
import Testing

/// The bytes of an ASCII string.
private func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

/// `phantom.util.hashmap.pos` as the 2019 plc compiles it (BYTECODE.md §10).
private let hashmapPos: [UInt8] = [
    0x73, 0x01,                    // @0  arg_count 1
    0x29, 0x01, 0x00,              // @2  stack_reserve obj=1 int=0
    0x1E, 0x00, 0x00, 0x00, 0x00,  // @5  os_get32 0        data (arg0)
    0xAF, 0x00,                    // @10 call_0F n=0       data.hashCode()
    0x41,                          // @12 o2i
    0x14, 0x01,                    // @13 os_load8 1        this.hashsize
    0x41,                          // @15 o2i
    0x57,                          // @16 iremlu
    0x40,                          // @17 i2o
    0x08, 0x08,                    // @18 ret ; ret
]

@Suite struct DisassemblerTests {
    @Test func workedExampleOfTheSpec() throws {
        let expected = """
            0     arg_count 1
            2     stack_reserve obj=1 int=0
            5     os_get32 0
            10    call_0F n=0
            12    o2i
            13    os_load8 1
            15    o2i
            16    iremlu
            17    i2o
            18    ret
            19    ret

            """
        #expect(try Disassembler.listing(hashmapPos) == expected)
    }

    /// Lines appear where they change; entries are unsorted, may share IPs (the greatest
    /// line wins) and may point inside an instruction.
    @Test func sourceLinesWhereTheyChange() throws {
        let lines: [(ip: Int, line: Int)] = [(13, 12), (5, 11), (0, 10), (5, 9), (17, 12), (11, 13)]
        let expected = """
            ; line 10
            0     arg_count 1
            2     stack_reserve obj=1 int=0
            ; line 11
            5     os_get32 0
            10    call_0F n=0
            ; line 13
            12    o2i
            ; line 12
            13    os_load8 1
            15    o2i
            16    iremlu
            17    i2o
            18    ret
            19    ret

            """
        #expect(try Disassembler.listing(hashmapPos, lines: lines) == expected)
        // Nothing before the first entry.
        let late = try Disassembler.listing(hashmapPos, lines: [(16, 4)])
        #expect(late.hasPrefix("0     arg_count 1\n"))
        #expect(late.contains("15    o2i\n; line 4\n16    iremlu\n"))
    }

    /// The plc try/catch pattern (BYTECODE.md §6) and a switch (§8): targets are absolute.
    @Test func jumpTargetsAreAbsolute() throws {
        let tryCatch: [UInt8] = [
            0x3A,                          // 0  summon_string_class
            0x2D, 0x00, 0x00, 0x00, 0x0C,  // 1  push_catcher →14 (2 + 12)
            0x31,                          // 6  summon_this
            0x2F,                          // 7  throw
            0x2E,                          // 8  pop_catcher
            0x06, 0x00, 0x00, 0x00, 0x09,  // 9  jmp →19 (10 + 9)
            0x1F, 0x00, 0x00, 0x00, 0x01,  // 14 os_set32 1
            0x04, 0xFF, 0xFF, 0xFF, 0xFF,  // 19 djnz →19 (20 − 1)
            0x05, 0xFF, 0xFF, 0xFF, 0xE6,  // 24 jz →-1 (25 − 26), outside: shown as is
            0x08,                          // 29 ret
        ]
        #expect(try Disassembler.listing(tryCatch) == """
            0     summon_string_class
            1     push_catcher @14
            6     summon_this
            7     throw
            8     pop_catcher
            9     jmp @19
            14    os_set32 1
            19    djnz @19
            24    jz @-1
            29    ret

            """)
        // §8's example: N=2, shift, div=1 at IP 10; entries at 23 and 27, default 31.
        let table: [UInt8] = [
            0x23, 0x00, 0x00, 0x00, 0x01,  // 0  iconst_32bit 1
            0x22, 0x07,                    // 5  iconst_8bit 7
            0x42,                          // 7  isum
            0x5C, 0x11,                    // 8  prefix_long; is_drop
            0x07, 0x00, 0x00, 0x00, 0x02,  // 10 switch N=2
            0xFF, 0xFF, 0xFF, 0xF8,        //    shift −8
            0x00, 0x00, 0x00, 0x01,        //    div 1
            0x00, 0x00, 0x00, 0x08,        // 23 → 31
            0xFF, 0xFF, 0xFF, 0xE5,        // 27 → 0
            0x08,                          // 31 ret
        ]
        #expect(try Disassembler.listing(table) == """
            0     iconst_32bit 1
            5     iconst_8bit 7
            7     isum
            8     prefix_long
            9     is_drop
            10    switch shift=-8 div=1 [@31, @0] default @31
            31    ret

            """)
    }

    @Test func everyOperandForm() throws {
        var code: [UInt8] = []
        code += [0x0B]                                            // 0  short_call_2
        code += [0xBF, 0xFF]                                      // 1  call_1F n=255
        code += [0x0D, 0x05, 0x00, 0x00, 0x00, 0x10]              // 3  call_8bit
        code += [0x0E, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x02]  // 9 call_32bit
        code += [0x6E, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x02]  // 18 static_invoke
        code += [0x6F]                                            // 27 dynamic_invoke
        code += [0x0F, 0x0E]                                      // 28 sys 14
        code += [0x25, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE]  // 30 iconst_64bit -2
        code += [0x23, 0xFF, 0xFF, 0xFF, 0xFF]                    // 39 iconst_32bit -1
        code += [0x22, 0xFF]                                      // 44 iconst_8bit 255
        code += [0x01, 0x02]                                      // 46 debug 0x02
        code += [0x01, 0x81, 0x00, 0x00, 0x00, 0x0D] + ascii("Enabled debug")  // 48
        code += [0x3F, 0x00, 0x00, 0x00, 0x0F] + ascii(".internal.float")      // 67
        code += [0x5D, 0x74]                                      // 87 prefix_float; fromi
        code += [0x5B]                                            // 89 os_push_null
        code += [0x08]                                            // 90 ret
        #expect(try Disassembler.listing(code) == """
            0     short_call_2
            1     call_1F n=255
            3     call_8bit ord=5 n=16
            9     call_32bit ord=40 n=2
            18    static_invoke ord=16 n=2
            27    dynamic_invoke
            28    sys 14
            30    iconst_64bit -2
            39    iconst_32bit -1
            44    iconst_8bit 255
            46    debug 0x02
            48    debug 0x81 "Enabled debug"
            67    summon_by_name ".internal.float"
            87    prefix_float
            88    fromi
            89    os_push_null
            90    ret

            """)
    }

    @Test func stringsAreQuotedWithEscapes() throws {
        let text: [UInt8] = ascii("a\"b\\c\n\r\t") + [0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0xFF] + ascii(" ~")
        let code: [UInt8] = [0x24, 0x00, 0x00, 0x00, UInt8(text.count)] + text + [0x24, 0, 0, 0, 0]
        #expect(try Disassembler.listing(code) == """
            0     sconst_bin "a\\"b\\\\c\\n\\r\\t\\x00\\x1F\\x7F\\xC3\\xA9\\xFF ~"
            21    sconst_bin ""

            """)
        #expect(Disassembler.quoted(ascii("plain")) == "\"plain\"")
    }

    @Test func constantPoolEntriesAreShownBesideTheirId() throws {
        let code: [UInt8] = [
            0x28, 0x00, 0x00, 0x00, 0x01,  // const_pool 1
            0x28, 0x00, 0x00, 0x00, 0x02,  // const_pool 2: missing entry
            0x28, 0x00, 0x00, 0x00, 0x09,  // const_pool 9: past the pool
            0x28, 0xFF, 0xFF, 0xFF, 0xFF,  // const_pool -1
        ]
        let pool: [[UInt8]?] = [ascii("zero"), ascii("arg count: 1 in .a\n"), nil]
        #expect(try Disassembler.listing(code, constants: pool) == """
            0     const_pool 1 ; "arg count: 1 in .a\\n"
            5     const_pool 2
            10    const_pool 9
            15    const_pool -1

            """)
        #expect(try Disassembler.listing(code).hasPrefix("0     const_pool 1\n"))
    }

    @Test func wideIPsKeepTwoSpaces() throws {
        let code = [UInt8](repeating: 0x00, count: 10_000) + [0x08]
        let listing = try Disassembler.listing(code)
        #expect(listing.hasPrefix("0     nop\n1     nop\n"))
        #expect(listing.contains("\n999   nop\n1000  nop\n"))
        #expect(listing.hasSuffix("\n9999  nop\n10000  ret\n"))
        #expect(try Disassembler.listing([UInt8]()) == "")
    }

    @Test func badCodeGivesAnErrorAtItsOffset() {
        // The corpus's unresolved call (0x9F, "call_00 + ordinal -1").
        #expect(throws: DecodeError.unknownOpcode(0x9F, at: 3)) {
            try Disassembler.listing([0x31, 0x73, 0x00, 0x9F, 0x00, 0x08])
        }
        #expect(throws: DecodeError.truncated(.osGet32, at: 2, needed: 5, available: 3)) {
            try Disassembler.listing([0x31, 0x13, 0x1E, 0x00, 0x00])
        }
        #expect(throws: DecodeError.negativeLength(.summonByName, at: 1, length: -16)) {
            try Disassembler.listing([0x08, 0x3F, 0xFF, 0xFF, 0xFF, 0xF0, 0x08])
        }
    }

    // MARK: - Fuzz

    /// Random bytes, or (every other sample) a run of real opcodes with random operands
    /// and small lengths, so that long listings are exercised too. Sometimes cut short
    /// or with a byte flipped.
    private func sample(_ random: inout SeededRandom, plausible: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        if !plausible {
            for _ in 0..<random.below(48) { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
            return bytes
        }
        func randomBytes(_ n: Int) { for _ in 0..<n { bytes.append(UInt8(truncatingIfNeeded: random.next())) } }
        func smallString() {
            let n = random.below(5)
            bytes += [0, 0, 0, UInt8(n)]
            randomBytes(n)
        }
        for _ in 0..<random.below(12) {
            let opcode = Opcode.allCases[random.below(Opcode.allCases.count)]
            bytes.append(opcode.rawValue)
            switch opcode.info.operands {
            case .str: smallString()
            case .debug:
                let flags = UInt8(truncatingIfNeeded: random.next())
                bytes.append(flags)
                if flags & 0x80 != 0 { smallString() }
            case .switchTable:
                let n = random.below(4)
                bytes += [0, 0, 0, UInt8(n)]
                randomBytes(8 + 4 * n)
            default:
                randomBytes(opcode.info.operands.fixedSize ?? 0)
            }
        }
        if !bytes.isEmpty, random.chance(percent: 20) { bytes.removeLast(random.below(bytes.count) + 1) }
        if !bytes.isEmpty, random.chance(percent: 20) {
            bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
        }
        return bytes
    }

    @Test func fuzzNeverCrashesAndAlwaysLocatesErrors() {
        var random = SeededRandom(seed: 0x0BC0_DE00)
        var listings = 0
        var errors = 0
        for round in 0..<100_000 {
            let code = sample(&random, plausible: round % 2 == 1)
            let decoder = InstructionDecoder(code)
            // Where a linear decode stops, and why.
            var ip = 0
            var count = 0
            var stop: DecodeError? = nil
            while ip < code.count {
                do {
                    let instruction = try decoder.decode(at: ip)
                    #expect(instruction.length >= 1 && instruction.next <= code.count)
                    ip = instruction.next
                    count += 1
                } catch {
                    stop = error
                    break
                }
            }
            do {
                let listing = try Disassembler.listing(code)
                listings += 1
                #expect(stop == nil && ip == code.count)
                #expect(listing.split(separator: "\n", omittingEmptySubsequences: false).count == count + 1)
            } catch {
                errors += 1
                #expect(error == stop, "seed round \(round): \(code)")
                #expect(error.offset >= 0 && error.offset < code.count && error.offset == ip)
            }
        }
        // Both outcomes were exercised plenty.
        #expect(listings > 20_000 && errors > 20_000)
    }
}

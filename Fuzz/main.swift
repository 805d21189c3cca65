// phantom-fuzz — long fuzz campaigns over the bytecode verifier, the class-file reader
// and the instruction decoder (PhantomCore), in one process, and the helpers every
// campaign shares (`Util`, `Arguments`). The `vm` and `compiler` campaigns run in forked
// jobs (Jobs.swift). See Docs/Fuzzing.md.
//
//   swift run -c release phantom-fuzz [--iterations N] [--seed S]
//                                     [--target verifier|classfile|decoder|all] [--replay I]
//   swift run -c release phantom-fuzz vm [--cases N] [--jobs J] …   (VMCampaign.swift)
//   swift run -c release phantom-fuzz compiler [--cases N] [--jobs J] [--run] …   (CompilerCampaign.swift)
//
// N is the total number of executions (default 10^7); `all` gives half to the verifier
// and a quarter each to the class-file reader and the decoder. Every execution draws its
// input from its own generator, seeded by (S, target, iteration), so a failure replays
// alone with `--seed S --target T --replay I`. Any violation prints the seed, the
// iteration and the input in hex, and exits with status 1.

import Glibc
import PhantomCore

// MARK: - Small helpers

/// Helpers every campaign uses: the clock, hex, exits, whole reads.
enum Util {
    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits: [Character] = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return out
    }

    static func be32(_ value: Int32) -> [UInt8] {
        let v = UInt32(bitPattern: value)
        return [UInt8(v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8),
                UInt8(truncatingIfNeeded: v)]
    }

    static func fixed(_ value: Double) -> String {
        let scaled = Int((value * 10).rounded())
        return "\(scaled / 10).\(scaled % 10)"
    }

    static func fail(_ message: String) -> Never {
        print(message)
        fflush(nil)
        exit(2)
    }

    /// Everything `fd` yields until its end (a job's tally pipe, a source file), or nil
    /// on a read error.
    static func readAll(_ fd: Int32) -> [UInt8]? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n > 0 {
                bytes += buffer[0..<n]
            } else if n == 0 {
                return bytes
            } else if errno != EINTR {
                return nil
            }
        }
    }

    /// The bytes of the file at `path`, or nil. (The command line has its own reader;
    /// this target does not link PhantomHost, so it keeps this one.)
    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readAll(fd)
    }
}

/// A command line read flag by flag, shared by the parsers of every campaign so that a
/// missing or malformed value gets the same message (and exit status 2) everywhere.
struct Arguments {
    private let words: [String]
    private var at: Int
    /// The campaign's usage text with a problem (or none, for --help); it exits.
    private let usage: (String?) -> Never

    /// The words of `arguments` from index `first` on (after the subcommand, if any).
    init(_ arguments: [String], from first: Int, usage: @escaping (String?) -> Never) {
        words = arguments
        at = first - 1
        self.usage = usage
    }

    /// The next flag, or nil at the end.
    mutating func flag() -> String? {
        at += 1
        return at < words.count ? words[at] : nil
    }

    /// The word after the flag just read.
    mutating func value() -> String {
        at += 1
        guard at < words.count else { usage("\(words[at - 1]) needs a value") }
        return words[at]
    }

    /// The value as a whole number of at least `min` (`_` separators allowed).
    mutating func number(_ name: String, min: Int) -> Int {
        guard let n = Int(value().filter { $0 != "_" }), n >= min else { usage("bad \(name)") }
        return n
    }

    /// The value as a seed, decimal or 0x hex.
    mutating func seed() -> UInt64 {
        let text = value()
        let parsed = text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
        guard let s = parsed else { usage("bad --seed") }
        return s
    }
}

/// A found violation: what was wrong and the input that showed it.
struct Violation: Error {
    let message: String
    let input: [UInt8]
}

// MARK: - The corpus (assembler text)

/// The valid inputs that mutations start from: methods and classes in assembler text,
/// assembled once (and checked valid in `Fuzzer.main` before a campaign starts).
enum Corpus {
    /// Valid methods: assembler text, argument count, whether `sys` must be allowed.
    static let methodSources: [(name: String, text: String, args: Int, sys: Bool)] = [
        ("hashmap.pos (BYTECODE.md §10)", """
            arg_count 1
            stack_reserve obj=1 int=0
            os_get32 0
            call_0F n=0
            o2i
            os_load8 1
            o2i
            iremlu
            i2o
            ret
            ret
            """, 1, false),
        ("try/catch (§6)", """
            arg_count 0
            stack_reserve obj=1 int=0
            summon_string_class
            push_catcher H
            summon_this
            short_call_0
            os_drop
            pop_catcher
            jmp END
            H:  os_set32 0
            END: os_get32 0
            ret
            """, 0, false),
        ("nested try, throw", """
            arg_count 1
            stack_reserve obj=1 int=1
            summon_string_class
            push_catcher H1
            summon_int_class
            push_catcher H2
            os_get32 0
            throw
            H2: os_drop
            pop_catcher
            jmp END
            H1: os_set32 1
            END: os_get32 1
            ret
            """, 1, false),
        ("for loop", """
            arg_count 0
            stack_reserve obj=0 int=1
            L:  is_get32 0
            iconst_8bit 10
            ilt
            jz END
            is_get32 0
            iconst_1
            isum
            is_set32 0
            jmp L
            END: summon_null
            ret
            """, 0, false),
        ("djnz loop", """
            arg_count 0
            iconst_8bit 5
            L:  nop
            djnz L
            is_drop
            summon_null
            ret
            """, 0, false),
        ("legacy prologue (<=2017)", """
            iconst_32bit 1
            isublu
            jz OK
            sconst_bin "arg count: 1 in C"
            throw
            OK: summon_null
            os_push_null
            os_get32 0
            os_set32 2
            os_get32 2
            ret
            """, 1, false),
        ("switch", """
            arg_count 0
            iconst_8bit 1
            switch shift=0 div=1 [A, B]
            summon_null
            ret
            A:  summon_this
            ret
            B:  const_pool 1
            ret
            """, 0, false),
        ("calls", """
            arg_count 2
            os_get32 0
            os_get32 1
            summon_this
            call_8bit ord=20 n=2
            os_drop
            summon_this
            short_call_1
            os_drop
            os_get32 0
            summon_this
            call_32bit ord=40 n=1
            os_drop
            os_get32 1
            summon_this
            call_03 n=1
            os_drop
            summon_this
            summon_int_class
            static_invoke ord=3 n=0
            ret
            """, 2, false),
        ("dynamic_invoke (§3.7)", """
            arg_count 2
            os_get32 0
            os_get32 1
            iconst_32bit 2
            iconst_8bit 7
            i2o
            os_drop
            summon_this
            sconst_bin "foo"
            dynamic_invoke
            ret
            """, 2, false),
        ("long arithmetic", """
            arg_count 0
            stack_reserve obj=0 int=2
            prefix_long
            is_get32 0
            iconst_32bit 5
            prefix_long
            fromi
            prefix_long
            isum
            prefix_long
            is_set32 0
            prefix_long
            is_get32 0
            iconst_8bit 3
            prefix_long
            ishl
            prefix_long
            i2o
            ret
            """, 0, false),
        ("double arithmetic", """
            arg_count 0
            stack_reserve obj=0 int=4
            iconst_8bit 3
            prefix_double
            fromi
            iconst_8bit 4
            prefix_double
            fromi
            prefix_double
            imul
            prefix_double
            is_set32 1
            prefix_double
            is_get32 1
            prefix_double
            i2o
            ret
            """, 0, false),
        ("fields and objects", """
            arg_count 1
            os_get32 0
            os_load32 2
            os_dup
            os_isnull
            jz NN
            os_drop
            os_push_null
            NN: os_get32 0
            os_save8 3
            summon_by_name ".internal.int"
            os_drop
            iconst_0
            is_save8 1
            is_load8 1
            is_dup
            is_drop
            i2o
            ret
            """, 1, false),
        ("internal stub", """
            sys 5
            ret
            """, 2, true),
    ]

    static let methods: [(name: String, code: [UInt8], args: Int, sys: Bool)] = methodSources.map { m in
        do {
            return (m.name, try Assembler.assemble(m.text), m.args, m.sys)
        } catch {
            Util.fail("corpus method \(m.name) does not assemble: \(error)")
        }
    }

    /// Classes for the class-file campaign.
    static let classSources: [String] = [
        """
        ; A counter for VM tests (Docs/Assembler.md).
        .class .test.counter
        .field count
        .const 0 "done"
        .method <init> ordinal 16 args 0
            arg_count 0
            ret
        .end
        .method countdown ordinal 17 args 1
            arg_count 1
            stack_reserve obj=1 int=1
            os_get32 0
            o2i
            is_set32 0
        loop:
            is_get32 0
            jz done
            is_get32 0
            iconst_1
            isublu
            is_set32 0
            jmp loop
        done:
            const_pool 0
            ret
        .end
        """,
        """
        .class .test.mix parent .test.base
        .field a
        .field b
        .field c
        .field d
        .const 0 "zero"
        .const 1 "one\\n\\x00"
        .const 77 ""
        .method pos ordinal 16 args 1
        \(methodSources[0].text)
        .end
        .method tc ordinal 18 args 0
        \(methodSources[1].text)
        .end
        .method sw ordinal 20 args 0
        \(methodSources[6].text)
        .end
        .method lm ordinal 21 args 0
        \(methodSources[9].text)
        .end
        """,
    ]

    static let classFiles: [ClassFile] = {
        var out: [ClassFile] = []
        for text in classSources {
            do { out.append(try Assembler.assembleClass(text)) } catch {
                Util.fail("corpus class does not assemble: \(error)")
            }
        }
        // Built by hand: a version string, a v1 signature, line maps, typed fields and
        // constants, an unknown record.
        var file = out[1]
        file.version = "2026.11"
        file.signatures.append(.init(
            name: "old", ordinal: 22, returnType: .int,
            arguments: [.init(name: "s", type: .string), .init(name: "xs", type: .array(of: ".internal.int"))],
            layout: .v1))
        file.methods.append(.init(name: "old", ordinal: 22, code: methods[3].code))
        file.lineMaps.append(.init(ordinal: 16, entries: [.init(ip: 0, line: 3), .init(ip: 12, line: 4)]))
        file.fields.append(.init(name: "typed", ordinal: 4, type: .array(of: "")))
        file.constants.append(.init(id: 5, type: .int, value: [0, 0, 0, 42]))
        file.unknownRecords.append(.init(tag: 0x7A, body: [1, 2, 3, 4, 5]))  // bodies are >= 4 bytes
        out.append(file)
        return out
    }()

    static let classBytes: [[UInt8]] = classFiles.map { $0.serialize() }
}

// MARK: - Input generation

/// Opcode bytes weighted toward control flow and stack effects (as VerifierTests does).
func randomByte(_ r: inout SeededRandom) -> UInt8 {
    switch r.below(4) {
    case 0: UInt8(truncatingIfNeeded: r.next())
    case 1: [0x05, 0x06, 0x07, 0x08, 0x2D, 0x2E, 0x2F, 0x5C, 0x5D, 0x5E, 0x6F, 0x0F, 0x04, 0x1C][r.below(14)]
    case 2: UInt8(r.below(4))
    default: Opcode.allCases[r.below(Opcode.allCases.count)].rawValue
    }
}

let interestingInts: [Int32] = [0, 1, -1, 2, 3, 4, 5, 9, 13, 14, 15, 0x7F, 0x80, 0xFF, 0x4F, Int32.max, Int32.min,
                                0x1_0000, -5, -6, -10]

/// One instruction of a random opcode with random (small-ish) operands.
func randomInstruction(_ r: inout SeededRandom, into bytes: inout [UInt8]) {
    let opcode = Opcode.allCases[r.below(Opcode.allCases.count)]
    bytes.append(opcode.rawValue)
    func small() -> UInt8 { r.chance(percent: 70) ? UInt8(r.below(6)) : UInt8(truncatingIfNeeded: r.next()) }
    func i32() -> [UInt8] {
        r.chance(percent: 70) ? Util.be32(Int32(r.below(8)) - 2) : Util.be32(interestingInts[r.below(interestingInts.count)])
    }
    switch opcode.info.operands {
    case .str:
        let n = r.below(6)
        bytes += Util.be32(Int32(n))
        for _ in 0..<n { bytes.append(UInt8(truncatingIfNeeded: r.next())) }
    case .debug:
        let flags = UInt8(truncatingIfNeeded: r.next())
        bytes.append(flags)
        if flags & 0x80 != 0 {
            let n = r.below(6)
            bytes += Util.be32(Int32(n))
            for _ in 0..<n { bytes.append(UInt8(truncatingIfNeeded: r.next())) }
        }
    case .switchTable:
        let n = r.below(4)
        bytes += Util.be32(Int32(n)) + i32() + i32()
        for _ in 0..<n { bytes += i32() }
    case .i32, .rel32: bytes += i32()
    case .callI32I32: bytes += i32() + i32()
    case .callU8I32: bytes.append(small()); bytes += i32()
    default:
        for _ in 0..<(opcode.info.operands.fixedSize ?? 0) { bytes.append(small()) }
    }
}

/// Mutates `code` in place: bit flips, byte sets, inserts, deletes, nudges, interesting
/// i32 values and splices from `donors`.
func mutate(_ code: inout [UInt8], _ r: inout SeededRandom, donors: [[UInt8]], minCount: Int) {
    for _ in 0...r.below(4) {
        let at = r.below(code.count + 1)
        switch r.below(9) {
        case 0 where at < code.count: code[at] ^= UInt8(1) << UInt8(r.below(8))
        case 1 where at < code.count: code[at] = randomByte(&r)
        case 2: code.insert(randomByte(&r), at: at)
        case 3 where at < code.count && code.count > minCount: code.remove(at: at)
        case 4 where at < code.count: code[at] = code[at] &+ (r.chance(percent: 50) ? 1 : 255)
        case 5 where at + 4 <= code.count:
            code.replaceSubrange(at..<at + 4, with: Util.be32(interestingInts[r.below(interestingInts.count)]))
        case 6:
            // Splice: a run of another input, inserted or overwriting.
            let donor = donors[r.below(donors.count)]
            guard !donor.isEmpty else { break }
            let from = r.below(donor.count)
            let length = 1 + r.below(min(16, donor.count - from))
            let chunk = donor[from..<from + length]
            if r.chance(percent: 50) {
                code.insert(contentsOf: chunk, at: at)
            } else {
                let end = min(code.count, at + length)
                code.replaceSubrange(at..<end, with: chunk)
            }
        case 7:
            var extra: [UInt8] = []
            randomInstruction(&r, into: &extra)
            code.insert(contentsOf: extra, at: at)
        default:
            if code.count > minCount + 1, at < code.count {
                let length = 1 + r.below(min(8, code.count - at))
                code.removeSubrange(at..<at + length)
            }
        }
    }
    if code.count < minCount { code += [UInt8](repeating: 0x08, count: minCount - code.count) }
}

// MARK: - Verifier campaign

/// The `verifier` target: random and mutated methods through `BytecodeVerifier.verify`.
enum VerifierCampaign {
    static let donors: [[UInt8]] = Corpus.methods.map(\.code)

    /// Runs one execution; returns whether the method was accepted.
    static func run(_ r: inout SeededRandom, input: inout [UInt8]) throws(Violation) -> Bool {
        var args = r.below(4)
        var sys = r.chance(percent: 20)
        var fields = r.below(5)
        var code: [UInt8]
        switch r.below(10) {
        case 0, 1:
            // Random bytes, often ended by a ret.
            code = []
            for _ in 0..<(1 + r.below(48)) { code.append(randomByte(&r)) }
            if r.chance(percent: 50) { code.append(0x08) }
        case 2, 3:
            // A random instruction sequence.
            code = []
            for _ in 0..<(1 + r.below(10)) { randomInstruction(&r, into: &code) }
            if r.chance(percent: 60) { code.append(0x08) }
        default:
            let seed = Corpus.methods[r.below(Corpus.methods.count)]
            code = seed.code
            if r.chance(percent: 75) { args = seed.args; fields = 4 }
            if seed.sys { sys = true }
            mutate(&code, &r, donors: donors, minCount: 1)
        }
        input = code
        // The decoder sees every byte string too: decodeAll either lists or names an IP inside.
        do throws(DecodeError) { _ = try InstructionDecoder(code).decodeAll() } catch {
            guard error.offset >= 0, error.offset < code.count else {
                throw Violation(message: "decodeAll error outside the code: \(error)", input: code)
            }
        }
        let method: VerifiedMethod
        do throws(VerifyError) {
            method = try BytecodeVerifier.verify(
                code: code, argCount: args, fieldCount: fields, constantIDs: [0, 1, 77], maxOrdinal: 64,
                allowSys: sys)
        } catch {
            guard error.ip >= 0, error.ip < max(code.count, 1) else {
                throw Violation(message: "rejection IP outside the code: \(error)", input: code)
            }
            guard !error.reason.isEmpty else { throw Violation(message: "empty reason at IP \(error.ip)", input: code) }
            return false
        }
        if let problem = check(code, method) {
            throw Violation(message: "accepted (args \(args) fields \(fields) sys \(sys)): \(problem)", input: code)
        }
        for _ in 0..<3 {
            if let problem = method.randomWalk(code: code, args: args, random: &r) {
                throw Violation(
                    message: "accepted (args \(args) fields \(fields) sys \(sys)), abstract run: \(problem)",
                    input: code)
            }
        }
        return true
    }

    /// The static promises of a `VerifiedMethod`.
    static func check(_ code: [UInt8], _ m: VerifiedMethod) -> String? {
        guard m.instructionStarts.first == 0 else { return "instructionStarts does not begin at 0" }
        for i in m.instructionStarts.indices {
            let ip = m.instructionStarts[i]
            guard ip >= 0, ip < code.count else { return "instruction start \(ip) outside the code" }
            if i > 0, m.instructionStarts[i - 1] >= ip { return "instructionStarts not increasing at \(ip)" }
        }
        guard m.maxObjectDepth >= 0, m.maxObjectDepth <= BytecodeVerifier.maxStackDepth,
            m.maxIntDepth >= 1, m.maxIntDepth <= BytecodeVerifier.maxStackDepth,
            m.maxCatcherDepth >= 0, m.maxCatcherDepth <= BytecodeVerifier.maxCatcherDepth
        else { return "limits out of range: \(m.maxObjectDepth) \(m.maxIntDepth) \(m.maxCatcherDepth)" }
        for h in m.handlers {
            guard m.isInstructionStart(h.target) else { return "handler target \(h.target) not an instruction start" }
            guard h.objectDepth >= 1, h.objectDepth <= m.maxObjectDepth, h.intDepth >= 0, h.intDepth <= m.maxIntDepth
            else { return "handler depths out of range at \(h.target)" }
        }
        return nil
    }
}

// MARK: - Class-file campaign

/// The `classfile` target: mutated class files and bundles through the reader and back
/// through the writer.
enum ClassFileCampaign {
    static let bundle: [UInt8] = ClassFile.serializeBundle(
        Corpus.classFiles.enumerated().map { .init(name: "test.c\($0.offset)", classFile: $0.element) })

    static func run(_ r: inout SeededRandom, input: inout [UInt8]) throws(Violation) -> Bool {
        if r.below(100) < 3 {
            var bytes = bundle
            mutate(&bytes, &r, donors: Corpus.classBytes, minCount: 0)
            input = bytes
            do throws(ClassFileError) { _ = try ClassFile.parseBundle(bytes); return true } catch {
                guard error.offset >= 0, error.offset <= bytes.count else {
                    throw Violation(message: "bundle error outside the input: \(error)", input: bytes)
                }
                return false
            }
        }
        var bytes: [UInt8]
        if r.below(10) == 0 {
            bytes = r.chance(percent: 50) ? Array("phfr:C".utf8) : []
            for _ in 0..<r.below(64) { bytes.append(UInt8(truncatingIfNeeded: r.next())) }
        } else {
            bytes = Corpus.classBytes[r.below(Corpus.classBytes.count)]
            mutate(&bytes, &r, donors: Corpus.classBytes, minCount: 0)
            if r.chance(percent: 10) { bytes.removeSubrange(r.below(bytes.count + 1)...) }
        }
        input = bytes
        let file: ClassFile
        do throws(ClassFileError) { file = try ClassFile.parse(bytes) } catch {
            guard error.offset >= 0, error.offset <= bytes.count else {
                throw Violation(message: "error offset outside the input: \(error)", input: bytes)
            }
            if let record = error.record, record.offset < 0 || record.offset >= bytes.count {
                throw Violation(message: "error record outside the input: \(error)", input: bytes)
            }
            _ = error.description
            return false
        }
        // What parses must survive the writer (v1 signatures come back as v2).
        var expected = file
        for i in expected.signatures.indices { expected.signatures[i].layout = .v2 }
        let again: ClassFile
        do throws(ClassFileError) { again = try ClassFile.parse(file.serialize()) } catch {
            throw Violation(message: "serialized class does not parse: \(error)", input: bytes)
        }
        guard again == expected else { throw Violation(message: "parse(serialize(x)) != x", input: bytes) }
        return true
    }
}

// MARK: - Decoder campaign

/// The `decoder` target: random bytes and instructions through the disassembler and,
/// on a sample, back through the assembler.
enum DecoderCampaign {
    static func run(_ r: inout SeededRandom, input: inout [UInt8]) throws(Violation) -> Bool {
        var bytes: [UInt8] = []
        if r.chance(percent: 50) {
            for _ in 0..<r.below(48) { bytes.append(UInt8(truncatingIfNeeded: r.next())) }
        } else {
            for _ in 0..<r.below(12) { randomInstruction(&r, into: &bytes) }
            if r.chance(percent: 30), !bytes.isEmpty { bytes.removeSubrange(r.below(bytes.count)...) }
            if r.chance(percent: 30) { mutate(&bytes, &r, donors: VerifierCampaign.donors, minCount: 0) }
        }
        input = bytes
        let listing: String
        do throws(DecodeError) { listing = try Disassembler.listing(bytes) } catch {
            guard error.offset >= 0, error.offset < bytes.count else {
                throw Violation(message: "decode error outside the input: \(error)", input: bytes)
            }
            return false
        }
        // The listing assembles back to the same bytes (Docs/Assembler.md), checked on a sample.
        if r.below(8) == 0 {
            let back: [UInt8]
            do throws(AssemblyError) { back = try Assembler.assemble(listing) } catch {
                throw Violation(message: "listing does not assemble: \(error)\n\(listing)", input: bytes)
            }
            guard back == bytes else { throw Violation(message: "listing assembles to other bytes\n\(listing)", input: bytes) }
        }
        return true
    }
}

// MARK: - Driver

/// The targets of the default campaign; `tag` keeps their generators apart.
enum Target: String, CaseIterable {
    case verifier, classfile, decoder

    var tag: UInt64 {
        switch self {
        case .verifier: 0x5645_5249
        case .classfile: 0x434C_4153
        case .decoder: 0x4445_434F
        }
    }

    func run(_ r: inout SeededRandom, input: inout [UInt8]) throws(Violation) -> Bool {
        switch self {
        case .verifier: try VerifierCampaign.run(&r, input: &input)
        case .classfile: try ClassFileCampaign.run(&r, input: &input)
        case .decoder: try DecoderCampaign.run(&r, input: &input)
        }
    }
}

/// The command line of the default campaign (`phantom-fuzz [--iterations N] …`).
struct Options {
    var iterations = 10_000_000
    var seed: UInt64 = 20_261_126
    var targets: [Target] = Target.allCases
    var replay: Int? = nil

    static func parse(_ arguments: [String]) -> Options {
        var o = Options()
        var a = Arguments(arguments, from: 1, usage: usage)
        while let flag = a.flag() {
            switch flag {
            case "--iterations", "-n": o.iterations = a.number("--iterations", min: 1)
            case "--seed", "-s": o.seed = a.seed()
            case "--target", "-t":
                let text = a.value()
                if text == "all" { o.targets = Target.allCases } else {
                    guard let t = Target(rawValue: text) else { usage("unknown target \(text)") }
                    o.targets = [t]
                }
            case "--replay": o.replay = a.number("--replay", min: 0)
            case "--help", "-h": usage(nil)
            default: usage("unknown argument \(flag)")
            }
        }
        return o
    }

    static func usage(_ problem: String?) -> Never {
        if let problem { print("phantom-fuzz: \(problem)") }
        print("""
            usage: phantom-fuzz [--iterations N] [--seed S] [--target verifier|classfile|decoder|all] [--replay I]
                   phantom-fuzz vm --help   (generated methods run in the interpreter)
              N  total executions (default 10000000); `all` runs half on the verifier, a quarter on each other
              S  seed (decimal or 0x hex, default 20261126); iteration I of target T replays with
                 --seed S --target T --replay I
            """)
        exit(problem == nil ? 0 : 2)
    }
}

/// The default campaign's driver: one process, the targets one after another.
enum Fuzzer {
    /// The generator of one execution: independent of every other execution.
    static func generator(seed: UInt64, target: Target, iteration: Int) -> SeededRandom {
        SeededRandom(seed: seed ^ (target.tag &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(iteration) &* 0xD6E8_FEB8_6659_FD93))
    }

    static func report(_ v: Violation, target: Target, seed: UInt64, iteration: Int) -> Never {
        print("VIOLATION target=\(target.rawValue) seed=\(seed) iteration=\(iteration)")
        print("  \(v.message)")
        print("  input (\(v.input.count) bytes): \(Util.hex(v.input))")
        print("  replay: phantom-fuzz --seed \(seed) --target \(target.rawValue) --replay \(iteration)")
        fflush(nil)
        exit(1)
    }

    static func main() {
        let o = Options.parse(CommandLine.arguments)
        // The corpus must itself be valid: every seed method verifies.
        for m in Corpus.methods {
            do throws(VerifyError) {
                _ = try BytecodeVerifier.verify(
                    code: m.code, argCount: m.args, fieldCount: 4, constantIDs: [0, 1, 77], maxOrdinal: 64,
                    allowSys: m.sys)
            } catch { Util.fail("corpus method \(m.name) is rejected: \(error)") }
        }
        for (k, bytes) in Corpus.classBytes.enumerated() {
            do throws(ClassFileError) { _ = try ClassFile.parse(bytes) } catch {
                Util.fail("corpus class \(k) does not parse: \(error)")
            }
        }
        if let replay = o.replay {
            for target in o.targets {
                var r = generator(seed: o.seed, target: target, iteration: replay)
                var input: [UInt8] = []
                do throws(Violation) {
                    let ok = try target.run(&r, input: &input)
                    print("\(target.rawValue) iteration \(replay): \(ok ? "accepted" : "rejected"), no violation")
                    print("  input (\(input.count) bytes): \(Util.hex(input))")
                } catch { report(error, target: target, seed: o.seed, iteration: replay) }
            }
            return
        }
        var shares: [(Target, Int)] = []
        if o.targets.count == 1 {
            shares = [(o.targets[0], o.iterations)]
        } else {
            let half = o.iterations / 2, quarter = o.iterations / 4
            shares = [(.verifier, half), (.classfile, quarter), (.decoder, o.iterations - half - quarter)]
        }
        print("phantom-fuzz: seed \(o.seed), \(o.iterations) executions: "
            + shares.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: ", ")
            + "; corpus \(Corpus.methods.count) methods, \(Corpus.classBytes.count) classes")
        fflush(nil)
        let start = Util.now()
        var total = 0
        var summary: [(Target, Int, Int, Double)] = []
        for (target, count) in shares {
            let t0 = Util.now()
            var accepted = 0
            var input: [UInt8] = []
            for iteration in 0..<count {
                var r = generator(seed: o.seed, target: target, iteration: iteration)
                do throws(Violation) {
                    if try target.run(&r, input: &input) { accepted += 1 }
                } catch { report(error, target: target, seed: o.seed, iteration: iteration) }
                total += 1
                if total % 1_000_000 == 0 {
                    let elapsed = Util.now() - start
                    print("  \(total / 1_000_000)M executions, \(Util.fixed(elapsed)) s, "
                        + "\(Int(Double(total) / elapsed)) exec/s (\(target.rawValue) at \(iteration + 1))")
                    fflush(nil)
                }
            }
            summary.append((target, count, accepted, Util.now() - t0))
        }
        let elapsed = Util.now() - start
        print("summary (seed \(o.seed)):")
        for (target, count, accepted, seconds) in summary {
            let rate = seconds > 0 ? Int(Double(count) / seconds) : 0
            print("  \(target.rawValue): \(count) executions, \(accepted) accepted, \(count - accepted) rejected, "
                + "\(Util.fixed(seconds)) s, \(rate) exec/s")
        }
        print("  total: \(total) executions, \(Util.fixed(elapsed)) s, "
            + "\(elapsed > 0 ? Int(Double(total) / elapsed) : 0) exec/s, no violations")
        fflush(nil)
    }
}

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "vm" {
    VMCampaign.main(CommandLine.arguments)  // VMCampaign.swift: the verifier and the interpreter together
}
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "compiler" {
    CompilerCampaign.main(CommandLine.arguments)  // CompilerCampaign.swift: the language compiler's front end
}
Fuzzer.main()

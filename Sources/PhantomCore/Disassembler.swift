// Disassembler.swift — method code as a text listing (PhantomCore, VM layer).
//
// Decodes with `InstructionDecoder` and names things from the opcode table, both in
// Opcodes.swift; nothing about the encoding is repeated here. Used by `phantom disasm`,
// by tests that compare compiled code with an expected listing, and by traces.
//
// The format is stable: tests compare listings byte for byte, so change it only with
// every expected listing. Example (the §10 method of BYTECODE.md, with a line map):
//
//     ; line 7
//     0     arg_count 1
//     2     stack_reserve obj=1 int=0
//     5     os_get32 0
//     10    call_0F n=0
//     12    o2i
//     ...
//
// - Every line ends in "\n"; the listing of empty code is the empty string.
// - Instruction line: the IP in decimal, padded on the right with spaces to 4
//   characters, two spaces, the mnemonic, then the operands, each after one space.
// - Integers are decimal: u8 operands unsigned, i32 and i64 signed.
// - Jump targets (rel32, switch entries) are absolute IPs written "@N"; they may be
//   negative or past the end when the code is bad — the listing shows what is there.
// - Operands by layout:
//     stack_reserve obj=O int=I
//     call_XX n=N                       (ordinal is in the mnemonic)
//     short_call_K                      (no operands)
//     call_8bit / call_32bit / static_invoke ord=K n=N
//     debug 0xFF ["message"]            (flags as two hex digits)
//     switch shift=S div=D [@T0, @T1] default @E   (E: the first byte after the table)
// - Strings are in double quotes; printable ASCII stays, `"` and `\` are escaped with
//   `\`, and \n \r \t are used; every other byte is \xHH (upper-case hex), so listings
//   are ASCII whatever the bytes.
// - const_pool K is followed by ` ; "…"` when the constant pool has entry K.
// - Source lines: before an instruction whose line differs from the last one shown, a
//   line `; line N`. An instruction's line is that of the map entry with the greatest
//   IP at or before it (entries mark the first IP of a line); where several entries
//   share an IP, the greatest line wins, because a source line that produced no code
//   shares its IP with the next one. Entries may come in any order (class files store
//   them unsorted). Before the first entry no line is shown.
// - Prefixes (prefix_long …) are instructions of their own, on their own lines.

/// Turns a method's code into the text listing described above.
public enum Disassembler {
    /// The listing of `code`, or the first error: a listing is all or nothing, so that
    /// a prefix of a listing is never mistaken for the whole method.
    ///
    /// - Parameters:
    ///   - lines: the IP-to-line map (a class file's `l` record), in any order.
    ///   - constants: the class's constant pool, indexed by id; nil for a missing id.
    public static func listing<Bytes: RandomAccessCollection>(
        _ code: Bytes, lines: [(ip: Int, line: Int)] = [], constants: [[UInt8]?] = []
    ) throws(DecodeError) -> String where Bytes.Element == UInt8, Bytes.Index == Int {
        let decoder = InstructionDecoder(code)
        let marks = lines.sorted { ($0.ip, $0.line) < ($1.ip, $1.line) }
        var nextMark = 0
        var line: Int? = nil
        var shownLine: Int? = nil
        var out = ""
        var ip = 0
        while ip < decoder.size {
            let instruction = try decoder.decode(at: ip)
            while nextMark < marks.count, marks[nextMark].ip <= ip {
                line = marks[nextMark].line
                nextMark += 1
            }
            if let line, line != shownLine {
                out += "; line \(line)\n"
                shownLine = line
            }
            let address = "\(ip)"
            out += address
            out += String(repeating: " ", count: max(0, 4 - address.utf8.count) + 2)
            out += text(of: instruction, constants: constants)
            out += "\n"
            ip = instruction.next
        }
        return out
    }

    /// One instruction as the listing shows it, without its IP: "mnemonic operands".
    public static func text(of instruction: Instruction, constants: [[UInt8]?] = []) -> String {
        let info = instruction.opcode.info
        var out = info.mnemonic
        switch instruction.operands {
        case .none:
            break
        case .int(let value):
            out += " \(value)"
            if instruction.opcode == .constPool, value >= 0, Int(value) < constants.count,
                let constant = constants[Int(value)]
            {
                out += " ; " + quoted(constant)
            }
        case .long(let value):
            out += " \(value)"
        case .reserve(let objects, let ints):
            out += " obj=\(objects) int=\(ints)"
        case .call(let ordinal, let argCount):
            switch info.operands {
            case .callShort: break
            case .callCount: out += " n=\(argCount)"
            default: out += " ord=\(ordinal) n=\(argCount)"
            }
        case .jump(let target):
            out += " @\(target)"
        case .string(let bytes):
            out += " " + quoted(bytes)
        case .debug(let flags, let message):
            out += " 0x" + hex(flags)
            if let message { out += " " + quoted(message) }
        case .table(let shift, let divisor, let targets):
            out += " shift=\(shift) div=\(divisor) ["
            out += targets.map { "@\($0)" }.joined(separator: ", ")
            out += "] default @\(instruction.next)"
        }
        return out
    }

    /// Raw bytes as a double-quoted ASCII string with the escapes of the listing format.
    public static func quoted(_ bytes: [UInt8]) -> String {
        var out = "\""
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\""
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\n"): out += "\\n"
            case UInt8(ascii: "\r"): out += "\\r"
            case UInt8(ascii: "\t"): out += "\\t"
            case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(byte))
            default: out += "\\x" + hex(byte)
            }
        }
        return out + "\""
    }

    /// Two upper-case hex digits: how listings, mnemonics and messages show a byte.
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out = ""
        out.unicodeScalars.append(Unicode.Scalar(digits[Int(byte >> 4)]))
        out.unicodeScalars.append(Unicode.Scalar(digits[Int(byte & 0xF)]))
        return out
    }
}

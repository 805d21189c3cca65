// FrontEndFuzzTests.swift — the compiler against random and mutated sources.
//
// Three kinds of input, all from a fixed seed so a failure replays:
//  - token soup: random sequences of the language's tokens and some junk bytes;
//  - mutations of real sources (the fixtures and a built-in program): bytes flipped,
//    ranges deleted, duplicated or spliced in from another source, tokens inserted;
//  - generated programs: classes whose methods are random but well-formed statements
//    and expressions over typed locals, fields and calls, so most compile and reach the
//    code generator.
// Every case must end in one of two ways: errors, each a diagnostic with a real place;
// or class files that survive a serialize/parse round trip and whose every method
// passes the bytecode verifier (the VM's own acceptance test). No input may crash.

import Foundation
import Testing

@testable import PhantomCompiler
@testable import PhantomCore

enum FrontEndFuzz {
    static let tokens: [String] = [
        "package", "import", "class", "interface", "extends", "implements", "if", "else", "while", "do",
        "switch", "case", "default", "break", "continue", "return", "throw", "try", "catch", "var", "void",
        "null", "new", "this", "foreach", "in", "attribute", "static", "{", "}", "(", ")", "[", "]", ";", ",",
        ".", ":", "@", "+", "-", "*", "/", "%", "|", "&", "~", "!", "||", "&&", "==", "!=", "<", ">", "<=",
        ">=", "=", ".=", ":==", ":!=", "!->", "->!", "a", "b", "x", "int", "string", "main", "point", ".test",
        ".internal.int", "\"s\"", "\"\\n\"", "0", "1", "42", "0x10", "010", "4294967297", "/* c */", "// c\n",
        "\n", "[16]", "^", "?", "#", "\"", "\\", "09", "0XFF", "'",
    ]

    /// A program the mutations start from when there are few fixtures.
    static let baseProgram = """
        package .test;
        class point {
            var x : int;
            var name : string;
            void point() { x = 1; name = "p"; }
            int get(var k : int) [20] { return x + k; }
        };
        class main {
            var boot;
            var items : int [];
            void run(var b) [8] {
                var i : int;
                var s : string;
                var p : point;
                boot = b;
                items = new int[]();
                p = new point();
                while (i < 10) { items[i] = i * i; i = i + 1; }
                do { i = i - 1; } while (i > 3) s = "x";
                switch (i) { case 3: boot.16("three"); break; default: break; }
                try { throw "e"; } catch (string e) { s = e.concat("!"); }
                if (s == "e!" && !(i != 3)) boot.16(p.get(2), s.length());
                return;
            }
        };
        """

    /// The fixtures' sources, for mutation.
    static let seeds: [[UInt8]] = {
        var seeds = [Array(baseProgram.utf8)]
        for fixture in Fixture.all() {
            if let data = try? Data(contentsOf: fixture.url) { seeds.append(Array(data)) }
        }
        return seeds
    }()

    static func tokenSoup(_ rng: inout SeededRandom) -> [UInt8] {
        var text = ""
        for _ in 0..<(1 + rng.below(60)) {
            text += tokens[rng.below(tokens.count)]
            text += rng.chance(percent: 80) ? " " : ""
        }
        var bytes = Array(text.utf8)
        if rng.chance(percent: 10) { bytes.append(UInt8(truncatingIfNeeded: rng.next())) }
        return bytes
    }

    static func mutation(_ rng: inout SeededRandom) -> [UInt8] {
        var bytes = seeds[rng.below(seeds.count)]
        for _ in 0..<(1 + rng.below(4)) {
            let at = bytes.isEmpty ? 0 : rng.below(bytes.count)
            switch rng.below(6) {
            case 0:
                if !bytes.isEmpty { bytes[at] = UInt8(truncatingIfNeeded: rng.next()) }
            case 1:
                bytes.removeSubrange(at..<min(bytes.count, at + 1 + rng.below(20)))
            case 2:
                let piece = Array(bytes[at..<min(bytes.count, at + 1 + rng.below(40))])
                bytes.insert(contentsOf: piece, at: rng.below(bytes.count + 1))
            case 3:
                bytes.insert(contentsOf: Array((" " + tokens[rng.below(tokens.count)] + " ").utf8), at: at)
            case 4:
                let other = seeds[rng.below(seeds.count)]
                let from = other.isEmpty ? 0 : rng.below(other.count)
                bytes.insert(contentsOf: other[from..<min(other.count, from + rng.below(200))], at: at)
            default:
                bytes.removeSubrange(at..<bytes.count)
            }
        }
        return bytes
    }

    // MARK: - Generated programs

    struct Generator {
        var rng: SeededRandom
        var depth = 0

        mutating func pick(_ options: [String]) -> String { options[rng.below(options.count)] }

        mutating func intExpression() -> String {
            depth += 1
            defer { depth -= 1 }
            if depth > 3 || rng.chance(percent: 30) { return pick(["i", "j", "f", "k", "3", "0", "-2", "0x7F", "s.length()"]) }
            switch rng.below(8) {
            case 0: return "(\(intExpression()) \(pick(["+", "-", "*", "/", "%", "|", "&"])) \(intExpression()))"
            case 1: return "(\(intExpression()) \(pick(["<", ">", "<=", ">=", "==", "!="])) \(intExpression()))"
            case 2: return "(\(intExpression()) \(pick(["&&", "||"])) \(intExpression()))"
            case 3: return "(!\(intExpression()))"
            case 4: return "helper(\(intExpression()), \(stringExpression()))"
            case 5: return "(int) \(pick(["l", "d"]))"
            case 6: return "(\(intExpression()))~"
            default: return "(s == \(stringExpression()))"
            }
        }

        mutating func stringExpression() -> String {
            depth += 1
            defer { depth -= 1 }
            if depth > 3 || rng.chance(percent: 40) { return pick(["s", "t", "\"a\"", "\"\"", "n"]) }
            switch rng.below(3) {
            case 0: return "(\(stringExpression())).concat(\(stringExpression()))"
            case 1: return "(\(intExpression())).toString()"
            default: return "name(\(intExpression()))"
            }
        }

        mutating func statement() -> String {
            depth += 1
            defer { depth -= 1 }
            if depth > 3 { return "i = \(intExpression());" }
            switch rng.below(13) {
            case 0: return "if (\(intExpression())) \(statement()) else \(statement())"
            case 1: return "while (k < 3) { k = k + 1; \(statement()) }"
            case 2: return "do { k = k + 1; \(statement()) } while (k < 5) \(statement())"
            case 3:
                return "switch (\(intExpression())) { case 1: \(statement()) break; case \(intExpression()): break; default: \(statement()) break; }"
            case 4: return "try { \(statement()) } catch (string e) { s = e; }"
            case 5: return "items[\(intExpression())] = \(intExpression());"
            case 6: return "s = \(stringExpression());"
            case 7: return "l = l * 3 + \(intExpression()); d = d / 2 + l;"
            case 8: return "if (\(intExpression())) throw \(stringExpression());"
            case 9: return "while (k < 4) { k = k + 1; if (k == 2) continue; if (k == 3) break; }"
            case 10: return "f = f + items.size() ;"
            case 11: return "t = \(stringExpression()); j = \(intExpression());"
            default: return "i = \(intExpression()); f = i;"
            }
        }

        mutating func program() -> [UInt8] {
            var body = ""
            for _ in 0..<(1 + rng.below(6)) { body += "        " + statement() + "\n" }
            return Array("""
                package .test;
                import .internal.long;
                import .internal.double;
                class main {
                    var f : int;
                    var n : string;
                    var items : int [];
                    int helper(var a : int, var b : string) { return a + b.length(); }
                    string name(var a : int) { return a.toString(); }
                    void run(var boot) [8] {
                        var i : int; var j : int; var k : int;
                        var s : string; var t : string;
                        var l : .internal.long; var d : .internal.double;
                        s = "s"; t = "t"; items = new int[]();
                \(body)        return;
                    }
                };
                """.utf8)
        }
    }

    /// Compiles one input; returns what is wrong (nil: nothing) and whether it compiled.
    static func check(_ bytes: [UInt8]) -> (problem: String?, accepted: Bool) {
        let file = SourceFile(path: "fuzz.ph", bytes: bytes)
        let result = PhantomCompiler.compile([file])
        if !result.succeeded {
            let errors = result.diagnostics.errors
            if errors.isEmpty { return ("rejected without an error", false) }
            let lines = file.lineStarts.count
            for error in errors where error.location.line < 1 || error.location.line > lines || error.location.column < 1 {
                return ("error with a bad place: \(error.headline)", false)
            }
            return (nil, false)
        }
        return (verify(result.classes), true)
    }

    /// Round trip and verifier for every class and method; what is wrong, or nil.
    static func verify(_ classes: [ClassFile]) -> String? {
        for cls in classes {
            guard let reparsed = try? ClassFile.parse(cls.serialize()), reparsed == cls else {
                return "class \(cls.name) does not survive serialization"
            }
            for method in cls.methods {
                let argCount = cls.signatures.first { $0.ordinal == method.ordinal }?.arguments.count ?? 0
                do {
                    _ = try BytecodeVerifier.verify(
                        code: method.code, argCount: argCount, fieldCount: Int(cls.objectSlots),
                        constantIDs: cls.constants.map(\.id))
                } catch {
                    return "\(cls.name).\(method.name): the verifier rejects the code: \(error)"
                }
            }
        }
        return nil
    }
}

@Suite struct FrontEndFuzzTests {
    /// 4 shards × 25,000 cases = 10⁵, in parallel.
    @Test(arguments: 0..<4)
    func fuzz(shard: Int) {
        var rng = SeededRandom(seed: 0xF0_2026 &+ UInt64(shard))
        var failures: [String] = []
        var accepted = 0
        for index in 0..<25_000 {
            let bytes: [UInt8]
            switch index % 4 {
            case 0: bytes = FrontEndFuzz.tokenSoup(&rng)
            case 1, 2: bytes = FrontEndFuzz.mutation(&rng)
            default:
                var generator = FrontEndFuzz.Generator(rng: SeededRandom(seed: rng.next()))
                bytes = generator.program()
            }
            let (problem, compiled) = FrontEndFuzz.check(bytes)
            if let problem, failures.count < 5 {
                failures.append("case \(index): \(problem)\n\(String(decoding: bytes, as: UTF8.self))")
            }
            if compiled { accepted += 1 }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n---\n"))")
        // The generated quarter should mostly compile, or the generator tests nothing.
        #expect(accepted > 2_000, "only \(accepted) accepted")
    }
}

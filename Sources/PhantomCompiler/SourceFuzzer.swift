// SourceFuzzer.swift — random and mutated Phantom sources, and the check every one of
// them must pass (PhantomCompiler, test support in the library so that both users share
// one implementation).
//
// Two users: the per-commit loop in Tests/PhantomCompilerTests/FrontEndFuzzTests.swift
// (10^5 cases) and the `phantom-fuzz compiler` campaign in Fuzz/CompilerCampaign.swift
// (10^7 cases, optionally running what compiles). Both draw every input from a
// `SeededRandom` (PhantomCore/Random.swift), so a failure replays from its seed.
//
// Three kinds of input:
//  - token soup: random sequences of the language's tokens and some junk bytes;
//  - mutations of real sources (the caller passes them: fixtures, library sources, and
//    `baseProgram`): bytes flipped, ranges deleted, duplicated or spliced in from
//    another source, tokens inserted, the tail cut;
//  - generated programs: a `main` whose `run` [8] is random but well-formed statements
//    (nested tries, switches with `continue` inside loops, throws of strings and ints)
//    and expressions over typed locals, fields, int and string arrays and calls, with
//    int, long and double arithmetic, casts between them and calls with long and
//    double arguments; sometimes with a small class and a subclass, with constructors
//    and overrides, to `new`. Nearly all compile and reach the code generator.
// Every case must end in one of two ways (`check`): errors, each a diagnostic with a real
// place; or class files that survive a serialize/parse round trip and whose every method
// passes the bytecode verifier (the VM's own acceptance test). No input may crash.

import PhantomCore

/// The compiler front end's fuzzer: input generators and the check of one input.
public enum SourceFuzzer {
    /// The kinds of input, in the proportions `kind(ofCase:)` gives them.
    public enum Kind: Int, CaseIterable, Sendable {
        case tokenSoup, mutation, program

        public var name: String {
            switch self {
            case .tokenSoup: "token soup"
            case .mutation: "mutation"
            case .program: "generated program"
            }
        }
    }

    /// How one input ended.
    public enum Outcome {
        /// Compile errors, all with a valid place (the count of errors).
        case rejected(errors: Int)
        /// Compiled; the classes survive the round trip and the verifier.
        case accepted([ClassFile])
        /// A broken promise: what is wrong.
        case violation(String)
    }

    /// Case `index` of a run: a quarter token soup, half mutations, a quarter programs.
    public static func kind(ofCase index: Int) -> Kind {
        switch index % 4 {
        case 0: .tokenSoup
        case 1, 2: .mutation
        default: .program
        }
    }

    /// One input of `kind`; `seeds` are the sources mutations start from (see `seeds(adding:)`).
    public static func input(_ kind: Kind, _ rng: inout SeededRandom, seeds: [[UInt8]]) -> [UInt8] {
        switch kind {
        case .tokenSoup: tokenSoup(&rng)
        case .mutation: mutation(&rng, seeds: seeds)
        case .program: program(&rng)
        }
    }

    /// `baseProgram` followed by `files`: the seed list for `mutation`.
    public static func seeds(adding files: [[UInt8]]) -> [[UInt8]] {
        [Array(baseProgram.utf8)] + files
    }

    // MARK: - Token soup and mutations

    static let tokens: [String] = [
        "package", "import", "class", "interface", "extends", "implements", "if", "else", "while", "do",
        "switch", "case", "default", "break", "continue", "return", "throw", "try", "catch", "var", "void",
        "null", "new", "this", "foreach", "in", "attribute", "static", "{", "}", "(", ")", "[", "]", ";", ",",
        ".", ":", "@", "+", "-", "*", "/", "%", "|", "&", "~", "!", "||", "&&", "==", "!=", "<", ">", "<=",
        ">=", "=", ".=", ":==", ":!=", "!->", "->!", "a", "b", "x", "int", "string", "main", "point", ".test",
        ".internal.int", "\"s\"", "\"\\n\"", "0", "1", "42", "0x10", "010", "4294967297", "/* c */", "// c\n",
        "\n", "[16]", "^", "?", "#", "\"", "\\", "09", "0XFF", "'", "(long)", "(double)", "(int)",
        ".internal.long", ".internal.double", "string[]", "int[]",
    ]

    /// A program the mutations start from when there are few other sources.
    public static let baseProgram = """
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

    /// Random tokens, mostly separated by spaces, sometimes with a junk byte at the end.
    public static func tokenSoup(_ rng: inout SeededRandom) -> [UInt8] {
        var text = ""
        for _ in 0..<(1 + rng.below(60)) {
            text += tokens[rng.below(tokens.count)]
            text += rng.chance(percent: 80) ? " " : ""
        }
        var bytes = Array(text.utf8)
        if rng.chance(percent: 10) { bytes.append(UInt8(truncatingIfNeeded: rng.next())) }
        return bytes
    }

    /// One of `seeds` (not empty) with 1–4 edits.
    public static func mutation(_ rng: inout SeededRandom, seeds: [[UInt8]]) -> [UInt8] {
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

    /// A random, mostly valid program whose last class `main` has `run` [8].
    public static func program(_ rng: inout SeededRandom) -> [UInt8] {
        var generator = ProgramGenerator(rng: SeededRandom(seed: rng.next()))
        return generator.program()
    }

    /// Builds one program: the body of `run` first, then only the declarations and
    /// set-up it uses. Each program picks its features: the helper classes `node` and
    /// `leaf extends node` (which vary in constructors and overrides) and the methods
    /// with long and double parameters; expressions use only what is picked. Every line
    /// costs compile time (about 10 µs a statement in a release build) and the
    /// per-commit test compiles 25,000 programs, so not every program has everything.
    /// Loops only ever increase `k`, so every loop ends.
    struct ProgramGenerator {
        var rng: SeededRandom
        var depth = 0
        /// `node` and `leaf` exist, with `node(var a : int)` if `nodeIntConstructor`.
        var classes = false
        var nodeIntConstructor = false
        /// `wide(long, double)` and `mix(double, int)` exist.
        var numericCalls = false
        /// Inside a loop: `continue` and `break` are allowed.
        var loops = 0
        /// An expression reads `items`, so `run` fills its first four elements.
        var readsItems = false

        mutating func pick(_ options: [String]) -> String { options[rng.below(options.count)] }

        mutating func intExpression() -> String {
            depth += 1
            defer { depth -= 1 }
            if depth > 3 || rng.chance(percent: 30) {
                return pick(["i", "j", "f", "k", "3", "0", "-2", "0x7F", "s.length()", classes ? "p.get()" : "1"])
            }
            switch rng.below(12) {
            case 0: return "(\(intExpression()) \(pick(["+", "-", "*", "/", "%", "|", "&"])) \(intExpression()))"
            case 1: return "(\(intExpression()) \(pick(["<", ">", "<=", ">=", "==", "!="])) \(intExpression()))"
            case 2: return "(\(intExpression()) \(pick(["&&", "||"])) \(intExpression()))"
            case 3: return "(!(\(intExpression())))"
            case 4: return "helper(\(intExpression()), \(stringExpression()))"
            case 5:
                let operand = rng.chance(percent: 50) ? pick(["l", "d"]) : rng.chance(percent: 50) ? longExpression() : doubleExpression()
                return "((int) \(operand))"
            case 6: return "(\(intExpression()))~"
            case 7: return "(\(longExpression()) \(pick(["<", ">=", "==", "!="])) \(longExpression()))"
            case 8: return "(\(doubleExpression()) \(pick(["<", ">"])) \(doubleExpression()))"
            case 9: return classes ? "\(pick(["p", "q"])).get()" : "items.size()"
            case 10:
                readsItems = true
                return "items[\(rng.chance(percent: 70) ? pick(["k % 4", "j & 3", "1"]) : intExpression())]"
            default: return "(s == \(stringExpression()))"
            }
        }

        mutating func longExpression() -> String {
            depth += 1
            defer { depth -= 1 }
            if depth > 3 || rng.chance(percent: 35) { return pick(["l", "((long) i)", "((long) k)", "((long) d)"]) }
            switch rng.below(5) {
            case 0: return "(\(longExpression()) \(pick(["+", "-", "*"])) \(intExpression()))"
            case 1: return "((long) \(intExpression()) * 65536)"
            case 2:
                return numericCalls
                    ? "wide(\(longExpression()), \(doubleExpression()))" : "(\(longExpression()) * \(longExpression()))"
            case 3: return "((long) \(doubleExpression()))"
            default: return "(\(longExpression()) \(pick(["/", "%"])) \(pick(["3", "7", "((long) 5)"])))"
            }
        }

        mutating func doubleExpression() -> String {
            depth += 1
            defer { depth -= 1 }
            if depth > 3 || rng.chance(percent: 35) { return pick(["d", "((double) i)", "((double) l)", "((double) j)"]) }
            switch rng.below(4) {
            case 0: return "(\(doubleExpression()) \(pick(["+", "-", "*", "/"])) \(intExpression()))"
            case 1:
                return numericCalls
                    ? "mix(\(doubleExpression()), \(intExpression()))" : "(\(doubleExpression()) - \(doubleExpression()))"
            case 2: return "(((double) \(longExpression())) / 2)"
            default: return "(\(doubleExpression()) * \(longExpression()))"
            }
        }

        mutating func stringExpression() -> String {
            depth += 1
            defer { depth -= 1 }
            if depth > 3 || rng.chance(percent: 40) { return pick(["s", "t", "\"a\"", "\"\"", "n", classes ? "p.tag()" : "names[1]"]) }
            switch rng.below(5) {
            case 0: return "(\(stringExpression())).concat(\(stringExpression()))"
            case 1: return "(\(intExpression())).toString()"
            case 2: return "names[\(pick(["0", "1", "k % 2", "j & 1"]))]"
            case 3: return classes ? "\(pick(["p", "q"])).tag()" : "names[0]"
            default: return "name(\(intExpression()))"
            }
        }

        /// A `new` of a helper class, as a `node`.
        mutating func newNode() -> String {
            switch rng.below(nodeIntConstructor ? 3 : 2) {
            case 0: return "new node()"
            case 1: return "new leaf(\(intExpression()), \(stringExpression()))"
            default: return "new node(\(intExpression()))"
            }
        }

        mutating func loopBody() -> String {
            loops += 1
            defer { loops -= 1 }
            return statement()
        }

        mutating func statement() -> String {
            depth += 1
            defer { depth -= 1 }
            if depth > 3 { return "i = \(intExpression());" }
            switch rng.below(24) {
            case 0: return "if (\(intExpression())) { \(statement()) } else { \(statement()) }"
            case 1: return "while (k < 3) { k = k + 1; \(loopBody()) }"
            case 2: return "do { k = k + 1; \(loopBody()) } while (k < 5) \(statement())"
            case 3:
                return "switch (\(intExpression())) { case 1: \(statement()) break; case \(intExpression()): break; default: \(statement()) break; }"
            case 4: return "try { \(statement()) } catch (string e) { s = e; }"
            case 5: return "items[\(intExpression())] = \(intExpression());"
            case 6: return "s = \(stringExpression());"
            case 7: return "l = l * 3 + \(intExpression()); d = d / 2 + l;"
            case 8: return "if (\(intExpression())) throw \(rng.chance(percent: 50) ? stringExpression() : intExpression());"
            case 9: return "while (k < 4) { k = k + 1; if (k == 2) continue; if (k == 3) break; }"
            case 10: return "f = f + items.size() ;"
            case 11: return "t = \(stringExpression()); j = \(intExpression());"
            case 12:
                return "try { try { \(statement()) } catch (int x) { j = x; } \(statement()) } catch (string e) { s = e; }"
            case 13:
                return "while (k < 6) { k = k + 1; switch (\(intExpression())) { case 0: continue; "
                    + "case 1: \(loopBody()) break; default: break; } \(loopBody()) }"
            case 14: return "l = \(longExpression());"
            case 15: return "d = \(doubleExpression());"
            case 16: return "i = (int) \(pick(["l", "d"])); l = (long) d; d = (double) \(pick(["i", "l"]));"
            case 17 where numericCalls:
                return "l = wide(\(longExpression()), \(doubleExpression())); d = mix(\(doubleExpression()), \(intExpression()));"
            case 18: return "names[\(pick(["0", "1", "k % 2"]))] = \(stringExpression());"
            case 19 where classes: return "p = \(newNode());"
            case 20 where classes:
                return "q = new leaf(\(intExpression()), \(stringExpression())); \(pick(["p = q;", "j = q.get();", "s = q.tag();"]))"
            case 21 where classes:
                return "if (p.get() > \(intExpression())) { p = q; } else { q = new leaf(\(intExpression()), t); }"
            case 22 where loops > 0: return pick(["continue;", "break;", "if (\(intExpression())) break;"])
            default: return "i = \(intExpression()); f = i;"
            }
        }

        /// The helper classes: `node` with a constructor (and maybe one with an int) and
        /// `leaf extends node` with a two-argument constructor and maybe overrides.
        mutating func helperClasses() -> String {
            nodeIntConstructor = rng.chance(percent: 60)
            var text = """
                class node {
                    var v : int;
                    var w : string;
                    void node() { v = \(rng.below(10)); w = "\(pick(["n", "", "node"]))"; }

                """
            if nodeIntConstructor { text += "    void node(var a : int) { v = a; w = a.toString(); }\n" }
            text += """
                    int get() { return v\(pick(["", " + 1", " * 2", " + w.length()"])); }
                    string tag() { return w; }
                };
                class leaf extends node {
                    var u : int;
                    void leaf(var a : int, var t : string) { u = a; w = t\(pick(["", ".concat(\"!\")"])); }

                """
            if rng.chance(percent: 50) { text += "    int get() { return v + u; }\n" }
            if rng.chance(percent: 30) { text += "    string tag() { return w.concat(u.toString()); }\n" }
            return text + "};\n"
        }

        mutating func program() -> [UInt8] {
            classes = rng.chance(percent: 35)
            numericCalls = rng.chance(percent: 40)
            var body = ""
            for _ in 0..<(1 + rng.below(5)) { body += "        " + statement() + "\n" }
            // Declare and set up only what the body uses: every line costs compile time.
            let used = Self.identifiers(in: body)
            let objects = used.contains("p") || used.contains("q")
            var methods = ""
            if used.contains("helper") { methods += "    int helper(var a : int, var b : string) { return a + b.length(); }\n" }
            if used.contains("name") { methods += "    string name(var a : int) { return a.toString(); }\n" }
            if used.contains("wide") {
                methods += "    .internal.long wide(var a : .internal.long, var b : .internal.double) { return a + ((long) b); }\n"
            }
            if used.contains("mix") { methods += "    .internal.double mix(var a : .internal.double, var b : int) { return a * b; }\n" }
            var setup = ""
            if objects { setup += "        var p : node; var q : leaf; p = new node(); q = new leaf(1, \"q\");\n" }
            if used.contains("f") { setup += "        f = \(rng.below(3));\n" }
            if used.contains("n") { setup += "        n = \"n\";\n" }
            if readsItems { setup += "        items[0] = 1; items[1] = 2; items[2] = 3; items[3] = 4;\n" }
            if used.contains("names") { setup += "        names = new string[](); names[0] = \"x\"; names[1] = \"y\";\n" }
            return Array("""
                package .test;
                import .internal.long;
                import .internal.double;
                \(objects ? helperClasses() : "")class main {
                    var f : int;
                    var n : string;
                    var items : int [];
                    var names : string [];
                \(methods)    void run(var boot) [8] {
                        var i : int; var j : int; var k : int;
                        var s : string; var t : string;
                        var l : .internal.long; var d : .internal.double;
                        s = "s"; t = "t"; items = new int[]();
                \(setup)\(body)        return;
                    }
                };
                """.utf8)
        }

        /// The identifiers of `text` (and the words inside its string literals, which
        /// only makes the set larger).
        static func identifiers(in text: String) -> Set<String> {
            var found = Set<String>()
            var word: [UInt8] = []
            for byte in text.utf8 {
                let letter = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F
                if letter || (!word.isEmpty && byte >= 0x30 && byte <= 0x39) {
                    word.append(byte)
                } else if !word.isEmpty {
                    found.insert(String(decoding: word, as: UTF8.self))
                    word.removeAll(keepingCapacity: true)
                }
            }
            if !word.isEmpty { found.insert(String(decoding: word, as: UTF8.self)) }
            return found
        }
    }

    // MARK: - The check

    /// Compiles one input and checks the promises of the outcome.
    public static func check(_ bytes: [UInt8]) -> Outcome {
        let file = SourceFile(path: "fuzz.ph", bytes: bytes)
        let result = PhantomCompiler.compile([file])
        if !result.succeeded {
            let errors = result.diagnostics.errors
            if errors.isEmpty { return .violation("rejected without an error") }
            let lines = file.lineStarts.count
            for error in errors where error.location.line < 1 || error.location.line > lines || error.location.column < 1 {
                return .violation("error with a bad place: \(error.headline)")
            }
            return .rejected(errors: errors.count)
        }
        if let problem = verify(result.classes) { return .violation(problem) }
        return .accepted(result.classes)
    }

    /// Round trip and verifier for every class and method; what is wrong, or nil.
    public static func verify(_ classes: [ClassFile]) -> String? {
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

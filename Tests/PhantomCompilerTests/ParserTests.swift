// ParserTests.swift — tests of the parser (Parser.swift): the grammar of LANGUAGE.md
// §3–5, the syntactic corner cases of §12 (4–7, 14–18, 28, 31, 40), messages and their
// places, recovery with several errors per file, nesting limits, and a fuzz loop that
// checks the parser ends on any bytes, never traps, and never fails silently.
//
// Trees are compared as S-expressions: `(+ a (* b c))`, `(call recv name args…)`,
// `(call _ f)` for a bare call, `(paren e)`, `(cast T e)`.

import Testing

@testable import PhantomCompiler

// MARK: - Helpers

/// Parses `text`; diagnostics as "line:column: message".
private func parse(_ text: String) -> (unit: SourceUnit, errors: [String]) {
    var diagnostics = DiagnosticList()
    let unit = Parser.parse(SourceFile(path: "t.ph", text: text), diagnostics: &diagnostics)
    return (unit, diagnostics.all.map { "\($0.location.line):\($0.location.column): \($0.message)" })
}

/// The diagnostics of `text`, "line:column: message".
private func errors(_ text: String) -> [String] { parse(text).errors }

/// The classes of `text`.
private func classes(_ text: String) -> [ClassDecl] {
    parse(text).unit.items.compactMap {
        if case .classDecl(let declaration) = $0 { return declaration }
        return nil
    }
}

/// The statements of `body` put in a method, as S-expressions, and the error messages.
private func statements(_ body: String) -> (shown: [String], errors: [String]) {
    let (unit, errors) = parse("class A { void f() {\n\(body)\n} };")
    let messages = errors.map { $0.split(separator: " ", maxSplits: 1).last.map(String.init) ?? $0 }
    guard case .classDecl(let declaration)? = unit.items.first, case .method(let method)? = declaration.members.first
    else { return ([], messages) }
    return ((method.body?.statements ?? []).map(show), messages)
}

/// The single statement `body`, shown; records an issue if anything was reported.
private func statement(_ body: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    let (shown, errors) = statements(body)
    #expect(errors.isEmpty, "\(errors)", sourceLocation: sourceLocation)
    return shown.count == 1 ? shown[0] : "\(shown)"
}

/// The expression `text` (parsed as `return text;`), shown; records an issue if anything
/// was reported.
private func expression(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    let shown = statement("return \(text);", sourceLocation: sourceLocation)
    guard shown.hasPrefix("(return "), shown.hasSuffix(")") else { return shown }
    return String(shown.dropFirst("(return ".count).dropLast())
}

/// The error messages for statement `body` (places dropped).
private func bodyErrors(_ body: String) -> [String] { statements(body).errors }

private func show(_ expression: Expression) -> String {
    func list(_ arguments: [Expression]) -> String { arguments.map { " " + show($0) }.joined() }
    switch expression.kind {
    case .name(let name): return name
    case .null: return "null"
    case .this: return "this"
    case .integer(let value): return String(value)
    case .string(let bytes): return "\"" + String(decoding: bytes, as: UTF8.self) + "\""
    case .importFile(let path): return "(import \"\(path)\")"
    case .parenthesized(let inner): return "(paren \(show(inner)))"
    case .cast(let type, let operand): return "(cast \(show(type)) \(show(operand)))"
    case .call(let receiver, let name, let arguments):
        return "(call \(receiver.map(show) ?? "_") \(name)\(list(arguments)))"
    case .ordinalCall(let receiver, let ordinal, let arguments): return "(call \(show(receiver)) #\(ordinal)\(list(arguments)))"
    case .dynamicCall(let receiver, let name, let arguments):
        return "(call \(show(receiver)) *\(show(name))\(list(arguments)))"
    case .index(let array, let index): return "(index \(show(array)) \(show(index)))"
    case .assign(let target, let value): return "(= \(show(target)) \(show(value)))"
    case .dotAssign(let target, let value): return "(.= \(show(target)) \(show(value)))"
    case .binary(let op, let left, let right): return "(\(op.rawValue) \(show(left)) \(show(right)))"
    case .not(let operand): return "(! \(show(operand)))"
    case .bitNot(let operand): return "(~ \(show(operand)))"
    case .new(let type, let arguments): return "(new \(show(type))\(list(arguments)))"
    case .newDynamic(let classObject, let type, let arguments):
        return "(new* \(show(classObject))\(type.map { " : " + show($0) } ?? "")\(list(arguments)))"
    }
}

private func show(_ type: TypeSyntax) -> String {
    var text = type.isStatic ? "static " : ""
    switch type.base {
    case .void: text += "void"
    case .named(let name): text += name.text
    case .starExpression: text += "*"
    }
    switch type.container {
    case .none: break
    case .array: text += "[]"
    case .custom: text += "[?]"
    }
    return text
}

private func show(_ statement: Statement) -> String {
    switch statement.kind {
    case .block(let block): return "{" + block.statements.map { " " + show($0) }.joined() + " }"
    case .variable(let name, let type): return "(var \(name) \(show(type)))"
    case .ifElse(let condition, let then, let otherwise):
        return "(if \(show(condition)) \(show(then))\(otherwise.map { " else " + show($0) } ?? ""))"
    case .whileLoop(let condition, let body): return "(while \(show(condition)) \(show(body)))"
    case .doWhile(let body, let condition, let tail): return "(do \(show(body)) \(show(condition)) \(tail.map(show) ?? ";"))"
    case .switchStatement(let subject, let items):
        let shown = items.map { item in
            switch item {
            case .caseLabel(let value, _): "case \(show(value)):"
            case .defaultLabel: "default:"
            case .statement(let statement): show(statement)
            }
        }
        return "(switch \(show(subject)) \(shown.joined(separator: " ")))"
    case .breakStatement: return "break"
    case .continueStatement: return "continue"
    case .returnStatement(let value): return value.map { "(return \(show($0)))" } ?? "return"
    case .throwStatement(let value): return "(throw \(show(value)))"
    case .tryCatch(let body, let type, let name, _, let handler):
        return "(try \(show(body)) catch \(show(type)) \(name) \(show(handler)))"
    case .foreach(let name, let collection, let body): return "(foreach \(name) \(show(collection)) \(show(body)))"
    case .expression(let value): return show(value)
    }
}

/// A small deterministic generator (SplitMix64) so that fuzz failures reproduce.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A program using most of the grammar, the seed of the mutation fuzzing.
private let sampleProgram = """
    package .test.sample;
    import .internal.long;
    attribute const * ->!;
    class point extends .internal.object implements .test.shape {
        var x : int;
        var any;
        var items : void [];
        .test.other peer;
        void point() { x = 0; }
        int move(var dx : int, var dy @const) [16] @const {
            var t : int;
            t = (int) dx + 1;
            if (!t && x) { return; } else t = t - -1;
            while (t > 0) t = t - 1;
            do { t = t + 1; } while (t < 3) t = t * 2|1~;
            do t = 0; while (t);
            switch (t) { case 1: break; default: case 2: { throw "two"; } }
            try { items[0] = "zero"; } catch (string e) { x = e.length(); }
            any = new *(any) : .test.shape ();
            items = new void[]();
            peer.16("a", ("b").concat("c"), import "README", null, this);
            x = x :== null || (a[1] + 1) * 2 != 0x10;
            any.*("name")(1);
            return x;
        }
        void stub();
    };
    interface .test.shape { void area(); };
    """

/// The parser's tests, grouped by part of the grammar.
@Suite struct ParserTests {}

// MARK: - Top level (§3.1, §12.5–7)

extension ParserTests {
    /// Items, names, packages and imports.
    @Suite struct TopLevel {
        @Test func itemsInSourceOrder() {
            let (unit, errors) = parse(sampleProgram)
            #expect(errors.isEmpty)
            let kinds = unit.items.map { item -> String in
                switch item {
                case .package(let name): "package \(name.text)"
                case .importClass(let name): "import \(name.text)"
                case .attribute: "attribute"
                case .classDecl(let declaration): "\(declaration.isInterface ? "interface" : "class") \(declaration.name.text)"
                }
            }
            #expect(kinds == ["package .test.sample", "import .internal.long", "attribute", "class point", "interface .test.shape"])
        }

        @Test func classHeader() {
            let declaration = classes("class a.b extends .x.y implements .i.j implements k { };")[0]
            #expect(declaration.name.text == "a.b")
            #expect(!declaration.name.isAbsolute)
            #expect(declaration.extends?.text == ".x.y")
            #expect(declaration.implements.map(\.text) == [".i.j", "k"])
            #expect(declaration.location == .init(line: 1, column: 1))
            #expect(declaration.endLocation == .init(line: 1, column: 55))
        }

        @Test func quotedNameComponents() {
            let (unit, errors) = parse("import .internal.\"class\"; class .a.\"if\".b { };")
            #expect(errors.isEmpty)
            guard case .importClass(let name) = unit.items[0] else {
                Issue.record("not an import")
                return
            }
            #expect(name.components == ["internal", "class"])
            #expect(name.text == ".internal.class")
            #expect(classes("class .a.\"if\".b { };")[0].name.components == ["a", "if", "b"])
        }

        @Test func reservedWordsMustBeQuotedInNames() {
            #expect(errors("import .internal.class;") == [
                "1:18: expected a name component, found 'class' (quote a reserved word: \"class\")"
            ])
            #expect(errors("class void { };") == ["1:7: expected a name, found 'void' ('void' is reserved)"])
            #expect(errors("class a { void f(var var) { } };") == [
                "1:22: expected a parameter name after 'var', found 'var' (a reserved word)"
            ])
        }

        @Test func everyItemEndsInASemicolon() {
            #expect(errors("class a { };;; ;") == [])
            #expect(errors(";;") == [])
            #expect(errors("class a { }\nclass b { };") == [
                "2:1: expected ';' after the class body (every top-level item ends in ';'), found 'class'"
            ])
            #expect(classes("class a { }\nclass b { };").map(\.name.text) == ["a", "b"])
            #expect(errors("class a { }") == [
                "1:12: expected ';' after the class body (every top-level item ends in ';'), found end of file"
            ])
            #expect(errors("package .a import .b;") == [
                "1:12: expected ';' after 'package' (every top-level item ends in ';'), found 'import'"
            ])
        }

        @Test func packageRules() {
            #expect(errors("import .x; package .a; class b { };") == [])
            #expect(errors("package .a; package .b;") == ["1:13: only one 'package' is allowed per file"])
            #expect(errors("package a.b;") == ["1:9: a package name must be absolute (start with '.')"])
            let (unit, _) = parse("package .a; package .b;")
            #expect(unit.items.count == 1)
        }

        @Test func importRules() {
            #expect(errors("import .a.*;") == ["1:11: expected a name component, found '*' (there are no wildcard imports)"])
            #expect(errors("import a.b;") == ["1:8: an imported class needs an absolute name (starting with '.')"])
            #expect(errors("import .a.;") == ["1:11: expected a name component, found ';'"])
        }

        @Test func forwardReferencesAreLeftToTheChecker() {
            // §12.7 is an error of the checker; the parser keeps the source order it needs.
            let names = classes("package .p; class a { var b : b; }; class b { };").map(\.name.text)
            #expect(names == ["a", "b"])
        }

        @Test func attributeDefinitions() {
            #expect(errors("attribute const * ->!; attribute a.b + !-> !, .c;") == [])
            #expect(errors("attribute ~x;") == ["1:11: '~' is not allowed in an attribute definition"])
        }

        @Test func strayTopLevelTokens() {
            #expect(errors("} x ; class a { };") == [
                "1:1: expected 'class', 'interface', 'package', 'import' or 'attribute', found '}'"
            ])
            #expect(classes("} x ; class a { };").count == 1)
        }

        @Test func extendsOnlyOnce() {
            #expect(errors("class a extends b extends c { };") == ["1:27: a class can have only one 'extends'"])
        }
    }
}

// MARK: - Members (§3.2, §3.3)

extension ParserTests {
    /// Fields, methods, parameters and attributes.
    @Suite struct Members {
        @Test func fields() {
            let declaration = classes(
                "class a { var x : int; var y; .phantom.util.map env; int count; var z : void[] @const; static int s; };")[0]
            let fields = declaration.members.compactMap { member -> String? in
                guard case .field(let field) = member else { return nil }
                return "\(field.name):\(field.type.map(show) ?? "-")"
            }
            #expect(fields == ["x:int", "y:-", "env:.phantom.util.map", "count:int", "z:void[]", "s:static int"])
            guard case .field(let first) = declaration.members[0] else { return }
            #expect(first.location == .init(line: 1, column: 15))
        }

        @Test func methods() {
            let text = """
                class a {
                    void run(var o @const) [8] { }
                    int f(var int : int, var long, var string : string) [16] @x, y;
                    .a.b g() { return null; }
                    void[] h();
                };
                """
            let (unit, errors) = parse(text)
            #expect(errors.isEmpty)
            guard case .classDecl(let declaration) = unit.items[0] else { return }
            let methods = declaration.members.compactMap { member -> MethodDecl? in
                if case .method(let method) = member { return method }
                return nil
            }
            #expect(methods.map(\.name) == ["run", "f", "g", "h"])
            #expect(methods.map(\.ordinal) == [8, 16, nil, nil])
            #expect(methods[0].ordinalLocation == .init(line: 2, column: 29))
            #expect(methods[0].location == .init(line: 2, column: 10))
            #expect(methods.map { $0.body == nil } == [false, true, false, true])
            #expect(methods[1].parameters.map(\.name) == ["int", "long", "string"])
            #expect(methods[1].parameters.map { $0.type.map(show) } == ["int", nil, "string"])
            #expect(methods.map { show($0.returnType) } == ["void", "int", ".a.b", "void[]"])
            #expect(methods[2].body?.endLocation == .init(line: 4, column: 29))
        }

        @Test func noStraySemicolonInAClassBody() {
            #expect(errors("class a { void f(){}; };") == [
                "1:21: expected a member declaration, found ';' (no ';' after a method body or inside a class)"
            ])
            #expect(errors("class a { ; };").count == 1)
        }

        @Test func parametersAreVarOnly() {
            #expect(errors("class a { void f(int x) { } };") == [
                "1:18: expected a parameter 'var name : type', found identifier 'int' (C-style parameters are not supported)"
            ])
            #expect(errors("class a { void f(var in) { } };") == [
                "1:22: expected a parameter name after 'var', found 'in' (a reserved word)"
            ])
            #expect(errors("class a { var public : int; };") == [
                "1:15: expected a field name after 'var', found 'public' (a reserved word)"
            ])
        }

        @Test func attributesComeAfterTheOrdinal() {
            #expect(errors("class a { void f() @x [8] { } };") == [
                "1:23: expected the method ordinal '[N]' before the attributes"
            ])
            #expect(errors("class a { void f() [8] @x { } };") == [])
        }

        @Test func arrowsAreOnlyForAttributeDefinitions() {
            #expect(errors("class a { var x : int @c ->!; };") == ["1:26: '->!' is allowed only in an attribute definition"])
        }

        @Test func interfacesHaveNoFields() {
            #expect(errors("interface i { var x : int; int y; void f(); };") == [
                "1:15: an interface cannot have fields", "1:32: an interface cannot have fields",
            ])
        }

        @Test func negativeOrdinalIsAnError() {
            #expect(errors("class a { void f() [0xFFFFFFFF] { } };") == ["1:21: a method ordinal cannot be negative"])
        }

        @Test func badMemberEnds() {
            #expect(errors("class a { int x = 5; };") == ["1:17: expected ';' or '(' after member 'x', found '='"])
            #expect(errors("class a { void f() };") == [
                "1:20: expected '{' or ';' after the header of method 'f', found '}'"
            ])
        }
    }
}

// MARK: - Statements (§4, §12.28)

extension ParserTests {
    /// Statements and their places.
    @Suite struct Statements {
        @Test func locals() {
            #expect(statement("var x : int;") == "(var x int)")
            #expect(statement("var a : void[] @const;") == "(var a void[])")
            #expect(statement("var o : .internal.object;") == "(var o .internal.object)")
            #expect(bodyErrors("var x;") == [
                "expected ':' and a type after local variable 'x', found ';' (locals must be typed)"
            ])
        }

        @Test func cStyleLocalsAreErrors() {
            let message = "expected a statement, found a C-style declaration"
            #expect(bodyErrors("int x;") == ["\(message) (write 'var x : int;')"])
            #expect(bodyErrors("string s;") == ["\(message) (write 'var s : string;')"])
            #expect(bodyErrors("int[] a;") == ["\(message) (write 'var a : int[];')"])
            #expect(bodyErrors(".a.\"b\" c;") == ["\(message) (write 'var c : .a.\"b\";')"])
            // Quirk Q22: `Ident Type Ident;` is not a declaration either.
            #expect(bodyErrors("foo int bar;") == ["\(message) (write 'var int : foo;')"])
        }

        @Test func noEmptyStatement() {
            #expect(bodyErrors(";") == ["expected a statement, found ';' (there is no empty statement; write '{}')"])
            #expect(bodyErrors("if (x) ;").count == 1)
            #expect(statement("if (x) {}") == "(if x { })")
        }

        @Test func ifElse() {
            #expect(statement("if (a) if (b) x(); else y();") == "(if a (if b (call _ x) else (call _ y)))")
            #expect(statement("if (a) { x = 1; } else if (b) y = 2;") == "(if a { (= x 1) } else (if b (= y 2)))")
        }

        @Test func loops() {
            #expect(statement("while (i) i = i - 1;") == "(while i (= i (- i 1)))")
            #expect(statement("do { j = j + 1; } while(i) i = i - 1;") == "(do { (= j (+ j 1)) } i (= i (- i 1)))")
            #expect(statement("do x(); while (c);") == "(do (call _ x) c ;)")
            #expect(statement("do { continue; } while (c) { break; }") == "(do { continue } c { break })")
            #expect(statement("foreach (e in list) x(e);") == "(foreach e list (call _ x e))")
        }

        @Test func switchItemsInterleave() {
            #expect(
                statement("switch (i) { case 1: x(); break; default: case f(2): { y(); break; } }")
                    == "(switch i case 1: (call _ x) break default: case (call _ f 2): { (call _ y) break })")
            #expect(statement("switch (i) { }") == "(switch i )")
            #expect(bodyErrors("switch (i) { default x(); }") == ["expected ':' after 'default', found identifier 'x'"])
        }

        @Test func jumpsAndExceptions() {
            #expect(statement("return;") == "return")
            #expect(statement("return (x);") == "(return (paren x))")
            #expect(statement("throw \"e\";") == "(throw \"e\")")
            #expect(statement("try { throw 5; } catch (int e) {}") == "(try { (throw 5) } catch int e { })")
            #expect(statement("try x(); catch (.a.b e) y();") == "(try (call _ x) catch .a.b e (call _ y))")
            #expect(bodyErrors("break") == ["expected ';' after 'break', found '}'"])
            #expect(bodyErrors("try {} catch (int) {}") == [
                "expected a variable name after the caught type, found ')'"
            ])
        }

        @Test func statementPlaces() {
            let (unit, _) = parse("class a { void f() {\n  if (x)\n    y = 1;\n} };")
            guard case .classDecl(let declaration) = unit.items[0], case .method(let method) = declaration.members[0],
                let first = method.body?.statements.first, case .ifElse(let condition, let then, _) = first.kind
            else {
                Issue.record("unexpected tree")
                return
            }
            #expect(first.location == .init(line: 2, column: 3))
            #expect(condition.location == .init(line: 2, column: 7))
            #expect(then.location == .init(line: 3, column: 5))
            #expect(method.body?.location == .init(line: 1, column: 20))
            #expect(method.body?.endLocation == .init(line: 4, column: 1))
        }
    }
}

// MARK: - Expressions (§5, §12.14–18, 31, 40)

extension ParserTests {
    /// Precedence, casts, calls, `new` and literals.
    @Suite struct Expressions {
        @Test func notCoversTheRest() {
            #expect(expression("!x && y") == "(! (&& x y))")
            #expect(expression("!(a) && b") == "(! (&& (paren a) b))")
            #expect(expression("!!x") == "(! (! x))")
            #expect(expression("x = !y || z") == "(= x (! (|| y z)))")
            #expect(bodyErrors("return a && !b;") == [
                "expected an operand, found '!' ('!' covers the rest of the expression and may only start it; write '(!x)')"
            ])
            #expect(expression("a && (!b)") == "(&& a (paren (! b)))")
        }

        @Test func precedence() {
            #expect(expression("1+2*3|4") == "(+ 1 (* 2 (| 3 4)))")
            #expect(expression("a|b~") == "(~ (| a b))")
            #expect(expression("a*b~") == "(* a (~ b))")
            #expect(expression("a|b~|c") == "(| (~ (| a b)) c)")
            #expect(expression("a~~") == "(~ (~ a))")
            #expect(expression("a+b=3") == "(+ a (= b 3))")
            #expect(expression("a||b&&c") == "(&& (|| a b) c)")
            #expect(expression("a < b == c") == "(== (< a b) c)")
            #expect(expression("a == b :== c + d") == "(== a (:== b (+ c d)))")
            #expect(expression("a - b - c") == "(- (- a b) c)")
            #expect(expression("a / b % c * d") == "(* (% (/ a b) c) d)")
            #expect(expression("a & b | c") == "(| (& a b) c)")
            #expect(expression("a :!= b != c >= d <= e > f") == "(> (<= (>= (!= (:!= a b) c) d) e) f)")
        }

        @Test func assignment() {
            #expect(expression("a = b = 5") == "(= a (= b 5))")
            #expect(expression("a[i] = v") == "(= (index a i) v)")
            #expect(expression("x = a[i] = v") == "(= x (= (index a i) v))")
            #expect(expression("x .= y") == "(.= x y)")
            #expect(expression("f() = 1") == "(= (call _ f) 1)")
        }

        @Test func casts() {
            #expect(expression("(int) a + b") == "(cast int (+ a b))")
            #expect(expression("((int) a) + b") == "(+ (paren (cast int a)) b)")
            #expect(expression("(int) -1") == "(cast int -1)")
            #expect(expression("(int)(x)") == "(cast int (paren x))")
            #expect(expression("(string) o") == "(cast string o)")
            #expect(expression("(void) o") == "(cast void o)")
            #expect(expression("(.internal.object) o") == "(cast .internal.object o)")
            #expect(expression("(internal.int) o") == "(cast internal.int o)")
            #expect(expression("(.internal.\"class\") o") == "(cast .internal.class o)")
            #expect(expression("(a.b) -1") == "(cast a.b -1)")
            #expect(expression("(foo) x") == "(cast foo x)")
            #expect(expression("(foo) !x && y") == "(cast foo (! (&& x y)))")
            #expect(expression("(foo) new x()") == "(cast foo (new x))")
            #expect(expression("(int) obj.12() + 1") == "(cast int (+ (call obj #12) 1))")
            #expect(expression("x = (int) y") == "(= x (cast int y))")
            #expect(expression("f((int) y, (long) z)") == "(call _ f (cast int y) (cast long z))")
        }

        @Test func parenthesesThatAreNotCasts() {
            #expect(expression("(foo) - 1") == "(- (paren foo) 1)")
            #expect(expression("(x)") == "(paren x)")
            #expect(expression("(int)") == "(paren int)")
            #expect(expression("(int) + 1") == "(+ (paren int) 1)")
            #expect(expression("(\"a\")") == "(paren \"a\")")
            #expect(expression("(a[i] + 1) * 2") == "(* (paren (+ (index a i) 1)) 2)")
            #expect(statement("x = (a[i] + 1) * 2;") == "(= x (* (paren (+ (index a i) 1)) 2))")
            #expect(bodyErrors("x = (foo)(y);") == [
                "only a method name can be called, found '(' (not the result of a call or a parenthesis)"
            ])
        }

        @Test func castsOnlyStartAnExpression() {
            #expect(bodyErrors("x = a + (int) b;") == ["expected ';' after the expression, found identifier 'b'"])
            #expect(expression("a + ((int) b)") == "(+ a (paren (cast int b)))")
        }

        @Test func negativeLiterals() {
            #expect(expression("x - -1") == "(- x -1)")
            #expect(expression("x = -3") == "(= x -3)")
            #expect(expression("-0x80000000") == "-2147483648")
            #expect(expression("-4294967297") == "-1")
            #expect(bodyErrors("return -x;") == [
                "expected an integer literal after '-', found identifier 'x' (only literals can be negated; write '0 - x')"
            ])
            #expect(bodyErrors("return - (1);").count == 1)
        }

        @Test func literalsTakeNoPostfix() {
            #expect(bodyErrors("x = \"a\".concat(\"b\");") == [
                "expected an operator, found '.' (a literal cannot take a call or subscript; put it in parentheses)"
            ])
            #expect(expression("(\"a\").concat(\"b\")") == "(call (paren \"a\") concat \"b\")")
            #expect(expression("(new X()).m()") == "(call (paren (new X)) m)")
            #expect(expression("(5).toString()") == "(call (paren 5) toString)")
            #expect(bodyErrors("x = new X().m();") == [
                "expected an operator, found '.' ('new' cannot take a call or subscript; put it in parentheses)"
            ])
            #expect(bodyErrors("x = 5.toString();").count == 1)
            #expect(bodyErrors("x = \"ab\"[0];").count == 1)
            #expect(bodyErrors("x = import \"f\".length();").count == 1)
        }

        @Test func calls() {
            #expect(expression("f()") == "(call _ f)")
            #expect(expression("f(1, \"s\", g(x))") == "(call _ f 1 \"s\" (call _ g x))")
            #expect(expression("o.m(1).n()") == "(call (call o m 1) n)")
            #expect(expression("o.16(x)") == "(call o #16 x)")
            #expect(expression("o.*(n)(1, 2)") == "(call o *n 1 2)")
            #expect(expression("this.f()") == "(call this f)")
            #expect(expression("null.toString()") == "(call null toString)")
            #expect(expression("a[0][1]") == "(index (index a 0) 1)")
            #expect(expression("f(x)[0].g()") == "(call (index (call _ f x) 0) g)")
        }

        @Test func badCalls() {
            #expect(bodyErrors("f(1)(2);") == [
                "only a method name can be called, found '(' (not the result of a call or a parenthesis)"
            ])
            #expect(bodyErrors("x = o.f;") == [
                "expected '(' after method name 'f', found ';' (there is no field access syntax)"
            ])
            #expect(bodyErrors("f(1 2);") == ["expected ',' or ')' in the arguments, found integer literal"])
            #expect(bodyErrors("f(,1);") == ["expected an expression, found ','"])
            #expect(bodyErrors("f(1,);") == ["expected an expression, found ')'"])
            #expect(bodyErrors("this(1);").count == 1)
            #expect(bodyErrors("o.;").count == 1)
        }

        @Test func new() {
            #expect(expression("new X()") == "(new X)")
            #expect(expression("new .a.b(1, 2)") == "(new .a.b 1 2)")
            #expect(expression("new int[]()") == "(new int[])")
            #expect(expression("new void[]()") == "(new void[])")
            #expect(expression("new X[Y]()") == "(new X[?])")
            #expect(expression("new *(cls)(f())") == "(new* cls (call _ f))")
            #expect(expression("new *(c) : .ru.dz.loader ()") == "(new* c : .ru.dz.loader)")
            #expect(bodyErrors("x = new X;") == ["expected '(' after the class name in 'new', found ';'"])
        }

        @Test func literals() {
            #expect(expression("import \"README\"") == "(import \"README\")")
            #expect(expression("null") == "null")
            #expect(expression("this") == "this")
            #expect(expression("0xFF000000") == "-16777216")
            #expect(bodyErrors("x = import y;") == ["expected a file name string after 'import', found identifier 'y'"])
            #expect(bodyErrors("x = 0XFF;") == ["expected ';' after the expression, found identifier 'XFF'"])
        }

        @Test func caretHasNoRule() {
            #expect(bodyErrors("x = a ^ b;") == ["expected ';' after the expression, found '^'"])
        }

        @Test func expressionPlaces() {
            let (unit, _) = parse("class a { void f() {\n  x = o.m(a + b);\n} };")
            guard case .classDecl(let declaration) = unit.items[0], case .method(let method) = declaration.members[0],
                case .expression(let assignment)? = method.body?.statements.first?.kind,
                case .assign(let target, let call) = assignment.kind,
                case .call(_, _, let arguments) = call.kind
            else {
                Issue.record("unexpected tree")
                return
            }
            #expect(assignment.location == .init(line: 2, column: 3))
            #expect(target.location == .init(line: 2, column: 3))
            #expect(call.location == .init(line: 2, column: 7))
            #expect(arguments.first?.location == .init(line: 2, column: 13))
        }
    }
}

// MARK: - Errors and recovery

extension ParserTests {
    /// Messages, recovery after errors, and the nesting limit.
    @Suite struct Recovery {
        @Test func severalErrorsInOneFile() {
            let text = """
                package .a;
                class c {
                    void f() {
                        x = ;
                        y = 1;
                        int z;
                        if (a b) { c(); }
                        w = 2
                    }
                    int g(var x) { return x +; }
                    var ok : int;
                    void h() {};
                };
                class d { }
                class e { void f() { -x; } };
                """
            let (unit, messages) = parse(text)
            #expect(
                messages == [
                    "4:13: expected an expression, found ';'",
                    "6:9: expected a statement, found a C-style declaration (write 'var z : int;')",
                    "7:15: expected ')' after the 'if' condition, found identifier 'b'",
                    "9:5: expected ';' after the expression, found '}'",
                    "10:30: expected an expression, found ';'",
                    "12:16: expected a member declaration, found ';' (no ';' after a method body or inside a class)",
                    "15:1: expected ';' after the class body (every top-level item ends in ';'), found 'class'",
                    "15:23: expected an integer literal after '-', found identifier 'x' (only literals can be negated; write '0 - x')",
                ])
            let members = classes(text).map { $0.members.count }
            #expect(members == [4, 0, 1])
            #expect(unit.items.count == 4)
        }

        @Test func recoveredStatementsAreKept() {
            let (shown, errors) = statements("a = ;\nb = 1;\nif (x y) { c(); }\nd();")
            #expect(errors.count == 2)
            #expect(shown == ["(= b 1)", "(call _ d)"])
        }

        @Test func oneErrorPerToken() {
            #expect(errors("class").count == 1)
            #expect(errors("class a {").count == 1)
            #expect(errors("class a { void f() {").count == 1)
            #expect(errors("class a { void f() { x = (1 + ").count == 1)
        }

        @Test func lexicalErrorsDoNotCascade() {
            #expect(errors("class a { void f() { x = a->b; y = 1 ? 2 : 3; } };") == [
                "1:27: lexical error: '->' is not a token (only '->!' is)", "1:38: lexical error: unexpected character '?'",
            ])
            #expect(errors("class a { void f() { x = \"abc; } };") == ["1:26: lexical error: unterminated string literal"])
            #expect(errors("class a { void f() { /* x = 1; } };") == ["1:22: lexical error: unterminated comment ('/*' without '*/')"])
        }

        @Test func diagnosticsComeInSourceOrder() {
            let messages = errors("class a { void f() { x = 1 + ; y = 09; } };")
            #expect(messages.count == 2)
            #expect(messages[0].hasPrefix("1:30:"))
            #expect(messages[1].hasPrefix("1:36:"))
        }

        @Test func nestingIsLimited() {
            let depth = 10_000
            let cases = [
                "x = " + String(repeating: "(", count: depth) + "1",
                String(repeating: "{", count: depth),
                "x = " + String(repeating: "!", count: depth) + "1;",
                String(repeating: "a=", count: depth) + "1;",
                String(repeating: "if(x)", count: depth) + "y;",
                "x = " + String(repeating: "((int)", count: depth) + "1;",
                "x = " + String(repeating: "f(", count: depth) + "1;",
                "x = " + String(repeating: "a[", count: depth) + "1;",
                "x = " + String(repeating: "new *(", count: depth) + "1;",
                "x = 1" + String(repeating: "+1", count: depth) + ";",
                "x = a" + String(repeating: ".f()", count: depth) + ";",
                "x = a" + String(repeating: "~", count: depth) + ";",
                "x = a" + String(repeating: "[0]", count: depth) + ";",
                "do " + String(repeating: "do ", count: depth) + "x();",
            ]
            for body in cases {
                let messages = bodyErrors(body)
                #expect(messages.contains("nesting too deep (more than 256 levels)"), "\(body.prefix(12))")
            }
        }

        @Test func deepButAllowedNestingParses() {
            let depth = 200
            let body = "x = " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + ";"
            #expect(bodyErrors(body).isEmpty)
            #expect(bodyErrors("x = 1" + String(repeating: "+1", count: 200) + ";").isEmpty)
        }
    }
}

// MARK: - Fuzzing

extension ParserTests {
    /// Random and mutated input: the parser ends, never traps, never fails silently.
    @Suite struct Fuzz {
        /// Parses `bytes` and checks the invariants: the nesting count is back to zero, every
        /// recovery left a diagnostic, and every diagnostic has a place in the file.
        private func check(_ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            let file = SourceFile(path: "fuzz.ph", bytes: bytes)
            var state = ParserState(file: file)
            _ = state.parseUnit()
            let all = state.lexicalDiagnostics.all + state.syntaxDiagnostics.all
            #expect(state.depth == 0, sourceLocation: sourceLocation)
            if state.recoveries > 0 {
                #expect(!all.isEmpty, "silent failure on \(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
            }
            let lines = bytes.filter { $0 == 0x0A }.count + 1
            for diagnostic in all {
                #expect(diagnostic.location.line >= 1 && diagnostic.location.line <= lines, sourceLocation: sourceLocation)
                #expect(diagnostic.location.column >= 1, sourceLocation: sourceLocation)
            }
        }

        @Test func randomBytes() {
            var random = SplitMix64(state: 1)
            let alphabet = Array("{}()[];,.:@+-*/%|&~^!=<>\"\\ \n\tax0719_$".utf8) + [0x80, 0xFF, 0x00, 0x0D, 0x3F]
            for _ in 0..<2000 {
                let count = Int.random(in: 0..<120, using: &random)
                let fromAlphabet = Bool.random(using: &random)
                let bytes = (0..<count).map { _ in
                    fromAlphabet ? alphabet.randomElement(using: &random) ?? 0 : UInt8.random(in: 0...255, using: &random)
                }
                check(bytes)
            }
        }

        @Test func randomTokens() {
            var random = SplitMix64(state: 2)
            let words = [
                "class", "a", "{", "}", "(", ")", ";", "var", "x", ":", "int", "void", "f", "if", "else", "while", "do",
                "switch", "case", "default", "return", "new", "*", "=", ".", "1", "\"s\"", "!", "&&", "+", "~", "[", "]",
                ",", "import", "package", ".a", "@", "attribute", "try", "catch", "-", "this", "null", "interface",
            ]
            for _ in 0..<2000 {
                let count = Int.random(in: 0..<60, using: &random)
                let text = (0..<count).map { _ in words.randomElement(using: &random) ?? "" }.joined(separator: " ")
                check(Array(text.utf8))
            }
        }

        @Test func mutatedProgram() {
            var random = SplitMix64(state: 3)
            let original = Array(sampleProgram.utf8)
            let insertions = Array("{}();.,=\"/*x-!~[]:@".utf8)
            for _ in 0..<2000 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    guard !bytes.isEmpty else { break }
                    let at = Int.random(in: 0..<bytes.count, using: &random)
                    switch Int.random(in: 0..<4, using: &random) {
                    case 0: bytes.remove(at: at)
                    case 1: bytes.insert(insertions.randomElement(using: &random) ?? 0, at: at)
                    case 2: bytes[at] = UInt8.random(in: 0...255, using: &random)
                    default:
                        let end = min(bytes.count, at + Int.random(in: 1...40, using: &random))
                        bytes.removeSubrange(at..<end)
                    }
                }
                check(bytes)
            }
        }
    }
}

// LexerTests.swift — tests of the lexer (Lexer.swift) against LANGUAGE.md §1 and the
// lexical corner cases of §12 (1–4): literals, escapes, comments, reserved words,
// punctuators, and errors with their places.

import Testing

@testable import PhantomCompiler

/// The token kinds of `text` (without the final end of file) and its diagnostics as
/// "line:column: message".
private func lex(_ text: String) -> (kinds: [Token.Kind], errors: [String]) {
    var diagnostics = DiagnosticList()
    let tokens = Lexer.tokenize(SourceFile(path: "t.ph", text: text), diagnostics: &diagnostics)
    let errors = diagnostics.all.map { "\($0.location.line):\($0.location.column): \($0.message)" }
    return (tokens.dropLast().map(\.kind), errors)
}

/// The single integer literal `text` lexes to, or nil.
private func integer(_ text: String) -> Int32? {
    let (kinds, errors) = lex(text)
    guard errors.isEmpty, kinds.count == 1, case .integer(let value) = kinds[0] else { return nil }
    return value
}

/// The bytes of the single string literal `text` lexes to, or nil.
private func stringBytes(_ text: String) -> [UInt8]? {
    let (kinds, errors) = lex(text)
    guard errors.isEmpty, kinds.count == 1, case .string(let bytes) = kinds[0] else { return nil }
    return bytes
}

/// The lexer, rule by rule.
@Suite struct LexerTests {
    // MARK: - Integer literals (§12.1)

    @Test func integersAreTruncatedTo32Bits() {
        #expect(integer("0xFF000000") == -16_777_216)
        #expect(integer("4294967297") == 1)
        #expect(integer("2147483648") == Int32.min)
        #expect(integer("0xFFFFFFFFFFFFFFFF") == -1)
        #expect(integer("18446744073709551615") == -1)
        #expect(integer("0x7fffffff") == Int32.max)
        #expect(integer("0") == 0)
        #expect(integer("123") == 123)
    }

    @Test func leadingZeroMeansOctal() {
        #expect(integer("010") == 8)
        #expect(integer("0777") == 511)
        #expect(integer("00") == 0)
    }

    @Test func octalWithEightOrNineIsAnError() {
        let (kinds, errors) = lex("x = 09;")
        #expect(errors == ["1:5: lexical error: invalid digit '9' in octal literal '09' (a leading 0 means octal)"])
        // Still an integer token, so the expression around it parses on.
        #expect(kinds[2] == .integer(0))
        #expect(lex("0128").errors.count == 1)
    }

    @Test func hexNeedsLowercaseX() {
        #expect(lex("0XFF").kinds == [.integer(0), .identifier("XFF")])
        #expect(lex("0x").kinds == [.integer(0), .identifier("x")])
        #expect(lex("0xg").kinds == [.integer(0), .identifier("xg")])
        #expect(lex("0x1F").kinds == [.integer(31)])
    }

    @Test func moreThan64BitsIsAnErrorNotATrap() {
        let (kinds, errors) = lex("18446744073709551616 0x10000000000000000 07777777777777777777777")
        #expect(kinds == [.integer(0), .integer(0), .integer(0)])
        #expect(errors.count == 3)
        #expect(errors[0] == "1:1: lexical error: integer literal '18446744073709551616' does not fit in 64 bits")
        #expect(lex(String(repeating: "9", count: 5000)).errors.count == 1)
    }

    @Test func digitsThenLettersAreTwoTokens() {
        #expect(lex("12ab").kinds == [.integer(12), .identifier("ab")])
    }

    // MARK: - Strings (§12.2, §12.3)

    @Test func escapes() {
        #expect(stringBytes(#""\b""#) == [7])
        #expect(stringBytes(#""\"\n\r\t""#) == [0x22, 0x0A, 0x0D, 0x09])
        #expect(stringBytes(#""""#) == [])
        #expect(stringBytes(#""a'b?#""#) == Array("a'b?#".utf8))
    }

    @Test func backslashAndUnknownEscapesAreErrors() {
        let (kinds, errors) = lex(#"x = "a\\b" + "\q";"#)
        #expect(
            errors == [
                #"1:7: lexical error: invalid escape '\\' in string (only \" \n \r \t \b exist; a backslash cannot be written)"#,
                #"1:15: lexical error: invalid escape '\q' in string (only \" \n \r \t \b exist; a backslash cannot be written)"#,
            ])
        // Both strings survive, without the bad escape.
        #expect(kinds[2] == .string(Array("ab".utf8)))
        #expect(kinds[4] == .string([]))
    }

    @Test func stringsSpanLinesAndKeepTheLineEnd() {
        #expect(stringBytes("\"a\nb\"") == Array("a\nb".utf8))
        #expect(stringBytes("\"a\r\nb\"") == Array("a\r\nb".utf8))
        let (kinds, _) = lex("\"one\ntwo\" x")
        #expect(kinds[1] == .identifier("x"))
    }

    @Test func commentsAreNotRecognisedInsideStrings() {
        #expect(stringBytes(#""http://x""#) == Array("http://x".utf8))
        #expect(stringBytes(#""/*""#) == Array("/*".utf8))
        #expect(stringBytes(#""*/""#) == Array("*/".utf8))
    }

    @Test func unterminatedStringIsReportedAtItsStart() {
        let (kinds, errors) = lex("x = \"abc;\n y = 1;")
        #expect(errors == ["1:5: lexical error: unterminated string literal"])
        #expect(kinds == [.identifier("x"), .punctuator(.equal), .invalid])
        #expect(lex("\"abc\\").errors == ["1:1: lexical error: unterminated string literal"])
        #expect(lex("\"abc\\\"").errors == ["1:1: lexical error: unterminated string literal"])
    }

    // MARK: - Comments and whitespace (§12.3)

    @Test func comments() {
        #expect(lex("a /**/ b").kinds == [.identifier("a"), .identifier("b")])
        #expect(lex("a // b \"c\n d").kinds == [.identifier("a"), .identifier("d")])
        #expect(lex("a /* b \n c */ d").kinds == [.identifier("a"), .identifier("d")])
        #expect(lex("a /*/ b */ c").kinds == [.identifier("a"), .identifier("c")])
        #expect(lex("a /***/ c").kinds == [.identifier("a"), .identifier("c")])
        // Comments do not nest: the first */ ends it.
        #expect(lex("/* /* */ */").kinds == [.punctuator(.star), .punctuator(.slash)])
        #expect(lex("a//").kinds == [.identifier("a")])
    }

    @Test func unterminatedCommentIsReportedAtItsStart() {
        let (kinds, errors) = lex("a\n  /* b */ c /* d\n e")
        #expect(errors == ["2:13: lexical error: unterminated comment ('/*' without '*/')"])
        #expect(kinds == [.identifier("a"), .identifier("c"), .invalid])
    }

    @Test func whitespaceIncludesCRAndFormFeed() {
        #expect(lex("a\r\nb\tc\u{0B}d\u{0C}e").kinds.count == 5)
    }

    // MARK: - Words (§12.4)

    @Test func reservedWordsAreKeywords() {
        for keyword in Keyword.allCases {
            #expect(lex(keyword.rawValue).kinds == [.keyword(keyword)])
        }
        #expect(lex("in public var").kinds == [.keyword(.in), .keyword(.public), .keyword(.var)])
    }

    @Test func typeNamesAreIdentifiers() {
        for name in ["int", "long", "float", "double", "string", "_x", "$y", "a1$_", "Var", "classes"] {
            #expect(lex(name).kinds == [.identifier(name)])
        }
    }

    // MARK: - Punctuators

    @Test func everyPunctuatorLexesAlone() {
        for punctuator in Punctuator.allCases {
            #expect(lex(punctuator.rawValue).kinds == [.punctuator(punctuator)], "\(punctuator.rawValue)")
        }
    }

    @Test func longestMatch() {
        #expect(lex(":==").kinds == [.punctuator(.colonEqualEqual)])
        #expect(lex(":!==").kinds == [.punctuator(.colonBangEqual), .punctuator(.equal)])
        #expect(lex("a.=b").kinds == [.identifier("a"), .punctuator(.dotEqual), .identifier("b")])
        #expect(lex("<<").kinds == [.punctuator(.less), .punctuator(.less)])
        #expect(lex("<=>=").kinds == [.punctuator(.lessEqual), .punctuator(.greaterEqual)])
        #expect(lex("!!=").kinds == [.punctuator(.bang), .punctuator(.bangEqual)])
        #expect(lex("|||").kinds == [.punctuator(.pipePipe), .punctuator(.pipe)])
        #expect(lex("x--1").kinds == [.identifier("x"), .punctuator(.minus), .punctuator(.minus), .integer(1)])
        #expect(lex("!->!").kinds == [.punctuator(.bangArrow), .punctuator(.bang)])
    }

    @Test func prefixesOfLongerPunctuatorsAreErrors() {
        let (kinds, errors) = lex("a->b; !-x; c :! d; e := f;")
        #expect(
            errors == [
                "1:2: lexical error: '->' is not a token (only '->!' is)",
                "1:7: lexical error: '!-' is not a token (only '!->' is)",
                "1:14: lexical error: ':!' is not a token (only ':!=' is)",
                "1:22: lexical error: ':=' is not a token (only ':==' is)",
            ])
        #expect(kinds.filter { $0 == .invalid }.count == 4)
        #expect(kinds[2] == .identifier("b"))
    }

    @Test func caretIsLexed() {
        #expect(lex("a ^ b").kinds == [.identifier("a"), .punctuator(.caret), .identifier("b")])
        #expect(lex("a ^ b").errors.isEmpty)
    }

    @Test func strayCharactersAreErrorsAndLexingGoesOn() {
        let (kinds, errors) = lex("a ? b 'c' #d `\\")
        #expect(
            errors == [
                "1:3: lexical error: unexpected character '?'", "1:7: lexical error: unexpected character '''", "1:9: lexical error: unexpected character '''",
                "1:11: lexical error: unexpected character '#'", "1:14: lexical error: unexpected character '`'",
            ])
        #expect(kinds.filter { $0 != .invalid } == [.identifier("a"), .identifier("b"), .identifier("c"), .identifier("d")])
    }

    @Test func nonASCIIIsOneErrorPerRun() {
        let (kinds, errors) = lex("x é\u{1}y \"é\" // é")
        #expect(errors == ["1:3: lexical error: unexpected character byte 0xC3 (only ASCII is allowed outside strings and comments)"])
        #expect(kinds == [.identifier("x"), .invalid, .identifier("y"), .string(Array("é".utf8))])
        #expect(lex("\u{0}").errors == ["1:1: lexical error: unexpected character byte 0x0"])
    }

    // MARK: - Places

    @Test func locationsAreLinesAndByteColumns() {
        var diagnostics = DiagnosticList()
        let tokens = Lexer.tokenize(
            SourceFile(path: "t.ph", text: "class\r\n\tA {\n  \"x\ny\" z\n"), diagnostics: &diagnostics)
        #expect(
            tokens.map { [$0.location.line, $0.location.column] } == [[1, 1], [2, 2], [2, 4], [3, 3], [4, 4], [5, 1]])
        #expect(tokens.last?.kind == .endOfFile)
    }

    @Test func emptyInputIsJustEndOfFile() {
        var diagnostics = DiagnosticList()
        let tokens = Lexer.tokenize(SourceFile(path: "t.ph", text: ""), diagnostics: &diagnostics)
        #expect(tokens == [Token(.endOfFile, at: .init(line: 1, column: 1))])
    }
}

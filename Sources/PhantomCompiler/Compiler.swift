// Compiler.swift — the Phantom language front end (PhantomCompiler).
//
// Lexer, parser, name resolution and code generation to `.pc` class files come with
// the compiler issue (#4); until then the target only fixes its place in the layers.

import PhantomCore

/// The Phantom language compiler (`.ph` → `.pc`), built in issue #4.
public enum PhantomCompiler {
    /// The class-file generation our compiler will write (CLASSFILE.md §8).
    public static let classFileGeneration: Character = "D"
}

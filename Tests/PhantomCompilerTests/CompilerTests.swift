// The compiler's tests (fixtures, fuzzing) arrive with the compiler itself, issue #4.
import Testing
import PhantomCompiler

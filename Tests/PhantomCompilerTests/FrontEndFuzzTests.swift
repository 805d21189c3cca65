// FrontEndFuzzTests.swift — the compiler against random and mutated sources, per commit.
//
// The generators and the check live in Sources/PhantomCompiler/SourceFuzzer.swift,
// shared with the long campaign (`phantom-fuzz compiler`, Fuzz/CompilerCampaign.swift).
// Here: 10^5 cases from a fixed seed, so a failure replays. A quarter are token soup, half
// mutations of the fixtures (and SourceFuzzer's built-in program), a quarter generated
// programs. Every case must end in one of two ways: errors, each a diagnostic with a
// real place; or class files that survive a serialize/parse round trip and whose every
// method passes the bytecode verifier (the VM's own acceptance test). No input may crash.

import Foundation
import PhantomCompiler
import PhantomCore
import Testing

/// The per-commit loop of `SourceFuzzer`: four seeded shards, run in parallel.
@Suite struct FrontEndFuzzTests {
    /// The fixtures' sources and SourceFuzzer's own program, for mutation.
    static let seeds: [[UInt8]] = SourceFuzzer.seeds(
        adding: Fixture.all().compactMap { fixture in (try? Data(contentsOf: fixture.url)).map { Array($0) } })

    /// 4 shards × 25,000 cases = 10⁵, in parallel.
    @Test(arguments: 0..<4)
    func fuzz(shard: Int) {
        var rng = SeededRandom(seed: 0xF0_2026 &+ UInt64(shard))
        var failures: [String] = []
        var accepted = 0
        for index in 0..<25_000 {
            let bytes = SourceFuzzer.input(SourceFuzzer.kind(ofCase: index), &rng, seeds: Self.seeds)
            switch SourceFuzzer.check(bytes) {
            case .violation(let problem):
                if failures.count < 5 {
                    failures.append("case \(index): \(problem)\n\(String(decoding: bytes, as: UTF8.self))")
                }
            case .accepted: accepted += 1
            case .rejected: break
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n---\n"))")
        // The generated quarter should mostly compile, or the generator tests nothing.
        #expect(accepted > 2_000, "only \(accepted) accepted")
    }
}

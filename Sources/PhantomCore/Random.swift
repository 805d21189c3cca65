// Random.swift — a deterministic random number generator (PhantomCore).
//
// Crash tests (CrashBlockDevice.swift) and fuzzers must replay exactly from a seed, and
// the system generator is neither reproducible nor available under Embedded Swift on
// bare metal. The state is xoshiro256** (Blackman and Vigna): four words, a few shifts,
// rotations and one multiply per number, good statistical quality and a period of
// 2^256 - 1. Its state is filled from the 64-bit seed by SplitMix64, as its authors
// recommend, so that nearby seeds (0, 1, 2 …) give unrelated streams and the state is
// never all zeros. Not for anything that must be unpredictable.

/// A random number generator that produces the same stream for the same seed, on every
/// host and in Embedded Swift. Use it wherever a test or simulation must be replayable.
public struct SeededRandom: RandomNumberGenerator {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator whose whole stream is determined by `seed`.
    public init(seed: UInt64) {
        var mixer = seed
        s0 = SeededRandom.splitMix(&mixer)
        s1 = SeededRandom.splitMix(&mixer)
        s2 = SeededRandom.splitMix(&mixer)
        s3 = SeededRandom.splitMix(&mixer)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = (s1 &* 5).rotatedLeft(7) &* 9
        let t = s1 &<< 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3.rotatedLeft(45)
        return result
    }

    /// A number in `0..<bound` (bound > 0), without modulo bias: a shorthand for the
    /// many small choices of a simulation.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "SeededRandom.below needs a positive bound")
        return Int(truncatingIfNeeded: next(upperBound: UInt64(bound)))
    }

    /// True with probability `percent` / 100.
    public mutating func chance(percent: Int) -> Bool {
        below(100) < percent
    }

    /// One step of SplitMix64: advances `state` by the golden-ratio increment and
    /// returns a well-mixed function of it.
    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }
}

extension UInt64 {
    /// Rotate left by `count` (0 < count < 64).
    @inline(__always) fileprivate func rotatedLeft(_ count: UInt64) -> UInt64 {
        (self &<< count) | (self &>> (64 &- count))
    }
}

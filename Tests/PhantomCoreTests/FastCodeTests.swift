// FastCodeTests.swift — the pre-decoded entries (FastCode.swift): the fused shapes are
// built where their sequences are, and code run through them gives exactly what the
// bytecode says, also when the slice budget runs out at every other backward jump and
// when a jump lands in the middle of a fused sequence.

import Testing
import PhantomTestSupport
@testable import PhantomCore

@Suite struct FastCodeTests {
    /// sum (a long) += i for i in 0 ..< n; then the loop head is jumped into the middle of.
    static let source = """
        .class .test.fast
        .method run ordinal 8 args 1
            arg_count 1
            stack_reserve obj=0 int=5
            iconst_32bit 30000
            is_set32 0              ; n
            iconst_0
            is_set32 1              ; i
            prefix_long
            iconst_0
            prefix_long
            is_set32 2              ; sum: cells 2 and 3
        head:
            is_get32 1
        middle:
            is_get32 0
            ilt
            jz done
            prefix_long
            is_get32 2
            is_get32 1
            prefix_long
            fromi
            prefix_long
            isum
            prefix_long
            is_set32 2
            is_get32 1
            iconst_1
            isum
            is_set32 1
            jmp head
        done:
            is_get32 4              ; 0 the first time
            jz again
            prefix_long
            is_get32 2
            prefix_long
            i2o
            ret
        again:
            iconst_1
            is_set32 4
            iconst_0
            is_set32 1
            is_get32 1              ; i = 0 on the int stack, then into the middle
            jmp middle
        .end
        """

    @Test func fusedShapesAreBuilt() throws {
        let file = try Assembler.assembleClass(Self.source)
        let method = try #require(file.methods.first { $0.ordinal == 8 })
        let table = method.code.withUnsafeBufferPointer { FastCodeCache.build($0) }
        defer { table.deallocate() }
        let ops = (0..<method.code.count).map { table[$0].op }
        #expect(ops.contains(.jltLL))   // is_get32 i; is_get32 n; ilt; jz
        #expect(ops.contains(.laddInt)) // sum += i
        #expect(ops.contains(.linc))    // i += 1
        #expect(ops.filter { $0 == .jltLL }.count >= 2)  // the back edge is a copy of the head
        #expect(ops.contains(.wconst) && ops.contains(.wset) && ops.contains(.lsetConst))
    }

    @Test(arguments: [1_000_000, 3, 1])
    func loopsGiveTheBytecodesResult(budget: Int) throws {
        let world = try TestWorld(Self.source)
        world.vm.sliceBudget = budget
        // Two threads, so that yields interleave them.
        let first = try world.start(".test.fast")
        let second = try world.start(".test.fast")
        world.vm.run(maxSlices: 10_000_000)
        // The loop runs twice (the second time entered in the middle of the fused head).
        let expected = 2 * Int64(30000) * 29999 / 2
        for thread in [first, second] {
            #expect(world.vm.threadEnded(thread))
            let result = world.vm.threadResult(thread)
            #expect(world.vm.unboxNumber(result)?.long == expected)
            world.vm.heap.release(thread)
        }
        world.verify()
    }
}

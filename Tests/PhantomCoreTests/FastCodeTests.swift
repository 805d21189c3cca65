// FastCodeTests.swift — the pre-decoded entries (FastCode.swift): the fused shapes are
// built where their sequences are, and code run through them gives exactly what the
// bytecode says, also when the slice budget runs out at every other backward jump and
// when a jump lands in the middle of a fused sequence.

import Testing
import PhantomTestSupport
@testable import PhantomCore

@Suite struct FastCodeTests {
    /// The fast entry of every bytecode offset of method `ordinal` of the class in `source`.
    static func fastOps(_ source: String, method ordinal: Int = 8) throws -> [FastOp] {
        let file = try Assembler.assembleClass(source)
        let method = try #require(file.methods.first { $0.ordinal == ordinal })
        let table = method.code.withUnsafeBufferPointer { FastCodeCache.build($0) }
        defer { table.deallocate() }
        return (0..<method.code.count).map { table[$0].op }
    }

    /// Runs `name`.8 to its end; its result as a double (nil if it is not a number).
    static func runDouble(_ world: TestWorld, _ name: String) throws -> Double? {
        let result = try world.run(name)
        defer { world.vm.heap.release(result) }
        return world.vm.unboxNumber(result)?.double
    }

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
        let ops = try Self.fastOps(Self.source)
        #expect(ops.contains(.jltLL))   // is_get32 i; is_get32 n; ilt; jz
        #expect(ops.contains(.laddInt)) // sum += i
        #expect(ops.filter { $0 == .jltLL }.count >= 2)  // the back edge is a copy of the head
        #expect(ops.contains(.wconst) && ops.contains(.wset) && ops.contains(.lsetConst))
        #expect(ops.contains(.incJltLL))  // i += 1 with the jump back to the head: one entry
        #expect(!ops.contains(.linc))
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

    /// A double field updated by `field = field + 1` while a local still holds its old
    /// box, then again once nothing else does; the local and the field must keep their
    /// own values (the in-place update is only for a box no one else sees).
    static let boxes = """
        .class .test.boxes
        .field value
        .method run ordinal 8 args 1
            arg_count 1
            stack_reserve obj=1 int=0
            iconst_8bit 3
            prefix_double
            fromi
            prefix_double
            i2o
            os_save8 0              ; value = 3.0 (a new box)
            os_load8 0
            os_set32 0              ; kept = value: the box is shared
            os_load8 0
            prefix_double
            o2i
            iconst_1
            prefix_double
            fromi
            prefix_double
            isum
            prefix_double
            i2o
            os_save8 0              ; value = value + 1.0: 4.0, kept stays 3.0
            os_load8 0
            prefix_double
            o2i
            iconst_1
            prefix_double
            fromi
            prefix_double
            isum
            prefix_double
            i2o
            os_save8 0              ; value = value + 1.0: 5.0, in place
            os_get32 0
            prefix_double
            o2i
            iconst_8bit 100
            prefix_double
            fromi
            prefix_double
            imul
            os_load8 0
            prefix_double
            o2i
            prefix_double
            isum                    ; kept * 100 + value
            prefix_double
            i2o
            summon_by_name ".test.boxes"
            os_drop                 ; (twice, the second time from the fast entry)
            ret
        .end
        """

    @Test func boxedFieldsKeepTheirValues() throws {
        let ops = try Self.fastOps(Self.boxes)
        #expect(ops.contains(.boxToField) && ops.contains(.unboxField) && ops.contains(.unboxLocal))
        #expect(ops.contains(.box))

        let world = try TestWorld(Self.boxes)
        for _ in 0..<2 {
            #expect(try Self.runDouble(world, ".test.boxes") == 305)
        }
        world.verify()
    }

    /// Int and double expressions in the operand-fused shapes: (7 - 2) * 7 = 35, then
    /// (3.0 / 4.0 - 3.0) * 10 + 35 = 12.5 (every step exact in binary).
    static let operands = """
        .class .test.operands
        .method run ordinal 8 args 1
            arg_count 1
            stack_reserve obj=0 int=6
            iconst_8bit 7
            is_set32 0
            iconst_8bit 3
            prefix_double
            fromi
            prefix_double
            is_set32 1              ; cells 1-2: 3.0
            iconst_8bit 4
            prefix_double
            fromi
            prefix_double
            is_set32 3              ; cells 3-4: 4.0
            is_get32 0
            iconst_8bit 2
            isublu                  ; iopK: 7 - 2
            is_get32 0
            imul                    ; iopL: 5 * 7
            iconst_0
            isum                    ; an expr: (top + 0) into local 5
            is_set32 5
            prefix_double
            is_get32 1
            prefix_double
            is_get32 3
            prefix_double
            idivlu                  ; dopLL: 3.0 / 4.0
            prefix_double
            is_get32 1
            prefix_double
            isublu                  ; dopL: 0.75 - 3.0
            iconst_8bit 10
            prefix_double
            fromi
            prefix_double
            imul                    ; dopK: -2.25 * 10
            is_get32 5
            prefix_double
            fromi
            prefix_double
            isum                    ; -22.5 + 35
            prefix_double
            i2o
            ret
        .end
        """

    @Test func operandFusedArithmetic() throws {
        let ops = Set(try Self.fastOps(Self.operands))
        #expect(ops.isSuperset(of: [.expr, .iopK, .iopL, .dopLL, .dopL, .dopK]))

        let world = try TestWorld(Self.operands)
        #expect(try Self.runDouble(world, ".test.operands") == 12.5)
        world.verify()
    }

    /// A method returning a double: once to a caller that unboxes it at once (no box is
    /// made), once to one that keeps the box in a local, once from the bottom frame.
    static let returns = """
        .class .test.returns
        .method run ordinal 8 args 1
            arg_count 1
            stack_reserve obj=1 int=0
            summon_this
            iconst_8bit 10
            prefix_double
            fromi
            prefix_double
            i2o
            call_10 n=1
            prefix_double
            o2i                     ; half(10.0) = 5.0, unboxed as it returns
            summon_this
            iconst_8bit 3
            prefix_double
            fromi
            prefix_double
            i2o
            call_10 n=1
            os_set32 0              ; half(3.0) = 1.5, kept as a box
            os_get32 0
            prefix_double
            o2i
            prefix_double
            isum
            iconst_8bit 2
            prefix_double
            fromi
            prefix_double
            isum                    ; 5.0 + 1.5 + 2.0
            prefix_double
            i2o
            ret
        .end
        .method half ordinal 16 args 1
            arg_count 1
            os_get32 0
            prefix_double
            o2i
            iconst_8bit 2
            prefix_double
            fromi
            prefix_double
            idivlu
            prefix_double
            i2o
            ret
        .end
        """

    @Test func doubleResultsReachTheirCallers() throws {
        #expect(try Self.fastOps(Self.returns, method: 16).contains(.boxRet))

        let world = try TestWorld(Self.returns)
        #expect(try Self.runDouble(world, ".test.returns") == 8.5)
        world.verify()
    }

    /// sqrt on a double: once fused (`prefix_double i2o; call_10 n=0; prefix_double o2i`
    /// is one entry, no box), once with the result kept in a local (the native runs),
    /// once jumped into at the call (the box is made by the entry before it).
    static let roots = """
        .class .test.roots
        .method run ordinal 8 args 1
            arg_count 1
            stack_reserve obj=1 int=2
            iconst_8bit 2
            prefix_double
            fromi
            prefix_double
            i2o
            call_10 n=0
            prefix_double
            o2i                     ; sqrt(2), fused
            prefix_double
            is_set32 0
            iconst_8bit 81
            prefix_double
            fromi
            prefix_double
            i2o
            call_10 n=0
            os_set32 0              ; sqrt(81) = 9, kept as a box
            iconst_8bit 16
            prefix_double
            fromi
            prefix_double
            i2o
            jmp into
            iconst_0
            iconst_0
        into:
            call_10 n=0             ; sqrt(16) = 4, the call alone
            prefix_double
            o2i
            os_get32 0
            prefix_double
            o2i
            prefix_double
            isum
            prefix_double
            is_get32 0
            prefix_double
            isum                    ; 4 + 9 + sqrt(2)
            prefix_double
            i2o
            ret
        .end
        """

    @Test func squareRootsOfDoubles() throws {
        let ops = try Self.fastOps(Self.roots)
        #expect(ops.filter { $0 == .dsqrt }.count == 1)

        let world = try TestWorld(Self.roots)
        #expect(try Self.runDouble(world, ".test.roots") == 4 + 9 + 2.0.squareRoot())
        world.verify()
    }

    /// Int expressions as the compiler writes them, over every operand source and sink
    /// of `FastOp.expr`; where an object cell or field holds no int, the bytecode runs
    /// instead (a long box converted by o2i, a string field replaced by an int).
    static let expressions = """
        .class .test.expr
        .field total
        .field other
        .method run ordinal 8 args 1
            arg_count 1
            stack_reserve obj=2 int=2
            iconst_0
            i2o
            os_save8 0              ; total = 0
            sconst_bin "text"
            os_save8 1              ; other = a string
            iconst_0
            is_set32 0              ; i = 0
            iconst_0
            is_set32 1              ; acc = 0
            iconst_8bit 5
            prefix_long
            fromi
            prefix_long
            i2o
            os_set32 2              ; cell 2: a long box (not an int)
        loop:
            is_get32 0
            os_get32 0
            o2i
            ilt
            jz done                 ; while i < n: local, cell, jz
            os_load8 0
            o2i
            is_get32 0
            isum
            i2o
            os_save8 0              ; total = total + i: field, local, field
            is_get32 0
            iconst_8bit 7
            iand
            i2o
            os_set32 1              ; cell 1 = i & 7: local, constant, cell
            is_get32 1
            os_get32 1
            o2i
            isum
            is_set32 1              ; acc = acc + cell 1: local, cell, local
            os_get32 0
            o2i
            iconst_8bit 50
            igt
            jz small                ; if n > 50: cell, constant, jz
            is_get32 1
            os_get32 2
            o2i
            isum
            is_set32 1              ; acc = acc + 5, through the bytecode
        small:
            is_get32 0
            iconst_1
            isum
            is_set32 0
            jmp loop
        done:
            is_get32 0
            iconst_1
            isum
            i2o
            os_save8 1              ; other = i + 1, over the string, through the bytecode
            os_load8 0
            o2i
            iconst_8bit 100
            imul                    ; field, constant, push
            is_get32 1
            isum
            os_load8 1
            o2i
            isum
            i2o                     ; top, field, cell
            ret                     ; total * 100 + acc + other
        .end
        """

    @Test(arguments: [1_000_000, 3, 1])
    func intExpressions(budget: Int) throws {
        let ops = try Self.fastOps(Self.expressions)
        #expect(ops.filter { $0 == .expr }.count >= 8)

        let world = try TestWorld(Self.expressions)
        world.vm.sliceBudget = budget
        for n in [100, 20] {
            let result = try world.run(".test.expr", argument: Ref(int: n))
            let acc = (0..<n).reduce(0) { $0 + ($1 & 7) } + (n > 50 ? 5 * n : 0)
            #expect(result == Ref(int: n * (n - 1) / 2 * 100 + acc + n + 1))
        }
        world.verify()
    }

    /// One call site whose receiver alternates between two classes: the site's cache
    /// holds one class at a time, and each call must still reach its own class's method.
    static let polymorphic = [
        """
        .class .test.poly
        .method run ordinal 8 args 1
            arg_count 1
            stack_reserve obj=2 int=2
            summon_by_name ".test.up"
            new
            os_set32 1
            summon_by_name ".test.down"
            new
            os_set32 2
            iconst_0
            is_set32 0              ; i
            iconst_0
            is_set32 1              ; sum
        loop:
            is_get32 0
            iconst_8bit 10
            ilt
            jz done
            is_get32 0
            iconst_1
            iand
            jz even
            os_get32 2
            jmp call
        even:
            os_get32 1
        call:
            is_get32 0
            i2o
            call_10 n=1             ; up.step(i) or down.step(i), one site
            o2i
            is_get32 1
            isum
            is_set32 1
            is_get32 0
            iconst_1
            isum
            is_set32 0
            jmp loop
        done:
            is_get32 1
            i2o
            ret
        .end
        """,
        """
        .class .test.up
        .method step ordinal 16 args 1
            arg_count 1
            os_get32 0
            o2i
            iconst_1
            isum
            i2o
            ret
        .end
        """,
        """
        .class .test.down
        .method step ordinal 16 args 1
            arg_count 1
            os_get32 0
            o2i
            iconst_1
            isublu
            i2o
            ret
        .end
        """,
    ]

    @Test func callSitesFollowTheirReceiversClass() throws {
        let world = try TestWorld(Self.polymorphic)
        let expected = (0..<10).reduce(0) { $0 + ($1 % 2 == 0 ? $1 + 1 : $1 - 1) }
        #expect(try world.run(".test.poly") == Ref(int: expected))
        #expect(try world.run(".test.poly") == Ref(int: expected))  // the sites are warm now
        world.verify()
    }

    /// One call site (describe's toString) whose receiver is an int (a native), an object
    /// whose class defines toString in bytecode, and one that inherits the root's native.
    static let mixed = [
        """
        .class .test.mixed
        .method run ordinal 8 args 1
            arg_count 1
            stack_reserve obj=2 int=0
            summon_by_name ".test.named"
            new
            os_set32 1
            summon_by_name ".test.plain"
            new
            os_set32 2
            sconst_bin ""

        """ + String(repeating: """
            summon_this
            iconst_8bit 7
            i2o
            call_10 n=1
            call_0A n=1
            summon_this
            os_get32 1
            call_10 n=1
            call_0A n=1
            summon_this
            os_get32 2
            call_10 n=1
            call_0A n=1

        """, count: 2) + """
            ret
        .end
        .method describe ordinal 16 args 1
            arg_count 1
            os_get32 0
            call_05 n=0
            ret
        .end
        """,
        """
        .class .test.named
        .method toString ordinal 5 args 0
            arg_count 0
            sconst_bin "named"
            ret
        .end
        """,
        """
        .class .test.plain
        .method nothing ordinal 16 args 0
            arg_count 0
            summon_null
            ret
        .end
        """,
    ]

    @Test func callSitesTellNativesFromBytecode() throws {
        let world = try TestWorld(Self.mixed)
        let result = try world.run(".test.mixed")
        #expect(world.text(result) == "7named(.test.plain)7named(.test.plain)")
        world.vm.heap.release(result)
        world.verify()
    }

    /// Object cells moved by fast entries: fields loaded and stored, null pushed and
    /// tested (`summon_null; os_eq/os_neq; jz` as one entry, both ways), a cell pulled up
    /// and cells dropped; every count must come out even.
    static let cells = """
        .class .test.cells
        .field f
        .method run ordinal 8 args 1
            arg_count 1
            stack_reserve obj=0 int=1
            summon_null
            os_save8 0              ; f = null
            iconst_0
            is_set32 0
            os_load8 0
            summon_null
            os_eq
            jz one                  ; f is null: on
            is_get32 0
            iconst_1
            isum
            is_set32 0              ; + 1
        one:
            sconst_bin "x"
            os_save8 0              ; f = "x"
            os_load8 0
            summon_null
            os_neq
            jz two                  ; f is not null: on
            is_get32 0
            iconst_8bit 10
            isum
            is_set32 0              ; + 10
        two:
            os_load8 0
            summon_null
            os_eq
            jz three                ; f is not null: jump
            is_get32 0
            iconst_8bit 100
            isum
            is_set32 0
        three:
            sconst_bin "a"
            sconst_bin "b"
            os_pull32 1             ; "a" again
            os_drop
            os_drop
            os_drop
            is_get32 0
            i2o
            ret
        .end
        """

    @Test func objectCellsMoveEvenly() throws {
        let ops = try Self.fastOps(Self.cells)
        #expect(ops.filter { $0 == .jumpNull }.count == 3)
        #expect(ops.contains(.fieldLoad) && ops.contains(.fieldSave) && ops.contains(.pull) && ops.contains(.drop))
        #expect(ops.contains(.pushNull))  // the null stored into f

        let world = try TestWorld(Self.cells)
        #expect(try world.run(".test.cells") == Ref(int: 11))
        world.verify()
    }

    /// A method returning an int: to a caller that unboxes it at once (no cell is made),
    /// to one that keeps the cell in a local, and from the bottom frame.
    static let intReturns = """
        .class .test.intreturns
        .method run ordinal 8 args 1
            arg_count 1
            stack_reserve obj=1 int=1
            summon_this
            iconst_8bit 20
            i2o
            call_10 n=1
            o2i                     ; twice(20) = 40, taken as an int
            summon_this
            iconst_8bit 3
            i2o
            call_10 n=1
            os_set32 1              ; twice(3) = 6, kept as a cell
            os_get32 1
            o2i
            isum
            is_set32 0
            is_get32 0
            i2o
            ret                     ; 46, from the bottom frame
        .end
        .method twice ordinal 16 args 1
            arg_count 1
            iconst_1                ; the shift count, below the value
            os_get32 0
            o2i
            ishl
            i2o
            ret
        .end
        """

    @Test func intResultsReachTheirCallers() throws {
        #expect(try Self.fastOps(Self.intReturns, method: 16).contains(.intRet))
        #expect(try Self.fastOps(Self.intReturns).contains(.intRet))

        let world = try TestWorld(Self.intReturns)
        #expect(try world.run(".test.intreturns") == Ref(int: 46))
        world.verify()
    }

    /// Getters (a method that returns a field) called through a warm site: a plain one
    /// (the field's reference), a double one whose result the caller unboxes at once,
    /// and the same one whose result the caller keeps as a box.
    static let getters = [
        """
        .class .test.getters
        .method run ordinal 8 args 1
            arg_count 1
            stack_reserve obj=2 int=3
            summon_by_name ".test.point"
            new
            os_set32 1
            os_get32 1
            sconst_bin "p"
            iconst_8bit 5
            prefix_double
            fromi
            prefix_double
            i2o
            call_10 n=2             ; set("p", 5.0)
            os_drop
            iconst_0
            prefix_double
            fromi
            prefix_double
            is_set32 0              ; sum = 0.0
            summon_null
            os_set32 2
            iconst_0
            is_set32 2              ; k = 0
        again:
            os_get32 1
            call_11 n=0             ; x(), unboxed at once
            prefix_double
            o2i
            prefix_double
            is_get32 0
            prefix_double
            isum
            prefix_double
            is_set32 0
            os_get32 1
            call_11 n=0             ; x(), kept as a box
            os_set32 2
            os_get32 2
            prefix_double
            o2i
            prefix_double
            is_get32 0
            prefix_double
            isum
            prefix_double
            is_set32 0
            os_get32 1
            call_12 n=0             ; name()
            os_get32 1
            call_12 n=0
            os_eq                   ; the same string both times: 1
            iconst_8bit 100
            imul
            prefix_double
            fromi
            prefix_double
            is_get32 0
            prefix_double
            isum
            prefix_double
            is_set32 0
            is_get32 2
            iconst_1
            isum
            is_set32 2
            is_get32 2
            iconst_8bit 3
            ilt
            jz done
            jmp again               ; three times, the sites warm after the first
        done:
            prefix_double
            is_get32 0
            prefix_double
            i2o
            ret                     ; 3 x (2 x 5.0 + 100)
        .end
        """,
        """
        .class .test.point
        .field x
        .field name
        .method set ordinal 16 args 2
            arg_count 2
            os_get32 0
            os_save8 1
            os_get32 1
            os_save8 0
            summon_null
            ret
        .end
        .method x ordinal 17 args 0
            arg_count 0
            os_load8 0
            prefix_double
            o2i
            prefix_double
            i2o
            ret
        .end
        .method name ordinal 18 args 0
            arg_count 0
            os_load8 1
            ret
        .end
        """,
    ]

    @Test func gettersReadTheirFields() throws {
        let world = try TestWorld(Self.getters)
        #expect(try Self.runDouble(world, ".test.getters") == 330)
        world.verify()
    }

    /// A void method: its null result dropped by the caller (no cell is made), then kept
    /// by it; and a void method as the bottom frame.
    static let voids = """
        .class .test.voids
        .field total
        .method run ordinal 8 args 1
            arg_count 1
            stack_reserve obj=1 int=0
            iconst_0
            i2o
            os_save8 0
            summon_this
            iconst_8bit 5
            i2o
            call_10 n=1
            os_drop                 ; add(5), its null dropped
            summon_this
            iconst_8bit 7
            i2o
            call_10 n=1
            os_set32 1              ; add(7), its null kept
            os_load8 0
            o2i
            iconst_8bit 10
            imul
            os_get32 1
            summon_null
            os_eq
            isum
            i2o
            ret                     ; 12 * 10 + 1
        .end
        .method add ordinal 16 args 1
            arg_count 1
            os_load8 0
            o2i
            os_get32 0
            o2i
            isum
            i2o
            os_save8 0
            summon_null
            ret
        .end
        """

    static let voidMain = """
        .class .test.voidmain
        .method run ordinal 8 args 1
            arg_count 1
            summon_null
            ret
        .end
        """

    @Test func voidResultsAreDroppedUnmade() throws {
        #expect(try Self.fastOps(Self.voids, method: 16).contains(.retNull))

        let world = try TestWorld([Self.voids, Self.voidMain])
        #expect(try world.run(".test.voids") == Ref(int: 121))
        #expect(try world.run(".test.voidmain") == .null)
        world.verify()
    }
}

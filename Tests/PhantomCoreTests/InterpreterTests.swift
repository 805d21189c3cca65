// InterpreterTests.swift — the interpreter runs assembled code and gets it right.

import Testing
@testable import PhantomCore

@Suite struct InterpreterTests {
    @Test func sumLoop() throws {
        let world = try TestWorld("""
            .class .test.loop
            .method run ordinal 8 args 1
                arg_count 1
                stack_reserve obj=0 int=2
                iconst_32bit 100000
                is_set32 0              ; i
                iconst_0
                is_set32 1              ; sum
            loop:
                is_get32 0
                jz done
                is_get32 1
                is_get32 0
                isum
                is_set32 1
                is_get32 0
                iconst_1
                isublu
                is_set32 0
                jmp loop
            done:
                is_get32 1
                i2o
                ret
            .end
            """)
        let result = try world.run(".test.loop")
        #expect(result == Ref(int: Int(Int32(truncatingIfNeeded: 100000 * 100001 / 2))))
        world.verify(holding: [result])
    }

    @Test func recursiveFib() throws {
        let world = try TestWorld("""
            .class .test.fib
            .method run ordinal 8 args 1
                arg_count 1
                summon_this
                iconst_8bit 20
                i2o
                call_10 n=1
                ret
            .end
            .method fib ordinal 16 args 1
                arg_count 1
                os_get32 0
                o2i
                iconst_8bit 2
                ilt
                jz recurse
                os_get32 0
                ret
            recurse:
                summon_this
                os_get32 0
                o2i
                iconst_1
                isublu
                i2o
                call_10 n=1
                o2i
                summon_this
                os_get32 0
                o2i
                iconst_8bit 2
                isublu
                i2o
                call_10 n=1
                o2i
                isum
                i2o
                ret
            .end
            """)
        let result = try world.run(".test.fib")
        #expect(result == Ref(int: 6765))
        world.verify()
    }

    @Test func catchesAndReports() throws {
        let world = try TestWorld("""
            .class .test.exc
            .method run ordinal 8 args 1
                arg_count 1
                summon_string_class
                push_catcher handler
                sconst_bin "boom"
                throw
            handler:
                os_get32 1
                sconst_bin "!"
                call_0A n=1
                ret
            .end
            .method bad ordinal 9 args 0
                arg_count 0
                iconst_1
                iconst_0
                idivlu
                i2o
                ret
            .end
            """)
        let result = try world.run(".test.exc")
        #expect(world.text(result) == "boom!")
        world.vm.heap.release(result)
        world.verify()
    }

    @Test func uncaughtExceptionEndsOnlyThatThread() throws {
        let world = try TestWorld([
            """
            .class .test.bad
            .method run ordinal 8 args 1
                arg_count 1
                iconst_1
                iconst_0
                idivlu
                i2o
                ret
            .end
            """,
            """
            .class .test.good
            .method run ordinal 8 args 1
                arg_count 1
                iconst_8bit 7
                i2o
                ret
            .end
            """,
        ])
        let bad = try world.start(".test.bad")
        let good = try world.start(".test.good")
        world.vm.run()
        #expect(world.vm.threadState(bad) == ThreadState.failed)
        #expect(world.vm.threadResult(good) == Ref(int: 7))
        #expect(world.vm.reports.count == 1)
        #expect(world.vm.reports.first?.contains("division by zero") == true)
        #expect(world.vm.reports.first?.contains(".test.bad.run") == true)
        world.vm.heap.release(bad)
        world.vm.heap.release(good)
        world.verify()
    }

    @Test func sleepParksAndWakesAtDeadline() throws {
        let world = try TestWorld("""
            .class .test.sleep
            .method run ordinal 8 args 1
                arg_count 1
                os_get32 0
                iconst_32bit 500
                i2o
                call_15 n=1
                os_drop
                sconst_bin "woke"
                ret
            .end
            """)
        let start = world.platform.now
        let result = try world.run(".test.sleep", argument: world.vm.bootObject)
        #expect(world.text(result) == "woke")
        #expect(world.platform.now >= start + 500)
        #expect(world.platform.idleCalls == [start + 500])
        world.vm.heap.release(result)
        world.verify()
    }
}

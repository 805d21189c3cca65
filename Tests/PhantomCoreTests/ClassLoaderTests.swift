// ClassLoaderTests.swift — classes load into the space whole, with inheritance, or not
// at all with an error that names the class and the place.

import Testing
@testable import PhantomCore

@Suite struct ClassLoaderTests {
    private let animal = """
        .class .test.animal
        .field legs
        .method run ordinal 8 args 1
            arg_count 1
            summon_this
            call_10 n=0
            o2i
            summon_this
            call_11 n=0
            o2i
            iconst_8bit 100
            imul
            isum
            i2o
            ret
        .end
        .method legs ordinal 16 args 0
            arg_count 0
            iconst_8bit 4
            i2o
            ret
        .end
        .method sound ordinal 17 args 0
            arg_count 0
            iconst_1
            i2o
            ret
        .end
        """

    @Test func childOverridesAndInherits() throws {
        let world = try TestWorld([animal, """
            .class .test.bird parent .test.animal
            .field legs
            .field wings
            .method sound ordinal 17 args 0
                arg_count 0
                iconst_8bit 2
                i2o
                ret
            .end
            """])
        // legs() from the parent (4), sound() from the child (2): 4 + 2·100.
        #expect(try world.run(".test.bird") == Ref(int: 204))
        #expect(try world.run(".test.animal") == Ref(int: 104))
        let bird = try #require(try world.vm.findClass(".test.bird"))
        #expect(world.vm.isSubclass(bird, of: try #require(try world.vm.findClass(".test.animal"))))
        world.verify()
    }

    @Test func rejectedMethodLeavesNothingBehind() throws {
        let world = try TestWorld(animal)
        let before = world.vm.heap.stats.liveObjects
        let broken = try Assembler.assembleClass("""
            .class .test.broken
            .method ok ordinal 16 args 0
                arg_count 0
                ret
            .end
            .method bad ordinal 17 args 0
                arg_count 0
                jmp @3
            .end
            """)
        #expect {
            try world.vm.install(broken)
        } throws: { error in
            let message = (error as? LoadError)?.description ?? ""
            return message.contains(".test.broken") && message.contains("bad") && message.contains("IP")
        }
        #expect(world.vm.heap.stats.liveObjects == before)
        #expect(try world.vm.findClass(".test.broken") == nil)
        world.verify()
    }

    @Test func structuralErrorsNameTheProblem() throws {
        let world = try TestWorld(animal)
        func message(_ source: String) throws -> String {
            do {
                try world.vm.install(Assembler.assembleClass(source))
                return ""
            } catch {
                return "\(error)"
            }
        }
        #expect(try message(".class .test.orphan parent .test.nobody").contains("parent class .test.nobody not found"))
        #expect(try message(animal).contains("a class of that name is loaded"))
        #expect(try message(".class .internal.mine").contains("reserved"))
        #expect(try message(".class .test.thin parent .test.animal").contains("fewer than the 1 of its parent"))
        // An internal parent is replaced by void, as the original loader does.
        try world.vm.install(Assembler.assembleClass(".class .test.str parent .internal.string"))
        let str = try #require(try world.vm.findClass(".test.str"))
        #expect(world.vm.heap.load(str, slot: ClassSlot.parent) == world.vm.classes[ClassID.void])
        world.verify()
    }

    @Test func providerLoadsOnDemandAndReportsDamage() throws {
        let world = try TestWorld([])
        let good = try Assembler.assembleClass(animal).serialize()
        world.vm.classProvider = { name in
            switch name {
            case ".test.animal": return good
            case ".test.garbage": return [0x43, 0, 0, 0, 9, 1, 2]
            default: return nil
            }
        }
        #expect(try world.vm.findClass(".test.animal") != nil)
        #expect(try world.vm.findClass(".test.none") == nil)
        #expect {
            _ = try world.vm.findClass(".test.garbage")
        } throws: { error in
            (error as? LoadError)?.description.contains("offset") == true
        }
        world.verify()
    }

    @Test func fullSpaceFailsCleanly() throws {
        // A space with room for the world but not for a class with a big constant.
        let world = try TestWorld([], pages: 160)
        let before = world.vm.heap.stats.liveObjects
        var file = try Assembler.assembleClass(".class .test.big")
        file.constants = [ClassFile.Constant(id: 0, string: String(repeating: "x", count: 2_000_000))]
        #expect {
            try world.vm.install(file)
        } throws: { error in
            (error as? LoadError)?.message == "the space is full"
        }
        #expect(world.vm.heap.stats.liveObjects == before)
        world.verify()
    }
}

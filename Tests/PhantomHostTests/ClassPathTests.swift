// A hosted world finds classes in directories and bundles, and runs them on the host
// platform with output on a file descriptor.
import Foundation
import Testing
import PhantomCore
import PhantomHost

@Suite struct ClassPathTests {
    static let greeter = """
        .class .test.greeter
        .method run ordinal 8 args 1
            arg_count 1
            os_get32 0
            sconst_bin "hello from "
            summon_by_name ".test.helper"
            new
            call_05 n=0
            call_0A n=1
            call_10 n=1
            ret
        .end
        """
    static let helper = """
        .class .test.helper
        .method toString ordinal 5 args 0
            arg_count 0
            sconst_bin "a bundle"
            ret
        .end
        """

    @Test func directoriesComeBeforeBundles() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("phantom-cp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let greeter = try Assembler.assembleClass(Self.greeter)
        let helper = try Assembler.assembleClass(Self.helper)
        try Data(greeter.serialize()).write(to: base.appendingPathComponent("test.greeter.pc"))
        let bundle = ClassFile.serializeBundle([
            .init(name: "test.helper", classFile: helper), .init(name: "test.greeter", classFile: helper),
        ])
        try Data(bundle).write(to: base.appendingPathComponent("classes"))
        let path = ClassPath(directories: [base.path], bundles: [base.appendingPathComponent("classes").path])
        #expect(path.bytes(for: ".test.greeter") == greeter.serialize())
        #expect(path.bytes(for: ".test.helper") == helper.serialize())
        #expect(path.bytes(for: ".test.none") == nil)

        // Run it: console output goes to a pipe.
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let platform = HostPlatform(output: fds[1])
        let vm = try VM(heap: try Heap(formatting: Space(capacityPages: 2048)), platform: platform)
        vm.classProvider = path.bytes(for:)
        let cls = try #require(try vm.findClass(".test.greeter"))
        let object = try vm.heap.allocate(slots: 0, class: cls)
        let thread = try vm.startThread(target: object, argument: vm.bootObject)
        #expect(vm.run() == .done)
        close(fds[1])
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = read(fds[0], &buffer, 256)
        #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self) == "hello from a bundle")
        #expect(vm.threadState(thread) == 4)
        vm.heap.release(thread)
        vm.heap.release(object)
        #expect(vm.heap.verify().isEmpty)
    }
}

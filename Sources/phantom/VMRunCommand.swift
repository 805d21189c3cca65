// VMRunCommand.swift — `phantom vm-run`, a hidden test tool: runs one class in a
// persistent world kept in an image file, optionally stopping dead right after a
// snapshot, so that tests can check that a fresh process continues the world. The
// user-facing `phantom run` / `phantom boot` come with issue 5.

import ArgumentParser
import PhantomCore
import PhantomHost
#if canImport(Glibc)
import Glibc
#endif

struct VMRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vm-run",
        abstract: "Run a class's method 8 in a persistent world (test tool).",
        shouldDisplay: false)

    @Option(help: "The image file (created if missing or empty).") var image: String
    @Option(help: "A .pc file whose class is started (new image only).") var `class`: String?
    @Option(help: "Take a snapshot after this many time slices.") var snapshotAfter: Int?
    @Flag(help: "Exit at once after that snapshot, as if the process were killed.") var stopAfterSnapshot = false
    @Option(help: "Instructions budget of a time slice.") var sliceBudget = 1000
    @Option(help: "Capacity of the space in pages.") var pages = 16_384

    func run() throws {
        let device = try FileBlockDevice(path: image, create: true)
        let space = HostMemory.makeSpace(capacityPages: pages)
        let platform = HostPlatform()
        let snapshotter: Snapshotter<FileBlockDevice>
        let vm: VM<HostPlatform>
        if device.blockCount == 0 {
            guard let path = `class` else { throw Failure("\(image): a new image needs --class") }
            snapshotter = Snapshotter(space: space, store: try Store.create(on: device, imageID: 0x5EED))
            vm = try VM(heap: try Heap(formatting: space), platform: platform)
            guard let bytes = readWholeFile(path) else { throw Failure("\(path): cannot read the file") }
            let cls: Ref
            do { cls = try vm.install(try ClassFile.parse(bytes)) } catch { throw Failure("\(path): \(error)") }
            guard let object = vm.newInstance(of: cls) else { throw Failure("\(path): cannot make an instance") }
            vm.heap.release(try vm.startThread(target: object, argument: vm.bootObject))
            vm.heap.release(object)
        } else {
            snapshotter = try Snapshotter.recover(device: device, into: space, eager: true)
            vm = try VM(heap: try Heap(attaching: space), platform: platform)
        }
        // Other classes come from the class file's directory (the world's cache first).
        let directory = `class`.flatMap { path in path.lastIndex(of: "/").map { String(path[..<$0]) } } ?? "."
        let classPath = ClassPath(directories: [directory])
        vm.classProvider = { classPath.bytes(for: $0) }
        vm.sliceBudget = sliceBudget
        if let snapshotAfter {
            vm.run(maxSlices: snapshotAfter)
            _ = try snapshotter.snapshot(time: UInt64(platform.wallClockMilliseconds()))
            platform.diagnostic("snapshot \(snapshotter.store.generation)")
            if stopAfterSnapshot { _exit(0) }
        }
        vm.run()
    }
}

/// The bytes of a file, or nil.
private func readWholeFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count == 0 { break }
        bytes += buffer.prefix(count)
    }
    return ferror(file) == 0 ? bytes : nil
}

// ClassPath.swift — where a hosted world finds class files it does not have yet
// (PhantomHost). The VM asks through `VM.classProvider` (PhantomCore/ClassLoader.swift)
// with a class name; the lookup follows the original (CLASSFILE.md §5): files first,
// `<directory>/<name without its leading dot>.pc` in each directory in order, then
// each `classes` bundle (CLASSFILE.md §6) scanned from the start.

#if canImport(Glibc)
import Glibc
#endif
import PhantomCore

/// Directories of `.pc` files and boot bundles, searched in order.
public struct ClassPath: Sendable {
    public var directories: [String]
    public var bundles: [String]

    public init(directories: [String] = ["."], bundles: [String] = []) {
        self.directories = directories
        self.bundles = bundles
    }

    /// The class file bytes for `name` (".pkg.class"), or nil if no entry has it. A
    /// bundle that cannot be read or parsed is skipped: the loader then reports the
    /// class as missing, and `phantom disasm` can name the damage.
    public func bytes(for name: String) -> [UInt8]? {
        let bare = name.hasPrefix(".") ? String(name.dropFirst()) : name
        let file = bare.hasSuffix(".pc") ? bare : bare + ".pc"
        for directory in directories {
            if let bytes = readFile(directory + "/" + file) { return bytes }
        }
        for bundle in bundles {
            guard let bytes = readFile(bundle), let entries = try? ClassFile.parseBundle(bytes) else { continue }
            if let entry = entries.first(where: { ClassFile.bundleNamesMatch($0.name, bare) }) {
                return entry.classFile.serialize()
            }
        }
        return nil
    }
}

/// The whole contents of a regular file, or nil.
func readFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var status = stat()
    guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
    var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
    var done = 0
    while done < bytes.count {
        let got = bytes[done...].withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if got < 0 && errno == EINTR { continue }
        guard got > 0 else { return nil }
        done += got
    }
    return bytes
}

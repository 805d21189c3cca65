// DisasmCommand.swift — `phantom disasm FILE.pc`: prints a class file as a listing.
import ArgumentParser
import Foundation
import PhantomCore

/// Prints the class header, fields, constants and every method of a `.pc` file as a
/// bytecode listing with source lines (format: Sources/PhantomCore/Disassembler.swift).
struct DisasmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disasm", abstract: "Print a Phantom class file (.pc) as a bytecode listing.")

    @Argument(help: "The class file.")
    var path: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure("\(path): cannot read the file")
        }
        let file: ClassFile
        do { file = try ClassFile.parse([UInt8](data)) } catch {
            throw Failure("\(path): \(error)")
        }
        print("class \(file.name) extends \(file.parent)")
        print("; generation \(file.generation), \(file.objectSlots) fields, \(file.methodSlots) method slots"
            + (file.version.map { ", version \($0)" } ?? ""))
        for field in file.fields { print(".field \(field.ordinal) \(field.name)") }
        var pool: [[UInt8]?] = []
        for constant in file.constants where constant.id >= 0 && constant.id < 1 << 20 {
            while pool.count <= Int(constant.id) { pool.append(nil) }
            pool[Int(constant.id)] = constant.value
            print(".const \(constant.id) \(Disassembler.quoted(constant.value))")
        }
        for method in file.methods.sorted(by: { $0.ordinal < $1.ordinal }) {
            print("\nmethod \(method.ordinal) \(method.name)")
            let lines = file.lineMaps.filter { $0.ordinal == method.ordinal }.flatMap(\.entries)
                .map { (ip: Int(truncatingIfNeeded: $0.ip), line: Int($0.line)) }
            do {
                print(try Disassembler.listing(method.code, lines: lines, constants: pool), terminator: "")
            } catch {
                throw Failure("\(path): method \(method.ordinal) \(method.name): \(error)")
            }
        }
    }
}

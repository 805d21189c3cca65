// phantom-vmbench — interpreter speed on small programs written in Phantom assembler
// (Docs/Performance.md, "Interpreter"). Each program runs in a fresh world on the host
// platform; the median of several runs is printed. Peers (Lua, CPython) come with the
// compiler (issue 6); these numbers track the interpreter from change to change.
//
//   swift run -c release phantom-vmbench [--runs N]

import PhantomCore
import PhantomHost

var runs = 5
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    if argument == "--runs", let value = arguments.next().flatMap({ Int($0) }) { runs = value }
}

/// fib(27) by naive recursion: 635,621 calls.
let fib = """
    .class .bench.fib
    .method run ordinal 8 args 1
        arg_count 1
        summon_this
        iconst_8bit 27
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
    """

/// 20M integer additions in a counted loop on the integer stack.
let loop = """
    .class .bench.loop
    .method run ordinal 8 args 1
        arg_count 1
        stack_reserve obj=0 int=2
        iconst_32bit 20000000
        is_set32 0
        iconst_0
        is_set32 1
    again:
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
        jmp again
    done:
        is_get32 1
        i2o
        ret
    .end
    """

/// 5M virtual calls on an object that updates a field.
let method = """
    .class .bench.method
    .field total
    .method run ordinal 8 args 1
        arg_count 1
        stack_reserve obj=0 int=1
        iconst_0
        i2o
        os_save8 0
        iconst_32bit 5000000
        is_set32 0
    again:
        is_get32 0
        jz done
        summon_this
        iconst_1
        i2o
        call_10 n=1
        os_drop
        is_get32 0
        iconst_1
        isublu
        is_set32 0
        jmp again
    done:
        os_load8 0
        ret
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

/// Seconds for one run of `source`'s method 8, and its result.
func time(_ source: String, _ name: String) throws -> (Double, Ref) {
    let space = Space(capacityPages: 16_384)
    let vm = try VM(heap: try Heap(formatting: space), platform: HostPlatform())
    try vm.install(try Assembler.assembleClass(source))
    guard let cls = try vm.findClass(name) else { fatalError("no class \(name)") }
    let object = try vm.heap.allocate(slots: 1, class: cls)
    let thread = try vm.startThread(target: object, argument: .null)
    let start = monotonicNanoseconds()
    vm.run()
    let elapsed = Double(monotonicNanoseconds() - start) / 1e9
    return (elapsed, vm.threadResult(thread))
}

print("program   median s   result   (\(runs) runs, interpreter only)")
for (source, name) in [(fib, ".bench.fib"), (loop, ".bench.loop"), (method, ".bench.method")] {
    var times: [Double] = []
    var result = Ref.null
    for _ in 0..<runs {
        let (elapsed, value) = try time(source, name)
        times.append(elapsed)
        result = value
    }
    let median = times.sorted()[times.count / 2]
    let label = name.split(separator: ".").last.map(String.init) ?? name
    print("\(label.padding(8))  \(String(Int(median * 1000)).padding(6)) ms   \(result)")
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}

// VerifiedWalk.swift — plays the interpreter's side of the verifier's rules along random
// paths through a verified method (PhantomCore, test support for VerifierTests and
// phantom-fuzz). The rules themselves are at the top of Verifier.swift.

extension VerifiedMethod {
    /// True if `ip` is the start of a verified instruction (binary search).
    public func isInstructionStart(_ ip: Int) -> Bool {
        var low = 0, high = instructionStarts.count
        while low < high {
            let mid = (low + high) / 2
            if instructionStarts[mid] < ip { low = mid + 1 } else { high = mid }
        }
        return low < instructionStarts.count && instructionStarts[low] == ip
    }

    /// Runs an accepted method along a random path as the interpreter would (handler
    /// depths from `handlers`, a catch drops the matched catcher and newer ones), and
    /// returns the first place where verified code would underflow, exceed its verified
    /// limits, jump off an instruction start or pop an empty catcher stack.
    public func randomWalk(code: [UInt8], args: Int, steps: Int = 300, random r: inout SeededRandom) -> String? {
        let method = self
        let decoder = InstructionDecoder(code)
        var ip = 0, objects = args
        var ints: [Int32?] = [Int32(args)]
        var catchers: [Int] = []
        for _ in 0..<steps {
            guard method.isInstructionStart(ip) else { return "IP \(ip): not a verified instruction start" }
            guard let first = try? decoder.decode(at: ip) else { return "IP \(ip): start does not decode" }
            var instruction = first
            var prefix: TypePrefix? = nil
            if let type = first.opcode.typePrefix {
                prefix = type
                guard method.isInstructionStart(first.next), let next = try? decoder.decode(at: first.next) else {
                    return "IP \(ip): bad prefixed instruction"
                }
                instruction = next
            }
            if !catchers.isEmpty, r.chance(percent: 5) {
                let k = r.below(catchers.count)
                guard let handler = method.handlers.first(where: { $0.target == catchers[k] }) else {
                    return "IP \(ip): no handler entry for catcher target \(catchers[k])"
                }
                catchers.removeSubrange(k...)
                objects = handler.objectDepth
                ints = ints.count >= handler.intDepth
                    ? Array(ints.prefix(handler.intDepth))
                    : ints + Array(repeating: 0, count: handler.intDepth - ints.count)
                ip = handler.target
                continue
            }
            let opcode = instruction.opcode
            var objectChange = instruction.objectStackChange
            var intChange = instruction.intStackChange(prefix: prefix)
            if opcode == .sys || opcode == .dynamicInvoke {
                guard let top = ints.last, let n = top, n >= 0 else { return "IP \(ip): no count for \(opcode)" }
                objectChange = StackChange(pops: Int(n) + (opcode == .sys ? 0 : 2), pushes: 1)
                intChange = StackChange(pops: 1, pushes: 0)
            }
            guard let o = objectChange, let i = intChange else { return "IP \(ip): no stack effect" }
            guard o.pops <= objects else { return "IP \(ip): object stack underflow" }
            guard i.pops <= ints.count else { return "IP \(ip): integer stack underflow" }
            let popped = Array(ints.suffix(i.pops))
            objects += o.pushes - o.pops
            ints.removeLast(i.pops)
            guard objects <= method.maxObjectDepth else { return "IP \(ip): objects deeper than maxObjectDepth" }
            guard ints.count + i.pushes <= method.maxIntDepth else { return "IP \(ip): ints deeper than maxIntDepth" }
            let width = opcode.info.prefix == .ignored ? 1 : (prefix?.cellWidth ?? 1)
            var pushed = [Int32?](repeating: nil, count: i.pushes)
            var operand: Int32 = -1
            if case .int(let v) = instruction.operands { operand = v }
            switch opcode {
            case .iconst0 where prefix == nil: pushed = [0]
            case .iconst1 where prefix == nil: pushed = [1]
            case .iconst8bit where prefix == nil, .iconst32bit where prefix == nil: pushed = [operand]
            case .isDup where prefix == nil: pushed = popped + popped
            case .djnz: pushed = [popped[0].map { $0 &- 1 }]
            case .osGet32, .osSet32:
                guard operand >= 0, Int(operand) < objects - (opcode == .osGet32 ? 1 : 0) else {
                    return "IP \(ip): object slot outside the stack"
                }
            case .isGet32:
                guard operand >= 0, Int(operand) + width <= ints.count else { return "IP \(ip): int slot outside" }
                pushed = Array(ints[Int(operand)..<Int(operand) + width])
            case .isSet32:
                guard operand >= 0, Int(operand) + width <= ints.count, popped.count == width else {
                    return "IP \(ip): int slot outside"
                }
                ints.replaceSubrange(Int(operand)..<Int(operand) + width, with: popped)
            case .osPull32:
                guard operand >= 0, Int(operand) < objects else { return "IP \(ip): os_pull32 beyond the stack" }
            case .popCatcher:
                guard !catchers.isEmpty else { return "IP \(ip): pop_catcher on an empty catcher stack" }
                catchers.removeLast()
            case .pushCatcher:
                if case .jump(let target) = instruction.operands { catchers.append(target) }
                guard catchers.count <= method.maxCatcherDepth else { return "IP \(ip): too many catchers" }
            default: break
            }
            ints += pushed
            let taken: Bool
            switch opcode {
            case .jz: taken = popped[0].map { $0 == 0 } ?? r.chance(percent: 50)
            case .djnz: taken = pushed[0].map { $0 != 0 } ?? r.chance(percent: 50)
            default: taken = r.chance(percent: 50)
            }
            switch (opcode.info.flow, instruction.operands) {
            case (.exit, _): return nil
            case (.jump, .jump(let target)): ip = target
            case (.branch, .jump(let target)): ip = taken ? target : instruction.next
            case (.table, .table(_, _, let targets)):
                let pick = r.below(targets.count + 1)
                ip = pick < targets.count ? targets[pick] : instruction.next
            default: ip = instruction.next
            }
            guard ip >= 0, ip < code.count else { return "runs to IP \(ip), outside the code" }
        }
        return nil
    }
}

// ProgressReports.swift — records what a progress hook heard (PhantomCore's ProgressHook,
// HostedWorld.Progress) and says how it broke the hook's promise, for the tests of both.

/// Every report a hook heard, in order.
public final class ProgressReports {
    public private(set) var calls: [(phase: String, done: Int, total: Int)] = []

    public init() {}

    /// A ProgressHook.
    public func hook(_ done: Int, _ total: Int) { calls.append(("", done, total)) }

    /// A HostedWorld.Progress.
    public func world(_ phase: String, _ done: Int, _ total: Int) { calls.append((phase, done, total)) }

    /// What breaks the promise of a progress hook: at least `reports` reports, `done`
    /// strictly rising and never past `total`, which stays `expected`, and the last
    /// report at `expected`. Empty when it was kept.
    public func problems(total expected: Int, atLeast reports: Int) -> [String] {
        var problems: [String] = []
        if calls.count < reports { problems.append("\(calls.count) reports, fewer than \(reports)") }
        for (before, after) in zip(calls, calls.dropFirst()) where after.done <= before.done {
            problems.append("\(before.done) then \(after.done)")
        }
        for call in calls where call.total != expected || call.done > call.total {
            problems.append("\(call.done)/\(call.total), expected a total of \(expected)")
        }
        if calls.last?.done != expected { problems.append("the last report is \(calls.last.map { "\($0.done)" } ?? "missing")") }
        return problems
    }
}

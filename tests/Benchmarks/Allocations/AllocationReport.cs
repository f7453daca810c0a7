using System.Text;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace GeminiClone.Benchmarks.Allocations;

/// <summary>
/// The runtime's allocation samples (<c>GCAllocationTick</c>: one event about every 100 KB a thread allocates, naming
/// the type and the amount since the last, with its stack) summed by type, by frame (inclusive: a frame counts each
/// sample once, however deep it recurses) and by the innermost frames of the stack. A sample stands for everything
/// allocated since the one before, so the sums are estimates, good to a few percent over thousands of samples.
/// </summary>
internal sealed class AllocationReport
{
    private readonly List<(string Type, double Bytes, string[] Stack)> _samples = [];

    public static AllocationReport Read(string traceFile)
    {
        var report = new AllocationReport();
        using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(traceFile));
        var source = log.Events.GetSource();
        source.Clr.GCAllocationTick += tick => report.Add(tick);
        source.Process();
        return report;
    }

    private void Add(GCAllocationTickTraceData tick)
    {
        var stack = new List<string>();
        for (var frame = tick.CallStack(); frame is not null; frame = frame.Caller)
        {
            var name = frame.CodeAddress.FullMethodName;
            stack.Add(string.IsNullOrEmpty(name) ? $"{frame.CodeAddress.ModuleName}!?" : name);
        }

        _samples.Add((tick.TypeName, tick.AllocationAmount64, [.. stack]));
    }

    /// <param name="stacksOf">When given, the stacks listed are only those allocating a type whose name contains it.</param>
    public string ToText(long requests, int depth, int frames, string? stacksOf = null)
    {
        double PerRequest(double bytes) => bytes / 1024 / requests;
        var text = new StringBuilder();
        text.AppendLine($"{_samples.Count:N0} samples, {PerRequest(_samples.Sum(s => s.Bytes)):F1} KB per request ({requests:N0} requests)");

        text.AppendLine("\nby type (KB per request)");
        foreach (var (type, bytes) in Sum(s => [s.Type]).Take(25))
        {
            text.AppendLine($"{PerRequest(bytes),8:F1}  {type}");
        }

        text.AppendLine("\nby frame, inclusive (KB per request)");
        foreach (var (frame, bytes) in Sum(s => s.Stack.Distinct()).Take(frames))
        {
            text.AppendLine($"{PerRequest(bytes),8:F1}  {frame}");
        }

        text.AppendLine($"\nby stack, type and the innermost {depth} frames (KB per request){(stacksOf is null ? "" : $", types named *{stacksOf}*")}");
        var listed = stacksOf is null ? Sum(StackKey) : Sum(s => s.Type.Contains(stacksOf, StringComparison.Ordinal) ? StackKey(s) : []);
        foreach (var (stack, bytes) in listed.Take(30))
        {
            text.AppendLine($"{PerRequest(bytes),8:F1}  {stack}");
        }

        return text.ToString();

        IEnumerable<string> StackKey((string Type, double Bytes, string[] Stack) sample) =>
            [$"{sample.Type} <= {string.Join(" <= ", sample.Stack.Take(depth))}"];
    }

    private IEnumerable<(string Key, double Bytes)> Sum(Func<(string Type, double Bytes, string[] Stack), IEnumerable<string>> keys) =>
        _samples.SelectMany(s => keys(s).Select(key => (key, s.Bytes)))
            .GroupBy(k => k.key)
            .Select(g => (g.Key, g.Sum(k => k.Bytes)))
            .OrderByDescending(k => k.Item2);
}

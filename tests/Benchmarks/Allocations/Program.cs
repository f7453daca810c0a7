using GeminiClone.Benchmarks.Allocations;

// Reads a dotnet-trace file of the runtime's allocation samples and says what a request allocates, by type, by frame
// and by stack: dotnet run -- <file.nettrace> <requests in the trace> [stack depth] [frames listed] [stacks of types named]
if (args.Length < 2 || !long.TryParse(args[1], out var requests) || requests <= 0)
{
    Console.Error.WriteLine("usage: Allocations <file.nettrace> <requests in the trace> [stack depth = 8] [frames listed = 60] [stacks of types named]");
    return 2;
}

var depth = args.Length > 2 ? int.Parse(args[2]) : 8;
var frames = args.Length > 3 ? int.Parse(args[3]) : 60;
Console.Write(AllocationReport.Read(args[0]).ToText(requests, depth, frames, args.Length > 4 ? args[4] : null));
return 0;

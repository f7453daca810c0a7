using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Benchmarks/Micro -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(GeminiClone.Benchmarks.Micro.JwtBenchmarks).Assembly).Run(args);

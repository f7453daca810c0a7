using BenchmarkDotNet.Attributes;
using GeminiClone.Grains.Adapters.PostgreSql;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Usage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace GeminiClone.Benchmarks.Micro;

/// <summary>
/// What every turn pays for its owner's usage record: the record serialized as production's grain storage writes it
/// (<see cref="GrainStateSerializer"/>), with <see cref="UserUsageBook.RememberedRecords"/> record ids and
/// <see cref="Days"/> days of two models. One day is what a turn writes since days close daily; 31 is what it wrote on
/// a month's last day when days closed monthly (tests/Benchmarks/README.md).
/// </summary>
[ShortRunJob, MemoryDiagnoser]
public class UsageRecordWriteBenchmarks
{
    private ServiceProvider _services = null!;
    private IGrainStorageSerializer _serializer = null!;
    private UserUsageState _record = null!;

    [Params(1, 31)]
    public int Days { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection()
            .AddSerializer(serializer => serializer.AddAssembly(typeof(UserUsageState).Assembly))
            .AddSingleton<OrleansJsonSerializer>()
            .AddSingleton<IGrainStorageSerializer, GrainStateSerializer>()
            .BuildServiceProvider();
        _serializer = _services.GetRequiredService<IGrainStorageSerializer>();
        _record = new UserUsageState();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var figures = new UsageFigures(12, 0, new Dictionary<ChatTurnStatus, int>(), 9_744, 0, 336, 0, 0, ToolCalls.None, 0.0123m);
        for (var day = 0; day < Days; day++)
        {
            _record.Days[today.AddDays(-day)] = new Dictionary<string, UsageFigures>(StringComparer.Ordinal)
            {
                ["gemini-3-flash"] = figures,
                ["gemini-3-pro"] = figures,
            };
        }

        for (var turn = 0; turn < UserUsageBook.RememberedRecords; turn++)
        {
            UserUsageBook.Remember(_record.Recent, Guid.CreateVersion7().ToString());
        }

        Console.WriteLine($"// {Days} days: {_serializer.Serialize(_record).ToMemory().Length} bytes written");
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public int Write() => _serializer.Serialize(_record).ToMemory().Length;
}

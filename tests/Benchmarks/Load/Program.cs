using System.Text.Json;

namespace GeminiClone.Benchmarks.Load;

/// <summary>
/// The entry point, as a named class rather than top-level statements: the tests reference both this tool and the
/// Api, and two generated <c>Program</c> classes would collide there.
/// </summary>
internal static class LoadProgram
{
    public static async Task<int> Main(string[] args)
    {
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"{e.Message}\n{LoadOptions.Usage}");
            return 2;
        }

        var result = await LoadTool.RunAsync(options, Console.Error);
        if (options.Scenario is not ("token" or "turn-targets"))
        {
            Console.WriteLine(result.ToTable());
        }

        if (options.JsonPath is { } path)
        {
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, LoadTool.Json));
        }

        return result.ErrorCount == 0 ? 0 : 1;
    }
}

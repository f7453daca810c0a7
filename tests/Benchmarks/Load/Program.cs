using System.Text.Json;
using GeminiClone.Benchmarks.Load;

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
if (options.Scenario != "token")
{
    Console.WriteLine(result.ToTable());
}

if (options.JsonPath is { } path)
{
    await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, LoadTool.Json));
}

return result.ErrorCount == 0 ? 0 : 1;

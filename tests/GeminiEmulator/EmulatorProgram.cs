namespace GeminiClone.GeminiEmulator;

/// <summary>
/// Stand-alone: <c>dotnet run --project tests/GeminiEmulator -- --urls http://127.0.0.1:5090 --Emulator:LatencyMs 200</c>.
/// Point GeminiClone at it with <c>GEMINI_BASE_URL=http://127.0.0.1:5090 GEMINI_API_KEY=anything</c>.
/// </summary>
public static class EmulatorProgram
{
    public static Task Main(string[] args) => GeminiEmulatorApp.Create(args).RunAsync();
}

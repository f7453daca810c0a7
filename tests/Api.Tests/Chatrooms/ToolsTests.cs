using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.GeminiEmulator;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>
/// A deployment whose default model the catalog does not list (so it takes no tools) and whose plans all may run
/// code; tool-using chatrooms choose a catalog model, which takes every tool.
/// </summary>
public sealed class ToolsFixture : ChatFixture
{
    public const string ToolModel = "gemini-3.8-flash";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings, new("Gemini:Model", "gemini-no-tools-test"), new("Gemini:ToolPlans:code_execution:0", "Basic"),
    ];
}

/// <summary>Gemini's built-in tools through the real pipeline, against the emulator's recordings of Gemini's wire format.</summary>
public sealed class ToolsTests(ToolsFixture fixture) : IClassFixture<ToolsFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    private async Task<(string Token, string Chatroom)> ChatroomWithToolsAsync(params string[] tools)
    {
        var (_, token) = await _api.NewSessionAsync();
        var created = await _api.PostJsonAsync("/chatroom", new { model = ToolsFixture.ToolModel, tools }, token);
        var data = (await created.ReadJsonAsync(HttpStatusCode.Created))["data"]!;
        Assert.Equal(tools, data["settings"]!["tools"]!.AsArray().Select(t => t!.GetValue<string>()));
        return (token, data["id"]!.GetValue<string>());
    }

    private static void AssertCitationsSliceTheirText(JsonNode message)
    {
        var text = message["text"]!.GetValue<string>();
        var citations = message["grounding"]!["citations"]!.AsArray();
        Assert.NotEmpty(citations);
        foreach (var citation in citations)
        {
            // C# indexes strings in UTF-16 code units, as JavaScript's slice does.
            var (start, end) = (citation!["start"]!.GetValue<int>(), citation["end"]!.GetValue<int>());
            Assert.Equal(citation["text"]!.GetValue<string>(), text[start..end]);
            Assert.All(citation["sources"]!.AsArray(), s => Assert.InRange(s!.GetValue<int>(), 0, message["grounding"]!["sources"]!.AsArray().Count - 1));
        }
    }

    [Theory]
    [InlineData("नमस्ते दुनिया। यह एक परीक्षण है।")]
    [InlineData("🚀 Launch today. 🌍 Worldwide. 👩‍👩‍👧 Family plans.")]
    public async Task A_grounded_answer_carries_its_sources_and_citations_that_slice_the_text_in_any_script(string message)
    {
        var (token, id) = await ChatroomWithToolsAsync("google_search");

        var reply = (await (await _api.SendMessageAsync(token, id, message)).ReadJsonAsync(HttpStatusCode.OK))["reply"]!;

        AssertCitationsSliceTheirText(reply);
        var grounding = reply["grounding"]!;
        Assert.NotEmpty(grounding["queries"]!.AsArray());
        Assert.StartsWith("https://vertexaisearch.cloud.google.com/grounding-api-redirect/", grounding["sources"]![0]!["uri"]!.GetValue<string>());
        Assert.StartsWith("<style>", grounding["searchEntryPoint"]!.GetValue<string>());
        var sent = fixture.Gemini.Requests.Containing(message.Split(' ')[1]).Last();
        Assert.Equal([ChatToolNamesOnTheWire.GoogleSearch], sent.Tools);
        // What the chatroom keeps is what the answer said.
        var stored = (await _api.GetChatroomAsync(token, id))["messages"]![1]!;
        Assert.Equal(reply["grounding"]!.ToJsonString(), stored["grounding"]!.ToJsonString());
    }

    [Fact]
    public async Task A_streamed_grounded_answer_sends_a_grounding_event_with_an_id_and_done_carries_the_same()
    {
        var (token, id) = await ChatroomWithToolsAsync("google_search");

        using var stream = new SseReader(await _api.SendAsync(token, id, "🚀 Launch today. 🌍 Worldwide.", stream: true));
        var events = await stream.RestAsync();

        var grounding = Assert.Single(events, e => e.Event == "grounding");
        var turnId = TurnApi.TurnIdOf(grounding.Id!);
        var numbered = events.Where(e => e.Id is not null).ToList();
        Assert.All(numbered, e => Assert.Equal(turnId, TurnApi.TurnIdOf(e.Id!)));
        var sequences = numbered.Select(e => TurnApi.SequenceOf(e.Id!)).ToList();
        Assert.Equal(sequences.Distinct().Order(), sequences);
        var done = events[^1];
        Assert.Equal("done", done.Event);
        AssertCitationsSliceTheirText(done.Data["message"]!);
        Assert.Equal(done.Data["message"]!["grounding"]!.ToJsonString(), grounding.Data["grounding"]!.ToJsonString());
    }

    [Fact]
    public async Task A_stream_resumed_before_its_grounding_gets_the_grounding_once_then_done()
    {
        var (token, id) = await ChatroomWithToolsAsync("google_search");

        using var first = new SseReader(await _api.SendAsync(token, id,
            "🚀 Launch today. 🌍 Worldwide. " + string.Join(' ', Enumerable.Range(1, 20).Select(i => $"w{i}")) + " [[chunks:20]] [[chunk-interval:150]]",
            stream: true));
        var delta = (await first.NextAsync())!;
        first.Dispose();
        using var resumed = new SseReader(await _api.FollowAsync(token, id, TurnApi.TurnIdOf(delta.Id!), lastEventId: delta.Id));
        var rest = await resumed.RestAsync();

        var grounding = Assert.Single(rest, e => e.Event == "grounding");
        Assert.Equal("done", rest[^1].Event);
        Assert.Equal(rest[^1].Data["message"]!["grounding"]!.ToJsonString(), grounding.Data["grounding"]!.ToJsonString());
    }

    [Fact]
    public async Task The_account_export_carries_an_answers_grounding_and_steps()
    {
        var (token, id) = await ChatroomWithToolsAsync("google_search", "code_execution");
        await _api.ChatAsync(token, id, "🌍 Worldwide. [[code]]");

        var export = JsonNode.Parse(await (await _api.GetAsync("/user/export", token)).Content.ReadAsStringAsync())!;

        var answer = export["chatrooms"]![0]!["messages"]![1]!;
        AssertCitationsSliceTheirText(answer);
        Assert.Equal(["text", "code", "result", "text"], answer["steps"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Url_context_reports_each_page_and_how_its_retrieval_went()
    {
        var (token, id) = await ChatroomWithToolsAsync("url_context");

        var reply = (await (await _api.SendMessageAsync(token, id,
            "Compare https://example.com/a and http://unreachable.example/page please")).ReadJsonAsync(HttpStatusCode.OK))["reply"]!;

        Assert.Equal(
            [("https://example.com/a", "URL_RETRIEVAL_STATUS_SUCCESS"), ("http://unreachable.example/page", "URL_RETRIEVAL_STATUS_ERROR")],
            reply["urls"]!.AsArray().Select(u => (u!["url"]!.GetValue<string>(), u["status"]!.GetValue<string>())));
        Assert.Null(reply["grounding"]);
    }

    [Fact]
    public async Task An_answer_that_ran_code_is_stored_step_by_step_and_the_code_goes_back_to_Gemini_next_turn()
    {
        var (token, id) = await ChatroomWithToolsAsync("code_execution");

        var reply = (await (await _api.SendMessageAsync(token, id, "Add up to ten [[code]]")).ReadJsonAsync(HttpStatusCode.OK))["reply"]!;
        await _api.ChatAsync(token, id, "and again [[strict]]");

        var steps = reply["steps"]!.AsArray();
        Assert.Equal(["text", "code", "result", "text"], steps.Select(s => s!["kind"]!.GetValue<string>()));
        Assert.Equal(("PYTHON", "print(sum(range(10)))"), (steps[1]!["language"]!.GetValue<string>(), steps[1]!["code"]!.GetValue<string>()));
        Assert.Equal(("OUTCOME_OK", "45\n"), (steps[2]!["outcome"]!.GetValue<string>(), steps[2]!["output"]!.GetValue<string>()));
        Assert.Equal(reply["text"]!.GetValue<string>(), steps[0]!["text"]!.GetValue<string>() + steps[3]!["text"]!.GetValue<string>());
        var history = fixture.Gemini.Requests.Containing("and again [[strict]]").Single().Body["contents"]!.AsArray();
        var modelParts = history[1]!["parts"]!.AsArray();
        Assert.Equal("print(sum(range(10)))", modelParts.Single(p => p!["executableCode"] is not null)!["executableCode"]!["code"]!.GetValue<string>());
        Assert.Equal("OUTCOME_OK", modelParts.Single(p => p!["codeExecutionResult"] is not null)!["codeExecutionResult"]!["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stream_resumed_after_its_code_event_gets_the_result_and_the_rest_but_not_the_code_again()
    {
        var (token, id) = await ChatroomWithToolsAsync("code_execution");

        using var first = new SseReader(await _api.SendAsync(token, id,
            "Slowly add up [[code]] " + string.Join(' ', Enumerable.Range(1, 20).Select(i => $"w{i}")) + " [[chunks:20]] [[chunk-interval:150]]", stream: true));
        SseEvent? code = null;
        while (code is null && await first.NextAsync() is { } next)
        {
            code = next.Event == "code" ? next : null;
        }

        first.Dispose();
        using var resumed = new SseReader(await _api.FollowAsync(token, id, TurnApi.TurnIdOf(code!.Id!), lastEventId: code.Id));
        var rest = await resumed.RestAsync();

        Assert.Equal("print(sum(range(10)))", code.Data["code"]!.GetValue<string>());
        Assert.True(rest[^1].Event == "done", $"The resumed stream ended with {rest[^1].Event}: {rest[^1].Data.ToJsonString()}");
        Assert.DoesNotContain(rest, e => e.Event == "code");
        Assert.Equal("result", rest[0].Event);
        Assert.Equal("45\n", rest[0].Data["output"]!.GetValue<string>());
        Assert.Equal("done", rest[^1].Event);
        Assert.Equal(["text", "code", "result", "text"], rest[^1].Data["message"]!["steps"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_message_may_name_its_own_tools_and_the_chatroom_keeps_its_own()
    {
        var (token, id) = await ChatroomWithToolsAsync("url_context");
        var marker = Guid.NewGuid().ToString("N");

        var turn = await _api.PostJsonAsync($"/chatroom/{id}/message", new { message = $"{marker} [[code]]", tools = new[] { "code_execution", "google_search" } }, token);
        await turn.ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal([ChatToolNamesOnTheWire.GoogleSearch, ChatToolNamesOnTheWire.CodeExecution], fixture.Gemini.Requests.Containing(marker).Single().Tools);
        Assert.Equal(["url_context"], (await _api.GetChatroomAsync(token, id))["settings"]!["tools"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Unknown_tools_are_a_400_naming_the_field_and_a_tool_the_model_does_not_take_is_a_422()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        var unknown = await (await _api.SendAsync(HttpMethod.Patch, $"/chatroom/{id}",
            JsonContent.Create(new { tools = new[] { "google_search", "web_browse" } }), token)).ReadProblemAsync(HttpStatusCode.BadRequest);
        var unsupported = await (await _api.SendAsync(HttpMethod.Patch, $"/chatroom/{id}",
            JsonContent.Create(new { tools = new[] { "google_search" } }), token)).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        var inMessage = await (await _api.PostJsonAsync($"/chatroom/{id}/message", new { message = "hi", tools = new[] { "google_search" } }, token))
            .ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        var cleared = await (await _api.SendAsync(HttpMethod.Patch, $"/chatroom/{id}",
            JsonContent.Create(new { tools = Array.Empty<string>() }), token)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Contains("web_browse", unknown["errors"]!["tools"]![0]!.GetValue<string>());
        Assert.Contains("google_search", unsupported["errors"]!["tools"]![0]!.GetValue<string>());
        Assert.Contains("does not take google_search", inMessage["detail"]!.GetValue<string>());
        Assert.Empty(cleared["data"]!["settings"]!["tools"]!.AsArray());
        // A refused turn costs nothing.
        Assert.Equal(0, (await (await _api.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!["usage"]!["used"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_model_catalog_says_which_models_take_which_tools()
    {
        var (_, token) = await _api.NewSessionAsync();

        var models = (await (await _api.GetAsync("/models", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!.AsArray();

        var flash = models.Single(m => m!["id"]!.GetValue<string>() == ToolsFixture.ToolModel)!;
        Assert.Equal(["google_search", "url_context", "code_execution"], flash["tools"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Empty(models.Single(m => m!["isDefault"]!.GetValue<bool>())!["tools"]!.AsArray());
    }
}

/// <summary>A plan without a tool: the deployment's defaults keep code execution for Pro.</summary>
[Collection(ChatCollection.Name)]
public sealed class ToolPlanTests(ChatFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_Basic_user_asking_for_code_execution_gets_a_403_naming_the_plan_on_the_chatroom_and_on_a_message()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        var onChatroom = await (await _api.SendAsync(HttpMethod.Patch, $"/chatroom/{id}",
            JsonContent.Create(new { tools = new[] { "code_execution" } }), token)).ReadProblemAsync(HttpStatusCode.Forbidden);
        var onMessage = await (await _api.PostJsonAsync($"/chatroom/{id}/message", new { message = "run it", tools = new[] { "code_execution" } }, token))
            .ReadProblemAsync(HttpStatusCode.Forbidden);
        var searchIsOpen = await (await _api.SendAsync(HttpMethod.Patch, $"/chatroom/{id}",
            JsonContent.Create(new { tools = new[] { "google_search" } }), token)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Contains("Basic plan", onChatroom["detail"]!.GetValue<string>());
        Assert.Contains("Basic plan", onMessage["detail"]!.GetValue<string>());
        Assert.Equal(["google_search"], searchIsOpen["data"]!["settings"]!["tools"]!.AsArray().Select(t => t!.GetValue<string>()));
    }
}

/// <summary>How the emulator's request log names the tools a request enabled (Gemini's field names).</summary>
internal static class ChatToolNamesOnTheWire
{
    public const string GoogleSearch = "google_search";
    public const string CodeExecution = "code_execution";
}

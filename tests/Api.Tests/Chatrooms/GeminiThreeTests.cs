using System.Net;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.GeminiEmulator;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>Models, thinking, thought signatures and what a turn reports, through real HTTP to the emulator.</summary>
[Collection(ChatCollection.Name)]
public sealed class GeminiThreeTests(ChatFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task Models_lists_what_a_basic_user_may_choose_with_the_default_first()
    {
        var (_, token) = await _api.NewSessionAsync();

        var models = (await (await _api.GetAsync("/models", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!.AsArray();

        var ids = models.Select(m => m!["id"]!.GetValue<string>()).ToList();
        Assert.Equal("gemini-3.8-flash", ids[0]);
        Assert.True(models[0]!["isDefault"]!.GetValue<bool>());
        Assert.Equal(["low", "medium", "high"], models[0]!["thinkingLevels"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal("medium", models[0]!["defaultThinkingLevel"]!.GetValue<string>());
        Assert.Contains("gemini-3.5-flash-lite", ids);
        Assert.DoesNotContain("gemini-3.1-pro-preview", ids);
        Assert.DoesNotContain("gemini-2.5-flash", ids);
        Assert.Single(models, m => m!["isDefault"]!.GetValue<bool>());
        await (await _api.GetAsync("/models")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_chatroom_s_settings_are_stored_returned_and_sent_to_gemini()
    {
        var (_, token) = await _api.NewSessionAsync();
        var marker = Guid.NewGuid().ToString("N");

        var created = await (await _api.PostJsonAsync("/chatroom",
            new { title = "Terse", model = "gemini-3.5-flash", thinkingLevel = "minimal", systemInstruction = $"Answer in haiku {marker}." }, token))
            .ReadJsonAsync(HttpStatusCode.Created);
        var id = created["data"]!["id"]!.GetValue<string>();
        await _api.ChatAsync(token, id, $"hello {marker}");

        var settings = (await _api.GetChatroomAsync(token, id))["settings"]!;
        Assert.Equal(("gemini-3.5-flash", "minimal", false), (settings["model"]!.GetValue<string>(), settings["thinkingLevel"]!.GetValue<string>(), settings["includeThoughts"]!.GetValue<bool>()));
        var request = fixture.Gemini.Requests.Containing($"hello {marker}").Single();
        Assert.Equal("gemini-3.5-flash", request.Model);
        Assert.Equal($"Answer in haiku {marker}.", request.SystemInstruction);
        Assert.Equal("""{"thinkingLevel":"minimal"}""", request.ThinkingConfig!.ToJsonString());

        var patched = await (await _api.SendAsync(HttpMethod.Patch, $"/chatroom/{id}",
            System.Net.Http.Json.JsonContent.Create(new { model = "gemini-3.8-flash", systemInstruction = "" }), token)).ReadJsonAsync(HttpStatusCode.OK);
        var after = patched["data"]!["settings"]!;
        Assert.Equal("gemini-3.8-flash", after["model"]!.GetValue<string>());
        Assert.Null(after["systemInstruction"]);
        // 3.8 Flash does not take "minimal": moving to it goes back to its own default level rather than failing.
        Assert.Null(after["thinkingLevel"]);
        Assert.Equal("Terse", patched["data"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task By_default_a_turn_asks_the_default_model_for_its_default_level_and_no_sampling_settings()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var marker = Guid.NewGuid().ToString("N");

        await _api.ChatAsync(token, id, marker);

        var request = fixture.Gemini.Requests.Containing(marker).Single();
        Assert.Equal("gemini-3.8-flash", request.Model);
        Assert.Equal("""{"thinkingConfig":{"thinkingLevel":"medium"}}""", request.Body["generationConfig"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"model":"gpt-4"}""", "model")]
    [InlineData("""{"model":"gemini-3.1-pro-preview"}""", "model")]
    [InlineData("""{"model":"gemini-2.5-flash"}""", "model")]
    [InlineData("""{"thinkingLevel":"minimal"}""", "thinkingLevel")]
    [InlineData("""{"model":"gemini-3.5-flash","thinkingLevel":"extreme"}""", "thinkingLevel")]
    public async Task Settings_the_plan_or_the_model_does_not_allow_are_a_400_naming_the_field(string body, string field)
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token, "kept");

        var create = await _api.SendAsync(HttpMethod.Post, "/chatroom", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), token);
        var patch = await _api.SendAsync(HttpMethod.Patch, $"/chatroom/{id}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), token);

        foreach (var response in new[] { create, patch })
        {
            var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem["errors"]![field] is not null, problem.ToJsonString());
        }

        var list = await (await _api.GetAsync("/chatroom", token)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, list["count"]!.GetValue<int>());
        Assert.Null((await _api.GetChatroomAsync(token, id))["settings"]!["model"]);
    }

    [Fact]
    public async Task A_system_instruction_over_4000_characters_is_a_400()
    {
        var (_, token) = await _api.NewSessionAsync();

        var response = await _api.PostJsonAsync("/chatroom", new { systemInstruction = new string('x', 4001) }, token);

        Assert.NotNull((await response.ReadProblemAsync(HttpStatusCode.BadRequest))["errors"]!["systemInstruction"]);
    }

    [Fact]
    public async Task Thought_signatures_go_back_intact_through_three_turns_plain_and_streamed()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);
        var marker = Guid.NewGuid().ToString("N");

        await _api.ChatAsync(token, id, $"first {marker}");
        using (var streamed = await _api.StreamAsync(token, id, $"second {marker} [[strict]]"))
        {
            Assert.Equal("done", (await streamed.ReadEventsAsync())[^1].Event);
        }

        // The emulator's strict mode answers 400 unless every earlier answer comes back with its signature.
        var third = await _api.ChatAsync(token, id, $"third {marker} [[strict]]");

        Assert.StartsWith("Reply #3", third);
        var request = fixture.Gemini.Requests.Containing($"third {marker}").Single();
        Assert.Equal(2, request.ModelTurns.Count);
        Assert.All(request.ModelTurns, turn => Assert.Contains(GeminiEmulatorApp.SignatureFor(turn.Text), turn.Signatures));
        var messages = (await _api.GetChatroomAsync(token, id))["messages"]!.AsArray();
        Assert.DoesNotContain("ignature", messages.ToJsonString());
    }

    [Fact]
    public async Task Thought_summaries_stream_as_their_own_events_and_are_stored_apart_from_the_answer()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        using var response = await _api.StreamAsync(token, id, "why is the sky blue", "?thoughts=true");
        var events = await response.ReadEventsAsync();

        Assert.Equal("thought", events[0].Event);
        Assert.Equal("Thinking (medium) about: why is the sky blue", events[0].Data["text"]!.GetValue<string>());
        Assert.Equal("Reply #1: why is the sky blue", string.Concat(events.Where(e => e.Event == "delta").Select(e => e.Data["text"]!.GetValue<string>())));
        var done = events[^1];
        Assert.Equal("done", done.Event);
        Assert.Equal("Thinking (medium) about: why is the sky blue", done.Data["message"]!["thoughts"]!.GetValue<string>());
        var stored = (await _api.GetChatroomAsync(token, id))["messages"]![1]!;
        Assert.Equal("Reply #1: why is the sky blue", stored["text"]!.GetValue<string>());
        Assert.Equal("Thinking (medium) about: why is the sky blue", stored["thoughts"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_chatroom_set_to_include_thoughts_gets_them_on_every_turn_and_a_send_can_turn_them_off()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = (await (await _api.PostJsonAsync("/chatroom", new { includeThoughts = true, thinkingLevel = "high" }, token))
            .ReadJsonAsync(HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();

        var with = await (await _api.SendMessageAsync(token, id, "ponder")).ReadJsonAsync(HttpStatusCode.OK);
        var without = await (await _api.PostJsonAsync($"/chatroom/{id}/message?thoughts=false", new { message = "quick" }, token))
            .ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Thinking (high) about: ponder", with["reply"]!["thoughts"]!.GetValue<string>());
        Assert.Equal("Reply #1: ponder", with["data"]!.GetValue<string>());
        Assert.Null(without["reply"]!["thoughts"]);
        Assert.Null(fixture.Gemini.Requests.Containing("quick")[^1].ThinkingConfig!["includeThoughts"]);
    }

    [Fact]
    public async Task Every_answer_reports_its_model_finish_reason_and_usage_and_the_day_s_tokens_add_up()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        var first = (await (await _api.SendMessageAsync(token, id, "count my tokens")).ReadJsonAsync(HttpStatusCode.OK))["reply"]!;
        var second = (await (await _api.SendMessageAsync(token, id, "and these")).ReadJsonAsync(HttpStatusCode.OK))["reply"]!;

        Assert.Equal(("gemini-3.8-flash-001", "STOP"), (first["model"]!.GetValue<string>(), first["finishReason"]!.GetValue<string>()));
        Assert.Null(first["truncated"]);
        var usage = first["usage"]!;
        Assert.Equal(16, usage["thoughtTokens"]!.GetValue<long>());
        Assert.Equal(usage["inputTokens"]!.GetValue<long>() + usage["outputTokens"]!.GetValue<long>() + 16, usage["totalTokens"]!.GetValue<long>());
        var stored = (await _api.GetChatroomAsync(token, id))["messages"]![1]!;
        Assert.True(JsonNode.DeepEquals(usage, stored["usage"]));
        var tokens = (await (await _api.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!["usage"]!["tokens"]!;
        Assert.Equal(first["usage"]!["totalTokens"]!.GetValue<long>() + second["usage"]!["totalTokens"]!.GetValue<long>(), tokens["totalTokens"]!.GetValue<long>());
        Assert.Equal(32, tokens["thoughtTokens"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_answer_cut_off_at_the_output_limit_is_stored_as_truncated()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        var body = await (await _api.SendMessageAsync(token, id, "write an epic [[max-tokens]]")).ReadJsonAsync(HttpStatusCode.OK);

        var reply = body["reply"]!;
        Assert.True(reply["truncated"]!.GetValue<bool>());
        Assert.Equal("MAX_TOKENS", reply["finishReason"]!.GetValue<string>());
        Assert.StartsWith("Reply #1: write", body["data"]!.GetValue<string>());
        Assert.True((await _api.GetChatroomAsync(token, id))["messages"]![1]!["truncated"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("[[block-reply:SAFETY]]", "SAFETY")]
    [InlineData("[[block-reply:PROHIBITED_CONTENT]]", "PROHIBITED_CONTENT")]
    [InlineData("[[block-reply:BLOCKLIST]]", "BLOCKLIST")]
    [InlineData("[[block-reply:SPII]]", "SPII")]
    [InlineData("[[block-reply:RECITATION]]", "RECITATION")]
    [InlineData("[[block-prompt:PROHIBITED_CONTENT]]", "PROHIBITED_CONTENT")]
    [InlineData("[[block-prompt:OTHER]]", "OTHER")]
    public async Task A_withheld_answer_is_a_422_naming_the_reason_storing_nothing_and_costing_nothing(string directive, string reason)
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        var problem = await (await _api.SendMessageAsync(token, id, $"say it {directive}")).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(reason, problem["reason"]!.GetValue<string>());
        Assert.Contains(reason, problem.Message());
        Assert.Empty((await _api.GetChatroomAsync(token, id)).Messages());
        var usage = (await (await _api.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!["usage"]!;
        Assert.Equal(0, usage["used"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_empty_candidate_list_is_a_502_storing_nothing()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        await (await _api.SendMessageAsync(token, id, "[[no-candidates]]")).ReadProblemAsync(HttpStatusCode.BadGateway);

        Assert.Empty((await _api.GetChatroomAsync(token, id)).Messages());
    }

    [Fact]
    public async Task A_model_gemini_has_shut_down_hands_the_turn_and_the_chatroom_to_its_replacement_with_a_notice()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = (await (await _api.PostJsonAsync("/chatroom", new { model = "gemini-3.7-flash", thinkingLevel = "high" }, token))
            .ReadJsonAsync(HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();
        fixture.Gemini.ShutDown("gemini-3.7-flash");

        var response = await _api.SendMessageAsync(token, id, "still there?");
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        var next = await (await _api.SendMessageAsync(token, id, "and now?")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Reply #1: still there?", body["data"]!.GetValue<string>());
        Assert.Equal("gemini-3.7-flash has been retired by Google, so gemini-3.8-flash answered.", body["notice"]!.GetValue<string>());
        Assert.Equal("gemini-3.8-flash-001", body["reply"]!["model"]!.GetValue<string>());
        Assert.Equal("gemini-3.8-flash", (await _api.GetChatroomAsync(token, id))["settings"]!["model"]!.GetValue<string>());
        Assert.Null(next["notice"]);
        Assert.Equal("gemini-3.8-flash", fixture.Gemini.Requests.Containing("and now?").Single().Model);
    }
}

using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Tests.Gemini;

public sealed class GeminiModelCatalogTests
{
    private readonly FakeLogger<GeminiModelCatalog> _log = new();

    private GeminiModelCatalog Catalog(string model = "gemini-3.8-flash", List<GeminiModelOptions>? models = null) =>
        new(Options.Create(new GeminiOptions { Model = model, Models = models ?? [] }), _log);

    [Fact]
    public void Basic_users_are_offered_current_models_only_and_pro_users_the_pro_model_too()
    {
        var catalog = Catalog();

        var basic = catalog.Offered(UserTier.Basic).Select(m => m.Id).ToList();
        var pro = catalog.Offered(UserTier.Pro).Select(m => m.Id).ToList();

        Assert.Equal("gemini-3.8-flash", basic[0]);
        Assert.DoesNotContain("gemini-3.1-pro-preview", basic);
        Assert.Contains("gemini-3.1-pro-preview", pro);
        Assert.DoesNotContain("gemini-2.5-flash", pro);
    }

    [Fact]
    public void A_downgraded_user_s_pro_only_chatroom_turns_to_the_default_with_a_notice()
    {
        var (model, notice) = Catalog().ForTurn(new ChatroomSettings("gemini-3.1-pro-preview", null, "high", false), UserTier.Basic);

        Assert.Equal("gemini-3.8-flash", model.Id);
        Assert.Equal("gemini-3.1-pro-preview is not available on the Basic plan, so gemini-3.8-flash answered.", notice);
    }

    [Fact]
    public void A_shut_down_model_hands_over_to_its_replacement_and_is_reported_once()
    {
        var catalog = Catalog(model: "gemini-2.5-flash");

        catalog.MarkShutDown("gemini-2.5-flash");
        catalog.MarkShutDown("gemini-2.5-flash");
        var (model, notice) = catalog.ForTurn(ChatroomSettings.Default, UserTier.Basic);

        Assert.Equal("gemini-3.5-flash-lite", model.Id);
        Assert.Contains("retired", notice);
        Assert.Single(_log.Collector.GetSnapshot(), e => e.Level == LogLevel.Warning && e.Message.Contains("gemini-2.5-flash"));
    }

    [Fact]
    public void A_budget_model_takes_no_level_and_a_gemini_3_model_only_its_own()
    {
        var catalog = Catalog(models:
        [
            new() { Id = "gemini-3.8-flash", Tiers = [UserTier.Basic], Thinking = ["low", "high"], DefaultThinkingLevel = "high" },
            new() { Id = "gemini-2.5-pro", Tiers = [UserTier.Basic], Thinking = [GeminiThinking.Budget] },
        ]);

        Assert.Null(catalog.Check(new ChatroomSettings(null, null, "low", false), UserTier.Basic));
        Assert.Equal("thinkingLevel", catalog.Check(new ChatroomSettings(null, null, "medium", false), UserTier.Basic)!.Value.Field);
        Assert.Equal("thinkingLevel", catalog.Check(new ChatroomSettings("gemini-2.5-pro", null, "low", false), UserTier.Basic)!.Value.Field);
        Assert.Equal("model", catalog.Check(new ChatroomSettings("gemini-2.5-pro", null, null, false), UserTier.Pro)!.Value.Field);
        // A model kept rather than chosen is not judged against the plan again.
        Assert.Null(catalog.Check(new ChatroomSettings("gemini-2.5-pro", null, null, false), choosingTier: null));
        Assert.Null(GeminiModelCatalog.ThinkingLevelFor(catalog.Find("gemini-2.5-pro")!, ChatroomSettings.Default));
        Assert.Equal("high", GeminiModelCatalog.ThinkingLevelFor(catalog.Find("gemini-3.8-flash")!, ChatroomSettings.Default));
    }

    [Fact]
    public void A_default_model_missing_from_the_catalog_is_offered_to_everyone()
    {
        var catalog = Catalog(model: "gemini-4-flash");

        Assert.Equal("gemini-4-flash", catalog.Offered(UserTier.Basic)[0].Id);
        Assert.True(catalog.Offered(UserTier.Basic)[0].IsDefault);
    }

    [Theory]
    [InlineData("gemini-x", "huge", null, null, "Thinking")]
    [InlineData("gemini-x", "low", "high", null, "DefaultThinkingLevel")]
    [InlineData("gemini-x", "low", null, "gemini-nowhere", "ReplacedBy")]
    public void Start_up_refuses_a_catalog_that_cannot_be_right(string id, string level, string? defaultLevel, string? replacedBy, string setting)
    {
        var options = new GeminiOptions
        {
            Models = [new() { Id = id, Tiers = [UserTier.Basic], Thinking = [level], DefaultThinkingLevel = defaultLevel, ReplacedBy = replacedBy }],
        };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Contains(errors, e => e.ErrorMessage!.Contains($"Gemini:Models:0:{setting}"));
    }
}

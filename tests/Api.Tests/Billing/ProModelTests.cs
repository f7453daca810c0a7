using System.Net;
using GeminiClone.Api.Tests.Infrastructure;
using static GeminiClone.Api.Tests.Infrastructure.StripeWebhooks;

namespace GeminiClone.Api.Tests.Billing;

[Collection(BillingCollection.Name)]
public sealed class ProModelTests(BillingFixture fixture)
{
    private const string ProModel = "gemini-3.1-pro-preview";

    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_pro_user_may_choose_the_pro_model_and_after_a_downgrade_the_chatroom_answers_with_the_default_and_says_so()
    {
        var (user, token) = await _api.NewSessionAsync();
        var (customer, subscription) = (NewId("cus"), NewId("sub"));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await _api.DeliverOkAsync(Event("checkout.session.completed", CheckoutSession(user.Id, customer, subscription), created: now));

        var offered = (await (await _api.GetAsync("/models", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!.AsArray()
            .Select(m => m!["id"]!.GetValue<string>()).ToList();
        var id = (await (await _api.PostJsonAsync("/chatroom", new { model = ProModel }, token)).ReadJsonAsync(HttpStatusCode.Created))
            ["data"]!["id"]!.GetValue<string>();
        var asPro = await (await _api.SendMessageAsync(token, id, "deep question")).ReadJsonAsync(HttpStatusCode.OK);

        await _api.DeliverOkAsync(Event("customer.subscription.deleted", Subscription(subscription, customer, "canceled", user.Id), created: now + 60));
        var asBasic = await (await _api.SendMessageAsync(token, id, "and now?")).ReadJsonAsync(HttpStatusCode.OK);
        var renamed = await (await _api.SendAsync(HttpMethod.Patch, $"/chatroom/{id}",
            System.Net.Http.Json.JsonContent.Create(new { title = "still mine" }), token)).ReadJsonAsync(HttpStatusCode.OK);
        var reChosen = await _api.SendAsync(HttpMethod.Patch, $"/chatroom/{id}", System.Net.Http.Json.JsonContent.Create(new { model = ProModel }), token);

        Assert.Contains(ProModel, offered);
        Assert.Equal($"{ProModel}-001", asPro["reply"]!["model"]!.GetValue<string>());
        Assert.Null(asPro["notice"]);
        Assert.Equal("gemini-3.8-flash-001", asBasic["reply"]!["model"]!.GetValue<string>());
        Assert.Equal($"{ProModel} is not available on the Basic plan, so gemini-3.8-flash answered.", asBasic["notice"]!.GetValue<string>());
        // The chatroom keeps its choice (so upgrading again brings the Pro model back) and stays editable, but a
        // Basic user cannot choose the Pro model anew.
        Assert.Equal(ProModel, (await _api.GetChatroomAsync(token, id))["settings"]!["model"]!.GetValue<string>());
        Assert.Equal("still mine", renamed["data"]!["title"]!.GetValue<string>());
        Assert.NotNull((await reChosen.ReadProblemAsync(HttpStatusCode.BadRequest))["errors"]!["model"]);
    }
}

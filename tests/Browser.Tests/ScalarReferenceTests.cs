using System.Net;
using GeminiClone.Api.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GeminiClone.Browser.Tests;

/// <summary>The API reference as a person uses it: a real headless Chromium on the real Api.</summary>
public sealed class ScalarReferenceTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_reference_loads_lists_every_operation_and_a_call_made_from_it_with_a_token_succeeds()
    {
        var api = factory.CreateApiClient();
        var baseUrl = api.Http.BaseAddress!.ToString().TrimEnd('/');
        var (user, token) = await api.NewSessionAsync();
        var document = await (await api.GetAsync("/openapi/v1.json")).ReadJsonAsync(HttpStatusCode.OK);
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (
                Tag: op.Value!["tags"]![0]!.GetValue<string>(),
                Summary: op.Value["summary"]!.GetValue<string>())))
            .ToList();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium.Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        // Scalar renders the document in the page's own JavaScript after the network is idle; on a busy two-core CI
        // machine that took longer than Playwright's 5 s default (the sidebar was drawn, the introduction not yet).
        // These are waits for something to appear, not measurements, so they may be generous.
        page.SetDefaultTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        await page.GotoAsync($"{baseUrl}/scalar/", new() { WaitUntil = WaitUntilState.NetworkIdle });

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "GeminiClone API" })).ToBeVisibleAsync();
        // Every operation of the document is listed: open every group of the sidebar and find each summary in it.
        var closed = page.Locator("li[data-sidebar-id] button[aria-expanded='false']");
        for (var opened = 0; await closed.CountAsync() > 0 && opened < 50; opened++)
        {
            await closed.First.ClickAsync();
        }

        var sidebar = page.Locator("li[data-sidebar-id]");
        foreach (var (_, summary) in operations)
        {
            await Assertions.Expect(sidebar.GetByText(summary, new() { Exact = true }).First).ToBeVisibleAsync();
        }

        // Authorize as a person would (the Bearer scheme our document declares), then try GET /user/me from its section.
        await page.GetByPlaceholder("Token").First.FillAsync(token);
        const string me = "The signed-in user's profile";
        await page.Locator("li[data-sidebar-id]").GetByText(me, new() { Exact = true }).First.ClickAsync();
        var section = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = me }) }).Last;
        await section.GetByRole(AriaRole.Button, new() { Name = "Test Request" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).First.ClickAsync();

        await Assertions.Expect(page.GetByText("User profile retrieved successfully").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(user.Id).First).ToBeVisibleAsync();
    }
}

/// <summary>Debian's chromium, which <c>tests/run.sh</c> installs; <c>CHROMIUM_PATH</c> points elsewhere.</summary>
internal static class Chromium
{
    public static string Path =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
        : throw new InvalidOperationException("Chromium is not installed: run the tests with bash tests/run.sh, which installs it, or set CHROMIUM_PATH.");
}

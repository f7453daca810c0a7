using GeminiClone.Api.Auth;
using Microsoft.AspNetCore.Http;

namespace GeminiClone.Api.Tests.Auth;

/// <summary>
/// Which scheme reads a request's bearer credential: an API key (<c>gc_</c>) goes to the key's handler, anything else
/// to the access-token handler. Read in place on every request, so its edge cases are pinned here.
/// </summary>
public sealed class ApiKeySchemeSelectionTests
{
    [Theory]
    [InlineData("Bearer gc_abc", true)]
    [InlineData("bearer gc_abc", true)]
    [InlineData("  BEARER   gc_abc  ", true)]
    [InlineData("Bearer\tgc_abc", true)]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig", false)]
    [InlineData("Bearergc_abc", false)]
    [InlineData("Bearer", false)]
    [InlineData("Bearer ", false)]
    [InlineData("Basic gc_abc", false)]
    [InlineData("Bearer GC_abc", false)]
    [InlineData("", false)]
    public void An_api_key_is_told_from_an_access_token_by_its_prefix_after_the_bearer_scheme(string authorization, bool isKey)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = authorization;

        Assert.Equal(isKey, ApiKeyAuthenticationHandler.Presents(context));
    }

    [Fact]
    public void A_request_without_credentials_presents_no_key()
    {
        Assert.False(ApiKeyAuthenticationHandler.Presents(new DefaultHttpContext()));
    }
}

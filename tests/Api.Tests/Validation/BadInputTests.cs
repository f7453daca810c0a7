using System.Net;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Validation;

[Collection(ApiCollection.Name)]
public sealed class BadInputTests(ApiFactory factory)
{
    private readonly ApiClient _api = factory.CreateApiClient();

    [Theory]
    [InlineData("{\"name\":")]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"name\": {\"nested\": true}, \"mobileNumber\": \"9876543210\", \"password\": \"long enough\"}")]
    public async Task Malformed_json_is_400(string body)
    {
        var problem = await (await _api.PostRawAsync("/auth/signup", body)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("JSON", problem.Message());
    }

    [Fact]
    public async Task An_empty_body_is_400()
    {
        await (await _api.PostRawAsync("/auth/signup", "")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_not_json_by_content_type_is_415()
    {
        var problem = await (await _api.PostRawAsync("/auth/signup", "name=a", "application/x-www-form-urlencoded"))
            .ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);

        Assert.Contains("application/json", problem.Message());
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_413()
    {
        var huge = $"{{\"name\":\"{new string('a', 70 * 1024)}\",\"mobileNumber\":\"9876543210\",\"password\":\"long enough\"}}";

        await (await _api.PostRawAsync("/auth/signup", huge)).ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Missing_fields_are_400_listing_each_field_by_its_json_name()
    {
        var problem = await (await _api.PostRawAsync("/auth/signup", "{}")).ReadProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem["errors"]!.AsObject();
        Assert.Equal(["mobileNumber", "name", "password"], errors.Select(e => e.Key).Order());
    }

    [Theory]
    [InlineData(101, 12)]
    [InlineData(5, 7)]
    [InlineData(5, 129)]
    public async Task Fields_outside_their_limits_are_400_naming_the_field(int nameLength, int passwordLength)
    {
        var response = await _api.PostJsonAsync("/auth/signup", new
        {
            name = new string('n', nameLength),
            mobileNumber = ApiClient.NextMobileNumber(),
            password = new string('p', passwordLength),
        });

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        var field = nameLength > 100 ? "name" : "password";
        Assert.NotNull(problem["errors"]![field]);
    }

    [Theory]
    [InlineData("12")]
    [InlineData("not a number")]
    [InlineData("+1 202 555 0000 1234")]
    [InlineData("0000000000")]
    [InlineData("98123abcde")]
    [InlineData("+91 98765 4321O")]
    public async Task An_invalid_mobile_number_is_400(string mobileNumber)
    {
        var response = await _api.PostJsonAsync("/auth/signup", new { name = "Asha", mobileNumber, password = ApiClient.Password });

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["mobileNumber"]);
    }

    [Fact]
    public async Task An_otp_that_is_neither_string_nor_number_is_400()
    {
        var response = await _api.PostRawAsync("/auth/verify-otp", "{\"mobileNumber\":\"9876543210\",\"otp\":{\"code\":1}}");

        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(60, "😀")]
    [InlineData(100, "é")]
    [InlineData(100, "👩‍👩‍👧‍👦")]
    public async Task Lengths_count_characters_as_people_see_them(int count, string character)
    {
        var name = string.Concat(Enumerable.Repeat(character, count));

        var response = await _api.PostJsonAsync("/auth/signup", new { name, mobileNumber = ApiClient.NextMobileNumber(), password = ApiClient.Password });

        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(name, body["data"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task One_character_over_the_limit_is_400_and_so_is_a_character_stacked_with_marks()
    {
        var tooMany = await _api.PostJsonAsync("/auth/signup", new { name = string.Concat(Enumerable.Repeat("😀", 101)), mobileNumber = ApiClient.NextMobileNumber(), password = ApiClient.Password });
        // One grapheme made of a letter and 2,000 combining marks: one "character", far too many code units.
        var stacked = await _api.PostJsonAsync("/auth/signup", new { name = "a" + new string('\u0301', 2000), mobileNumber = ApiClient.NextMobileNumber(), password = ApiClient.Password });

        Assert.NotNull((await tooMany.ReadProblemAsync(HttpStatusCode.BadRequest))["errors"]!["name"]);
        Assert.NotNull((await stacked.ReadProblemAsync(HttpStatusCode.BadRequest))["errors"]!["name"]);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"a string\"")]
    [InlineData("42")]
    [InlineData("{\"name\": [1]}")]
    public async Task A_body_of_the_wrong_shape_is_a_400_written_for_the_client(string body)
    {
        var problem = await (await _api.PostRawAsync("/auth/signup", body)).ReadProblemAsync(HttpStatusCode.BadRequest);

        var text = problem.ToJsonString();
        Assert.DoesNotContain("GeminiClone", text);
        Assert.DoesNotContain("Service", text);
        Assert.DoesNotContain("parameter", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("System.", text);
    }

    [Fact]
    public async Task A_query_value_of_the_wrong_type_is_a_400_naming_only_the_field()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token);

        var problem = await (await _api.GetAsync($"/chatroom/{room}?before=abc", token)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("The value of 'before' is not valid.", problem.Message());
    }

    [Theory]
    [InlineData("%20")]
    [InlineData("%09")]
    [InlineData("%C2%A0")]
    [InlineData("%E3%80%80")]
    [InlineData("not-a-chatroom")]
    public async Task An_id_that_cannot_be_ours_is_a_404_problem_on_every_chatroom_route(string id)
    {
        var (_, token) = await _api.NewSessionAsync();

        var responses = new[]
        {
            await _api.GetAsync($"/chatroom/{id}", token),
            await _api.SendAsync(HttpMethod.Patch, $"/chatroom/{id}", System.Net.Http.Json.JsonContent.Create(new { title = "x" }), token),
            await _api.SendAsync(HttpMethod.Delete, $"/chatroom/{id}", null, token),
            await _api.PostJsonAsync($"/chatroom/{id}/message", new { message = "hi" }, token),
        };

        foreach (var response in responses)
        {
            Assert.Equal("Chatroom not found.", (await response.ReadProblemAsync(HttpStatusCode.NotFound)).Message());
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/health/live")]
    [InlineData("/user/me")]
    [InlineData("/openapi/v1.json")]
    public async Task Head_is_answered_wherever_get_is_with_the_same_status_and_no_body(string path)
    {
        var (_, token) = await _api.NewSessionAsync();

        var get = await _api.SendAsync(HttpMethod.Get, path, null, token);
        var head = await _api.SendAsync(HttpMethod.Head, path, null, token);

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_unknown_path_is_a_404_problem()
    {
        await (await _api.GetAsync("/no/such/thing")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        await (await _api.GetAsync("/auth/signup")).ReadProblemAsync(HttpStatusCode.MethodNotAllowed);
    }
}

using System.Net;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests;

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

using System.Buffers.Text;
using System.Text.Json;
using GeminiClone.Api.Hosting;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Interfaces.Users.Passkeys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Auth;

/// <summary>
/// Passkeys (WebAuthn). Options and answers travel in WebAuthn Level 3's JSON form, so a page hands them to
/// <c>PublicKeyCredential.parseCreationOptionsFromJSON</c> / <c>parseRequestOptionsFromJSON</c> and posts back
/// <c>credential.toJSON()</c> unchanged. The grains hold the ceremonies and verify; this class only translates.
/// </summary>
public static class PasskeyEndpoints
{
    private const string PublicKeyType = "public-key";

    public static IEndpointRouteBuilder MapPasskeyApi(this IEndpointRouteBuilder app)
    {
        var ceremonies = app.MapGroup("/auth/passkeys").WithTags("Passkeys").WithNoStore().WithCallerAddress();
        ceremonies.MapPost("/register/options", BeginRegistrationAsync).RequireSignedInPerson().WithName("PasskeyRegistrationOptions")
            .WithSummary("Options for navigator.credentials.create(): start adding a passkey to the signed-in account");
        ceremonies.MapPost("/register", RegisterAsync).RequireSignedInPerson().WithName("RegisterPasskey")
            .WithSummary("Add the passkey the browser created (its credential.toJSON(), and an optional name)")
            .ProducesProblem(StatusCodes.Status409Conflict);
        var anonymous = ceremonies.MapGroup("").RequireRateLimiting(AuthRateLimiting.Policy);
        anonymous.MapPost("/login/options", BeginSignInAsync).WithName("PasskeyLoginOptions")
            .WithSummary("Options for navigator.credentials.get(): sign in with any passkey of this site");
        anonymous.MapPost("/login", SignInAsync).WithName("PasskeyLogin")
            .WithSummary("Exchange a passkey's answer (its credential.toJSON()) for an access token and a refresh token, as verify-otp does")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        var passkeys = app.MapGroup("/user/passkeys").WithTags("Passkeys").RequireSignedInPerson().WithCallerAddress();
        passkeys.MapGet("", ListAsync).WithName("GetPasskeys").WithSummary("The caller's passkeys, oldest first");
        passkeys.MapPatch("/{id:length(1,1400)}", RenameAsync).WithName("RenamePasskey").WithSummary("Rename one of the caller's passkeys");
        passkeys.MapDelete("/{id:length(1,1400)}", DeleteAsync).WithName("DeletePasskey")
            .WithSummary("Delete one of the caller's passkeys: it signs in no more");
        return app;
    }

    public static async Task<Results<Ok<ApiResponse<JsonElement>>, ProblemHttpResult>> BeginRegistrationAsync(
        HttpContext httpContext, IGrainFactory grains)
    {
        if (await httpContext.GetCallerProfileAsync(grains) is not { } profile)
        {
            return ApiProblems.NotFound("User not found.");
        }

        // The number names the account on the authenticator's account picker; the person's name is shown beside it.
        var options = await grains.GetGrain<IUserPasskeysGrain>(profile.Id)
            .BeginRegistrationAsync(new PasskeyAccountNames(profile.MobileNumber, profile.Name));
        return TypedResults.Ok(ApiResponse.Ok("Passkey creation options", JsonSerializer.Deserialize<JsonElement>(options)));
    }

    public static async Task<Results<Created<ApiResponse<PasskeyData>>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        PasskeyRegistrationRequest request, HttpContext httpContext, IGrainFactory grains)
    {
        var response = request.Response;
        if (Invalid(request.Type, request.Id, request.RawId, out var credentialId) is { } invalid)
        {
            return invalid;
        }

        if (!TryDecode(response.ClientDataJson, out var clientData) || !TryDecode(response.AttestationObject, out var attestationObject))
        {
            return ApiProblems.Invalid("response", "clientDataJSON and attestationObject must be base64url.");
        }

        var transports = response.Transports ?? [];
        if (transports.Any(t => t is not { Length: > 0 and <= PasskeyLimits.TypeMaxLength }))
        {
            return ApiProblems.Invalid("response.transports", "Each transport is a short string such as \"internal\" or \"usb\".");
        }

        var result = await grains.GetGrain<IUserPasskeysGrain>(httpContext.User.GetUserId())
            .RegisterAsync(new PasskeyAttestation(credentialId, clientData, attestationObject, transports), request.Name);
        return result switch
        {
            { Status: PasskeyRegistrationStatus.Registered, Passkey: { } passkey } => TypedResults.Created(
                $"/user/passkeys/{passkey.Id}", ApiResponse.Ok("Passkey registered successfully", PasskeyData.From(passkey))),
            { Status: PasskeyRegistrationStatus.AlreadyRegistered } => ApiProblems.Conflict("This passkey is already registered."),
            { Status: PasskeyRegistrationStatus.CeremonyNotFound } => ApiProblems.BadRequest(
                "No passkey registration is pending for this challenge: it expired or was used. Ask for new options."),
            _ => ApiProblems.BadRequest($"The passkey could not be verified: {result.Reason}"),
        };
    }

    public static async Task<Ok<ApiResponse<JsonElement>>> BeginSignInAsync(IGrainFactory grains)
    {
        var options = await grains.GetGrain<IPasskeySignInGrain>(0).BeginAsync();
        return TypedResults.Ok(ApiResponse.Ok("Passkey request options", JsonSerializer.Deserialize<JsonElement>(options)));
    }

    public static async Task<Results<Ok<ApiResponse<TokenData>>, ValidationProblem, ProblemHttpResult>> SignInAsync(
        PasskeySignInRequest request, HttpContext httpContext, IGrainFactory grains, AccessTokens tokens)
    {
        var response = request.Response;
        if (Invalid(request.Type, request.Id, request.RawId, out var credentialId) is { } invalid)
        {
            return invalid;
        }

        byte[]? userHandle = null;
        if (!TryDecode(response.ClientDataJson, out var clientData) || !TryDecode(response.AuthenticatorData, out var authenticatorData)
            || !TryDecode(response.Signature, out var signature) || (response.UserHandle is { } handle && !TryDecode(handle, out userHandle)))
        {
            return ApiProblems.Invalid("response", "clientDataJSON, authenticatorData, signature and userHandle must be base64url.");
        }

        var verified = await grains.GetGrain<IPasskeySignInGrain>(0)
            .FinishAsync(new PasskeyAssertion(credentialId, clientData, authenticatorData, signature, userHandle));
        if (verified is not { Status: PasskeySignInStatus.Verified, UserId: { } userId })
        {
            return SignInRefused(verified.Status switch
            {
                PasskeySignInStatus.CeremonyNotFound => "No passkey sign-in is pending for this challenge: it expired or was used. Ask for new options.",
                PasskeySignInStatus.UnknownCredential => "This passkey is not registered here.",
                PasskeySignInStatus.PossiblyCloned =>
                    "This passkey's signature counter went backwards, so a copy of it may exist; it no longer signs in. Sign in otherwise and delete it.",
                _ => $"The passkey's answer could not be verified: {verified.Reason}",
            });
        }

        var result = await grains.GetGrain<IUserGrain>(userId).SignInWithVerifiedCredentialAsync(httpContext.GetSessionClient());
        if (result.Check == OtpCheck.Suspended)
        {
            return SuspendedAccount.Problem();
        }

        if (result is not { Check: OtpCheck.Accepted, User: { } profile, Session: { } session })
        {
            return SignInRefused("This passkey's account no longer exists.");
        }

        var token = tokens.Issue(profile.Id, result.TokenVersion, session.SessionId);
        return TypedResults.Ok(ApiResponse.Ok("Signed in with a passkey", AuthEndpoints.ToData(token, profile.Id, session)));
    }

    public static async Task<Ok<ApiResponse<IReadOnlyList<PasskeyData>>>> ListAsync(HttpContext httpContext, IGrainFactory grains)
    {
        var passkeys = await grains.GetGrain<IUserPasskeysGrain>(httpContext.User.GetUserId()).GetPasskeysAsync();
        return TypedResults.Ok(ApiResponse.Ok<IReadOnlyList<PasskeyData>>("Passkeys retrieved successfully", [.. passkeys.Select(PasskeyData.From)]));
    }

    public static async Task<Results<Ok<ApiResponse<PasskeyData>>, ProblemHttpResult>> RenameAsync(
        string id, RenamePasskeyRequest request, HttpContext httpContext, IGrainFactory grains)
    {
        var passkey = await grains.GetGrain<IUserPasskeysGrain>(httpContext.User.GetUserId()).RenameAsync(id, request.Name);
        return passkey is null
            ? PasskeyNotFound()
            : TypedResults.Ok(ApiResponse.Ok("Passkey renamed successfully", PasskeyData.From(passkey)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, HttpContext httpContext, IGrainFactory grains) =>
        await grains.GetGrain<IUserPasskeysGrain>(httpContext.User.GetUserId()).DeleteAsync(id)
            ? TypedResults.NoContent()
            : PasskeyNotFound();

    /// <summary>The members every credential answer shares; <c>id</c> and <c>rawId</c> are the same bytes.</summary>
    private static ValidationProblem? Invalid(string type, string id, string rawId, out byte[] credentialId)
    {
        credentialId = [];
        if (type != PublicKeyType)
        {
            return ApiProblems.Invalid("type", "Must be \"public-key\".");
        }

        return TryDecode(rawId, out credentialId) && credentialId.Length > 0 && TryDecode(id, out var fromId) && fromId.AsSpan().SequenceEqual(credentialId)
            ? null
            : ApiProblems.Invalid("rawId", "id and rawId must be the same credential id, base64url.");
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    private static ProblemHttpResult SignInRefused(string detail) => ApiProblems.Status(StatusCodes.Status401Unauthorized, detail);

    private static ProblemHttpResult PasskeyNotFound() => ApiProblems.NotFound("Passkey not found.");
}

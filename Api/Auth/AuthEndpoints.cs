using GeminiClone.Api.Auth.Sms;
using GeminiClone.Api.Hosting;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Api.Users;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GeminiClone.Api.Auth;

public static partial class AuthEndpoints
{
    private const string UnknownNumber = "No user is registered with this mobile number.";

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/auth").WithTags("Auth").WithNoStore().WithCallerAddress();
        var anonymous = auth.MapGroup("").RequireRateLimiting(AuthRateLimiting.Policy);

        anonymous.MapPost("/signup", SignUpAsync).WithName("SignUp").WithSummary("Register with a mobile number and a password")
            .ProducesProblem(StatusCodes.Status409Conflict);
        // 403 everywhere below: the account is suspended (SuspendedAccount).
        anonymous.MapPost("/send-otp", SendLoginOtpAsync).WithName("SendOtp").WithSummary("Send a login OTP")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        anonymous.MapPost("/verify-otp", VerifyOtpAsync).WithName("VerifyOtp").WithSummary("Exchange a login OTP for an access token")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        anonymous.MapPost("/forgot-password", SendResetOtpAsync).WithName("ForgotPassword").WithSummary("Send a password-reset OTP")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        anonymous.MapPost("/reset-password", ResetPasswordAsync).WithName("ResetPassword").WithSummary("Set a new password with a reset OTP")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        anonymous.MapPost("/refresh", RefreshAsync).WithName("Refresh")
            .WithSummary("Exchange a refresh token for a new access token and refresh token (each refresh token works once)")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        auth.MapPost("/logout", LogOutAsync).RequireSignedInPerson().WithName("LogOut")
            .WithSummary("End the caller's session: its access and refresh tokens stop working at once");
        auth.MapPost("/change-password", ChangePasswordAsync).RequireSignedInPerson()
            .WithName("ChangePassword").WithSummary("Change the password; tokens issued before are revoked")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Created<ApiResponse<UserData>>, ValidationProblem, ProblemHttpResult>> SignUpAsync(
        SignUpRequest request, IGrainFactory grains, MobileNumbers mobileNumbers)
    {
        if (!mobileNumbers.TryNormalize(request.MobileNumber, out var mobileNumber))
        {
            return InvalidMobileNumber();
        }

        var result = await grains.GetGrain<IMobileNumberGrain>(mobileNumber).SignUpAsync(request.Name.Trim(), request.Password);
        return result switch
        {
            { Status: SignUpStatus.Registered, User: { } user } =>
                TypedResults.Created("/user/me", ApiResponse.Ok("User registered successfully", UserData.From(user))),
            _ => ApiProblems.Conflict("A user with this mobile number already exists."),
        };
    }

    public static Task<Results<Ok<ApiResponse<OtpSentData>>, ValidationProblem, ProblemHttpResult, TooManyRequestsProblem, RetryLaterProblem>> SendLoginOtpAsync(
        MobileNumberRequest request, [AsParameters] OtpServices services, CancellationToken cancellationToken) =>
        SendOtpAsync(request.MobileNumber, OtpPurpose.Login, services, cancellationToken);

    public static Task<Results<Ok<ApiResponse<OtpSentData>>, ValidationProblem, ProblemHttpResult, TooManyRequestsProblem, RetryLaterProblem>> SendResetOtpAsync(
        MobileNumberRequest request, [AsParameters] OtpServices services, CancellationToken cancellationToken) =>
        SendOtpAsync(request.MobileNumber, OtpPurpose.PasswordReset, services, cancellationToken);

    public static async Task<Results<Ok<ApiResponse<TokenData>>, ValidationProblem, ProblemHttpResult, TooManyRequestsProblem>> VerifyOtpAsync(
        VerifyOtpRequest request, HttpContext httpContext, [AsParameters] OtpCheckServices services, AccessTokens tokens)
    {
        if (!services.MobileNumbers.TryNormalize(request.MobileNumber, out var mobileNumber))
        {
            return InvalidMobileNumber();
        }

        if (await FindUserAsync(services.Grains, mobileNumber) is not { } user)
        {
            return await RejectWithoutAccountAsync<Ok<ApiResponse<TokenData>>>(services, mobileNumber, OtpPurpose.Login, request.Otp);
        }

        var result = await user.SignInWithOtpAsync(request.Otp, httpContext.GetSessionClient());
        if (result is not { Check: OtpCheck.Accepted, User: { } profile, Session: { } session })
        {
            return result.Check == OtpCheck.UnknownUser
                ? await RejectWithoutAccountAsync<Ok<ApiResponse<TokenData>>>(services, mobileNumber, OtpPurpose.Login, request.Otp)
                : OtpRejected<Ok<ApiResponse<TokenData>>>(new OtpVerdict(result.Check, result.RetryAfter));
        }

        // data.token stays where the original put it, so clients that never refresh keep working.
        var token = tokens.Issue(profile.Id, result.TokenVersion, session.SessionId);
        return TypedResults.Ok(ApiResponse.Ok("OTP verified successfully", ToData(token, profile.Id, session)));
    }

    public static async Task<Results<Ok<ApiResponse<TokenData>>, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, HttpContext httpContext, IGrainFactory grains, AccessTokens tokens)
    {
        if (!RefreshTokens.TryParse(request.RefreshToken, out var userId, out var sessionId, out var secret))
        {
            return RefreshRefused("The refresh token is invalid.");
        }

        var result = await grains.GetGrain<IUserGrain>(userId).RefreshSessionAsync(sessionId, secret, httpContext.GetSessionClient());
        return result switch
        {
            { Status: SessionRefreshStatus.Refreshed, Grant: { } grant } => TypedResults.Ok(ApiResponse.Ok(
                "Token refreshed successfully", ToData(tokens.Issue(userId, result.TokenVersion, grant.SessionId), userId, grant))),
            { Status: SessionRefreshStatus.Reused } => RefreshRefused(
                "This refresh token was already used, so its session has been ended for safety; sign in again."),
            { Status: SessionRefreshStatus.Expired } => RefreshRefused("The refresh token has expired; sign in again."),
            { Status: SessionRefreshStatus.Suspended } => SuspendedAccount.Problem(),
            _ => RefreshRefused("The refresh token is invalid."),
        };
    }

    public static async Task<Results<Ok<ApiResponse<object?>>, ProblemHttpResult>> LogOutAsync(HttpContext httpContext, IGrainFactory grains)
    {
        if (httpContext.User.GetSessionId() is not { } sessionId)
        {
            return ApiProblems.BadRequest(
                "This token was issued before sessions existed and has none to end; it expires on its own, or change the password to revoke it.");
        }

        await grains.GetGrain<IUserGrain>(httpContext.User.GetUserId()).EndSessionAsync(sessionId);
        return TypedResults.Ok(ApiResponse.Ok<object?>("Signed out successfully", null));
    }

    public static async Task<Results<Ok<ApiResponse<object?>>, ValidationProblem, ProblemHttpResult, TooManyRequestsProblem>> ResetPasswordAsync(
        ResetPasswordRequest request, [AsParameters] OtpCheckServices services)
    {
        if (!services.MobileNumbers.TryNormalize(request.MobileNumber, out var mobileNumber))
        {
            return InvalidMobileNumber();
        }

        if (await FindUserAsync(services.Grains, mobileNumber) is not { } user)
        {
            return await RejectWithoutAccountAsync<Ok<ApiResponse<object?>>>(services, mobileNumber, OtpPurpose.PasswordReset, request.Otp);
        }

        var result = await user.ResetPasswordAsync(request.Otp, request.NewPassword);
        return result.Check switch
        {
            OtpCheck.Accepted => TypedResults.Ok(ApiResponse.Ok<object?>("Password reset successfully", null)),
            OtpCheck.UnknownUser => await RejectWithoutAccountAsync<Ok<ApiResponse<object?>>>(services, mobileNumber, OtpPurpose.PasswordReset, request.Otp),
            _ => OtpRejected<Ok<ApiResponse<object?>>>(new OtpVerdict(result.Check, result.RetryAfter)),
        };
    }

    public static async Task<Results<Ok<ApiResponse<TokenData>>, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest request, HttpContext httpContext, IGrainFactory grains, AccessTokens tokens)
    {
        var userId = httpContext.User.GetUserId();
        var sessionId = httpContext.User.GetSessionId();
        var result = await grains.GetGrain<IUserGrain>(userId).ChangePasswordAsync(request.CurrentPassword, request.NewPassword, sessionId);
        return result.Status switch
        {
            // Every other session ends; the caller's own token dies with the change, so hand back a fresh one for
            // its session and this device stays signed in (its refresh token keeps working).
            PasswordChangeStatus.Changed => TypedResults.Ok(
                ApiResponse.Ok("Password changed successfully", ToData(tokens.Issue(userId, result.TokenVersion, sessionId)))),
            PasswordChangeStatus.WrongCurrentPassword => ApiProblems.BadRequest("Wrong current password."),
            _ => ApiProblems.NotFound("User not found."),
        };
    }

    public sealed record OtpCheckServices(IGrainFactory Grains, MobileNumbers MobileNumbers, IOptions<OtpDeliveryOptions> Delivery);

    public sealed record OtpServices(
        HttpContext HttpContext, IGrainFactory Grains, MobileNumbers MobileNumbers, IOtpSender Sender, ISmsGuard SmsGuard,
        IOptions<OtpDeliveryOptions> Delivery);

    private static async Task<IUserGrain?> FindUserAsync(IGrainFactory grains, string mobileNumber) =>
        await grains.GetGrain<IMobileNumberGrain>(mobileNumber).GetUserIdAsync() is { } userId
            ? grains.GetGrain<IUserGrain>(userId)
            : null;

    private static ValidationProblem InvalidMobileNumber() =>
        ApiProblems.Invalid("mobileNumber", "Not a valid mobile number.");

    /// <summary>
    /// A code checked for a number with no account: while codes are returned in responses, the original's 404; else
    /// the answer a registered number with a wrong code gets (the number's grain keeps the same tries and lock).
    /// </summary>
    private static async Task<Results<T, ValidationProblem, ProblemHttpResult, TooManyRequestsProblem>> RejectWithoutAccountAsync<T>(
        OtpCheckServices services, string mobileNumber, OtpPurpose purpose, string otp)
        where T : IResult
    {
        if (services.Delivery.Value.CodesInResponses)
        {
            return ApiProblems.NotFound(UnknownNumber);
        }

        var verdict = await services.Grains.GetGrain<IMobileNumberGrain>(mobileNumber).VerifyOtpWithoutAccountAsync(purpose, otp);
        return OtpRejected<T>(verdict);
    }

    private static Results<T, ValidationProblem, ProblemHttpResult, TooManyRequestsProblem> OtpRejected<T>(OtpVerdict verdict)
        where T : IResult => verdict.Check switch
    {
        OtpCheck.LockedOut => Locked(verdict.RetryAfter),
        OtpCheck.Wrong => ApiProblems.BadRequest("Invalid OTP."),
        OtpCheck.AttemptsExhausted => ApiProblems.BadRequest("Too many wrong attempts; this OTP is void. Request a new one."),
        OtpCheck.UnknownUser => ApiProblems.NotFound(UnknownNumber),
        OtpCheck.Suspended => SuspendedAccount.Problem(),
        _ => ApiProblems.BadRequest("No valid OTP is pending; it has expired, been used, or was never sent. Request a new one."),
    };

    private static TooManyRequestsProblem Locked(TimeSpan? retryAfter) => ApiProblems.TooManyRequests(
        "Too many wrong codes for this number; verification is locked for a while. Try again after the time in Retry-After.",
        retryAfter ?? TimeSpan.FromMinutes(1));

    private static ProblemHttpResult RefreshRefused(string detail) => ApiProblems.Status(StatusCodes.Status401Unauthorized, detail);

    internal static TokenData ToData(AccessToken token, string? userId = null, SessionGrant? session = null) => new(
        token.Token, "Bearer", token.ExpiresAt.UtcDateTime,
        ExpiresIn: Math.Max(0, (long)(token.ExpiresAt - DateTimeOffset.UtcNow).TotalSeconds),
        RefreshToken: session is null ? null : RefreshTokens.Format(userId!, session),
        RefreshExpiresAt: session?.RefreshExpiresAt.UtcDateTime);
}

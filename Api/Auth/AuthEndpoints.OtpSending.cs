using GeminiClone.Api.Auth.Sms;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GeminiClone.Api.Auth;

/// <summary>Sending a login or reset code: issued by the number's user (or paced without one), then past the SMS defences.</summary>
public static partial class AuthEndpoints
{
    /// <summary>
    /// Issues a code and sends it. A number without an account gets the answer a registered one gets (the same
    /// cooldown, the same SMS defences, the same 200) and no message: the endpoint must not tell who has an account.
    /// Only while codes are returned in responses (the original's contract) is an unknown number a 404, because a
    /// made-up code in <c>data.otp</c> would lie to the original's clients.
    /// </summary>
    private static async Task<Results<Ok<ApiResponse<OtpSentData>>, ValidationProblem, ProblemHttpResult, TooManyRequestsProblem, RetryLaterProblem>> SendOtpAsync(
        string rawMobileNumber, OtpPurpose purpose, OtpServices services, CancellationToken cancellationToken)
    {
        if (!services.MobileNumbers.TryNormalize(rawMobileNumber, out var mobileNumber))
        {
            return InvalidMobileNumber();
        }

        var inResponse = services.Delivery.Value.CodesInResponses;
        var numberGrain = services.Grains.GetGrain<IMobileNumberGrain>(mobileNumber);
        var user = await FindUserAsync(services.Grains, mobileNumber);
        if (user is null && inResponse)
        {
            return ApiProblems.NotFound(UnknownNumber);
        }

        var issued = user is null ? null : await user.IssueOtpAsync(purpose);
        if (issued is null or { Status: OtpIssueStatus.UnknownUser })
        {
            // No account (or it was deleted since the look-up): an issue that only paces, and no message.
            user = null;
            issued = await numberGrain.IssueOtpWithoutAccountAsync(purpose);
        }

        switch (issued)
        {
            case { Status: OtpIssueStatus.TooSoon, RetryAfter: var wait }:
                return ApiProblems.TooManyRequests("An OTP was sent moments ago; wait before asking for another.", wait ?? TimeSpan.Zero);
            case { Status: OtpIssueStatus.LockedOut, RetryAfter: var locked }:
                return Locked(locked);
            case { Status: OtpIssueStatus.Suspended }:
                return SuspendedAccount.Problem();
        }

        if (issued is not { Status: OtpIssueStatus.Issued, ExpiresAt: { } expiresAt } || (inResponse && user is null))
        {
            return ApiProblems.NotFound(UnknownNumber);
        }

        if (inResponse)
        {
            return Sent(issued.Code, expiresAt);
        }

        return await DeliverAsync(mobileNumber, user is null ? null : issued.Code, purpose, expiresAt, services, cancellationToken);
    }

    /// <summary>
    /// Sends the code past the SMS defences; with no code (no account) it imitates a send, so an unknown number
    /// takes as long and answers the same.
    /// </summary>
    private static async Task<Results<Ok<ApiResponse<OtpSentData>>, ValidationProblem, ProblemHttpResult, TooManyRequestsProblem, RetryLaterProblem>> DeliverAsync(
        string mobileNumber, string? code, OtpPurpose purpose, DateTimeOffset expiresAt, OtpServices services, CancellationToken cancellationToken)
    {
        var admission = await services.SmsGuard.AdmitAsync(mobileNumber, services.HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        switch (admission.Status)
        {
            case SmsAdmissionStatus.CountryNotAllowed:
                return ApiProblems.Status(StatusCodes.Status422UnprocessableEntity,
                    admission.Detail ?? "We cannot send SMS to numbers of this country.");
            case SmsAdmissionStatus.Throttled:
                return ApiProblems.TooManyRequests(admission.Detail ?? "Too many messages; try again later.",
                    admission.RetryAfter ?? TimeSpan.FromMinutes(1));
        }

        if (code is null)
        {
            await services.Sender.ImitateSendAsync(cancellationToken);
        }
        else
        {
            var outcome = await services.Sender.SendAsync(new OtpMessage(mobileNumber, code, purpose, expiresAt), cancellationToken);
            switch (outcome.Status)
            {
                case OtpSendStatus.Undeliverable:
                    return ApiProblems.Status(StatusCodes.Status422UnprocessableEntity,
                        outcome.Detail ?? "This number cannot receive SMS; check it, or use another.");
                case OtpSendStatus.Unavailable:
                    return ApiProblems.ServiceUnavailable(outcome.Detail ?? "SMS cannot be sent right now; try again shortly.",
                        outcome.RetryAfter ?? TimeSpan.FromSeconds(30));
            }
        }

        return Sent(null, expiresAt);
    }

    private static Ok<ApiResponse<OtpSentData>> Sent(string? code, DateTimeOffset expiresAt) =>
        TypedResults.Ok(ApiResponse.Ok("OTP sent successfully", new OtpSentData(code, expiresAt.UtcDateTime)));
}

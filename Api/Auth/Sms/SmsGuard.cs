using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GeminiClone.Grains.Interfaces.Sms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace GeminiClone.Api.Auth.Sms;

/// <summary>
/// The SMS-pumping defences, cheapest first: the destination's country, then the number's hour, the client
/// address's hour and the deployment's day. The counts live in grains, so they hold across every gateway. A check
/// that refuses leaves the earlier ones' slots taken: an attacker's refused tries still count against that number.
/// </summary>
internal sealed partial class SmsGuard(
    IGrainFactory grains, IOptions<SmsOptions> options, SmsMetrics metrics, TimeProvider clock, ILogger<SmsGuard> logger) : ISmsGuard
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public async ValueTask<SmsAdmission> AdmitAsync(string mobileNumber, string? clientIp, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var masked = MaskedNumbers.Mask(mobileNumber);
        if (settings.AllowedRegionCodes() is { Count: > 0 } allowed && !allowed.Contains(RegionOf(mobileNumber)))
        {
            return Refuse("country", masked, new SmsAdmission(SmsAdmissionStatus.CountryNotAllowed, "We do not send SMS to numbers of this country."));
        }

        if (settings.MaxPerNumberPerHour > 0
            && await grains.GetGrain<ISmsHourlyAllowanceGrain>("number:" + mobileNumber).TryTakeAsync(settings.MaxPerNumberPerHour)
                is { Granted: false, RetryAfter: var numberWait })
        {
            return Refuse("number", masked, Throttled("Too many codes were sent to this number in the last hour; try again later.", numberWait));
        }

        if (settings.MaxPerIpPerHour > 0 && ClientKey(clientIp) is { } client
            && await grains.GetGrain<ISmsHourlyAllowanceGrain>("ip:" + client).TryTakeAsync(settings.MaxPerIpPerHour)
                is { Granted: false, RetryAfter: var clientWait })
        {
            return Refuse("ip", masked, Throttled("Too many codes were asked for from your network in the last hour; try again later.", clientWait));
        }

        if (settings.DailyBudget > 0)
        {
            var today = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (await grains.GetGrain<ISmsDailyBudgetGrain>(today).TryReserveAsync(settings.DailyBudget) is { Granted: false, RetryAfter: var dayWait })
            {
                LogBudgetSpent(settings.DailyBudget);
                return Refuse("daily", masked, Throttled("We cannot send more codes by SMS today; try again later.", dayWait));
            }
        }

        return SmsAdmission.Admitted;
    }

    private SmsAdmission Refuse(string reason, string maskedNumber, SmsAdmission admission)
    {
        metrics.Refused(reason);
        LogRefused(reason, maskedNumber);
        return admission;
    }

    private static SmsAdmission Throttled(string detail, TimeSpan retryAfter) =>
        new(SmsAdmissionStatus.Throttled, detail, retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1));

    private static string RegionOf(string e164)
    {
        try
        {
            return Phones.GetRegionCodeForNumber(Phones.Parse(e164, null)) ?? "ZZ";
        }
        catch (NumberParseException)
        {
            return "ZZ";
        }
    }

    /// <summary>An IPv4 address as it is; an IPv6 one by its /64, which a subscriber gets whole and can hop around in.</summary>
    internal static string? ClientKey(string? clientIp)
    {
        if (!IPAddress.TryParse(clientIp, out var address))
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    [LoggerMessage(LogLevel.Warning, "Refused an OTP SMS to {MobileNumber}: {Reason} limit")]
    private partial void LogRefused(string reason, string mobileNumber);

    [LoggerMessage(LogLevel.Error, "Today's SMS budget ({Budget} messages) is spent: no more OTPs go out by SMS until 00:00 UTC (SMS_DAILY_BUDGET)")]
    private partial void LogBudgetSpent(int budget);
}

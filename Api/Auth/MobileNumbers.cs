using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.Options;

namespace GeminiClone.Api.Auth;

/// <summary>Reads what users type as a mobile number and gives back E.164, the one form we key users by.</summary>
public sealed class MobileNumbers(IOptions<PhoneOptions> options)
{
    public bool TryNormalize(string? input, out string e164) => MobileNumberFormat.TryNormalize(input, options.Value.DefaultRegion, out e164);
}

using GeminiClone.Api.Adapters.Twilio;
using GeminiClone.Api.Auth;
using GeminiClone.Api.Auth.Sms;
using GeminiClone.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GeminiClone.Api.Hosting;

public static class SmsServiceCollectionExtensions
{
    /// <summary>
    /// OTPs by SMS through Twilio, behind the pumping defences, when <c>TWILIO_ACCOUNT_SID</c> is set; otherwise the
    /// logging sender, and no defences, as nothing is sent that could cost money.
    /// </summary>
    public static IServiceCollection AddOtpDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<TwilioOptions>(TwilioOptions.Section);
        services.AddValidatedOptions<SmsOptions>(SmsOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        if (string.IsNullOrWhiteSpace(configuration[$"{TwilioOptions.Section}:{nameof(TwilioOptions.AccountSid)}"]))
        {
            services.AddSingleton<IOtpSender, LoggingOtpSender>();
            services.AddSingleton<ISmsGuard, AllowAllSmsGuard>();
            return services;
        }

        // No resilience handler: the worker retries with Twilio's Retry-After, and a second layer would multiply tries.
        services.AddHttpClient(TwilioMessages.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<SmsMetrics>();
        services.AddSingleton<TwilioSendQueue>();
        services.AddSingleton<TwilioMessages>();
        services.AddSingleton<IOtpSender, TwilioOtpSender>();
        services.AddHostedService<TwilioSmsWorker>();
        services.AddSingleton<ISmsGuard, SmsGuard>();
        return services;
    }
}

using System.Net;
using GeminiClone.Api.Auth;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiClone.Api.Tests.Auth;

public sealed class SafeDefaultsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    public async Task A_production_start_with_no_sms_sender_and_codes_not_in_responses_is_refused_naming_what_to_set(string? otpInResponse)
    {
        await using var factory = new ApiFactory([new("OTP_IN_RESPONSE", otpInResponse)], environment: "Production");

        var error = Assert.ThrowsAny<OptionsValidationException>(factory.StartServer);

        Assert.Contains("TWILIO_ACCOUNT_SID", error.Message);
        Assert.Contains("OTP_IN_RESPONSE=true", error.Message);
    }

    [Fact]
    public async Task In_production_codes_leave_responses_by_default_and_go_to_the_sms_sender()
    {
        var sender = new RecordingOtpSender();
        await using var factory = new ApiFactory(
            [new("OTP_IN_RESPONSE", null)], services => services.AddSingleton<IOtpSender>(sender), environment: "Production");
        await factory.InitializeAsync();
        var api = factory.CreateApiClient();
        var user = await api.SignUpAsync();

        var sent = await api.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber });

        var body = await sent.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Null(body["data"]!["otp"]);
        Assert.Matches("^[0-9]{6}$", sender.Sent["+91" + user.MobileNumber].Code);
    }

    [Fact]
    public async Task In_development_codes_are_in_responses_by_default()
    {
        await using var factory = new ApiFactory([new("OTP_IN_RESPONSE", null)], environment: "Development");
        await factory.InitializeAsync();
        var api = factory.CreateApiClient();
        var user = await api.SignUpAsync();

        var code = await api.SendOtpAsync(user.MobileNumber);

        Assert.Matches("^[0-9]{6}$", code);
    }

    [Theory]
    [InlineData("Production", false)]
    [InlineData("Development", true)]
    public async Task The_logging_sender_writes_a_code_only_in_development_and_masks_the_number_elsewhere(string environment, bool codeLogged)
    {
        var logs = new ListLoggerProvider();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var sender = new LoggingOtpSender(loggers.CreateLogger<LoggingOtpSender>(), new FixedEnvironment(environment));

        await sender.SendAsync(new OtpMessage("+919876543210", "482913", OtpPurpose.Login, DateTimeOffset.UtcNow), default);

        var line = Assert.Single(logs.Lines);
        Assert.Equal(codeLogged, line.Contains("482913"));
        Assert.Equal(codeLogged, line.Contains("+919876543210"));
        Assert.Contains(codeLogged ? "+919876543210" : "+91********10", line);
        Assert.False(sender.DeliversToPhone);
    }

    private sealed class FixedEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Api";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } =
            new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}

/// <summary>Keeps every formatted log line, for tests that assert what a log does or does not show.</summary>
public sealed class ListLoggerProvider : ILoggerProvider
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new ListLogger(this);

    public void Dispose()
    {
    }

    private sealed class ListLogger(ListLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (provider._lines)
            {
                provider._lines.Add(formatter(state, exception));
            }
        }
    }
}

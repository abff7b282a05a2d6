using Serilog;
using Serilog.Formatting.Compact;

namespace GanXian.CreditHub.Hosting;

public static class HubLogging
{
    /// <summary>
    /// Readable console output and a rolling JSON file (<c>Logging:File:Path</c>, default <c>./data/logs/hub-.json</c>).
    /// Every event passes <see cref="PersonalIdRedactor"/>, so an ID number that slips into a property never reaches a sink,
    /// nor one in an exception's text (<see cref="RedactingSink"/>).
    /// </summary>
    public static WebApplicationBuilder AddHubLogging(this WebApplicationBuilder builder)
    {
        var filePath = ContentRoot.Resolve(builder.Configuration["Logging:File:Path"] ?? Path.Combine("data", "logs", "hub-.json"),
            builder.Environment.ContentRootPath);
        builder.Services.AddSerilog((services, lc) => lc
            .ReadFrom.Configuration(builder.Configuration)
            .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http.HttpClient", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Quartz", Serilog.Events.LogEventLevel.Warning)
            // Polly reports every attempt of the platform client at Information ("Execution attempt … Result: '200'"),
            // English noise on the operators' console at each call; retries and failures come as warnings and errors.
            .MinimumLevel.Override("Polly", Serilog.Events.LogEventLevel.Warning)
            // "No XML encryptor configured" at each new key, in English: `serve` says it once in Chinese (ServeVerb).
            .MinimumLevel.Override("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", Serilog.Events.LogEventLevel.Error)
            .Enrich.FromLogContext()
            .Enrich.With<PersonalIdRedactor>()
            .WriteTo.Redacted(sinks =>
            {
                sinks.Logger(console => console
                    .Filter.ByIncludingOnly(ForConsole)
                    .WriteTo.Console(
                        restrictedToMinimumLevel: ConsoleLevel(builder.Configuration),
                        outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}",
                        formatProvider: System.Globalization.CultureInfo.InvariantCulture));
                sinks.File(new CompactJsonFormatter(), filePath, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 30);
            }),
            // Each host keeps its own logger instead of the process-wide Log.Logger: hosts started side by side (tests,
            // or CLI verbs next to a running host) must not write to, or close, one another's sinks.
            preserveStaticLogger: true);
        return builder;
    }

    public static WebApplication UseHubRequestLogging(this WebApplication app)
    {
        // Paths only: query strings could carry identifiers a client put there against the contract.
        app.UseSerilogRequestLogging(o =>
        {
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
        });
        return app;
    }

    /// <summary>Sinks behind <see cref="RedactingSink"/>, for what the enricher cannot mask (exceptions, templates).</summary>
    public static LoggerConfiguration Redacted(this Serilog.Configuration.LoggerSinkConfiguration to,
        Action<Serilog.Configuration.LoggerSinkConfiguration> sinks) =>
        to.Sink(new RedactingSink(Serilog.Configuration.LoggerSinkConfiguration.CreateSink(sinks)));

    /// <summary>
    /// EF Core logs a database it cannot reach or read ("An error occurred using the connection…", "Failed executing
    /// DbCommand…") as English errors with the whole stack, ahead of the one Chinese line the hub prints for it
    /// (DatabaseErrors, exit code 3); the console leaves them to that line, the log file keeps them.
    /// </summary>
    internal static bool ForConsole(Serilog.Events.LogEvent e) =>
        !(e.Properties.TryGetValue("SourceContext", out var source) && source is Serilog.Events.ScalarValue { Value: string name }
          && (name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || name == Cli.CliRoot.UnexpectedCategory));

    private static Serilog.Events.LogEventLevel ConsoleLevel(IConfiguration config) =>
        Enum.TryParse<Serilog.Events.LogEventLevel>(config["Logging:Console:MinimumLevel"], true, out var level)
            ? level
            : Serilog.Events.LogEventLevel.Information;
}

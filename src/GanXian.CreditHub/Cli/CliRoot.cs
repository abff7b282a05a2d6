using System.CommandLine;
using System.Globalization;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Cli;

/// <summary>
/// The deployable is both the web host and the operators' command-line tool. Every verb runs against the same
/// composed services; only <c>serve</c> starts the host (and with it the web server and the scheduler).
/// </summary>
public static class CliRoot
{
    public static RootCommand Create(WebApplication app)
    {
        var root = new RootCommand("赣县区人社局信用信息归集交换平台（GanXian.CreditHub）");
        foreach (var help in root.Options.OfType<System.CommandLine.Help.HelpOption>())
        {
            help.Description = "显示帮助和用法";
        }

        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Description = "显示版本信息";
        }

        root.Subcommands.Add(ServeVerb.Create(app));
        root.Subcommands.Add(DbVerbs.Create(app));
        root.Subcommands.Add(AuditVerbs.Create(app));
        root.Subcommands.Add(Mapping.MappingsVerb.Create(app));
        root.Subcommands.Add(Scheduling.JobVerbs.Create(app));
        root.Subcommands.Add(Scheduling.SchedulesVerb.Create(app));
        root.Subcommands.Add(Identity.Cli.UserVerbs.Create(app));
        root.Subcommands.Add(Identity.Cli.ApiKeyVerbs.Create(app));
        root.Subcommands.Add(Exchange.ExchangeVerb.Create(app));
        root.Subcommands.Add(Reconciliation.ReconcileVerb.Create(app));
        return root;
    }

    /// <summary>
    /// Composes the host and runs the verb. Composition binds options (the endpoints read some), so a setting of the
    /// wrong type fails there, before any verb runs: it is reported here as the configuration error it is.
    /// </summary>
    public static async Task<int> RunAsync(Func<WebApplication> compose, string[] args, TextWriter? error = null)
    {
        error ??= Console.Error;
        WebApplication app;
        try
        {
            app = compose();
        }
        catch (Exception ex) when (ConfigurationErrors.Describe(ex) is { } message)
        {
            await error.WriteLineAsync(message);
            return ExitCodes.Configuration;
        }

        return await RunAsync(app, args, error);
    }

    /// <summary>
    /// The one line for wrong settings. The start-up validator reports several wrong sections at once as an
    /// AggregateException, and an options class validated both by its own validator and at start (Platform) reported
    /// each failure twice, which doubled the line ("Platform:Mode 的值无效…；Platform:Mode 的值无效…").
    /// </summary>
    internal static string? OptionsFailures(Exception ex)
    {
        IEnumerable<OptionsValidationException>? failed = ex switch
        {
            OptionsValidationException one => [one],
            AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) => many.InnerExceptions.Cast<OptionsValidationException>(),
            _ => null,
        };
        return failed is null ? null : "配置错误：" + string.Join("；", failed.SelectMany(e => e.Failures).Distinct(StringComparer.Ordinal));
    }

    /// <summary>How long an interrupted verb has to stop cleanly before the process ends anyway.</summary>
    internal static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(WebApplication app, string[] args, TextWriter? error = null)
    {
        error ??= Console.Error;
        UseChineseMessages();
        try
        {
            var parse = Create(app).Parse(CliArgs.WithoutConfigurationOverrides(args));
            if (parse.Errors.Count > 0 && !(parse.CommandResult.Command is RootCommand && parse.Tokens.Count == 0))
            {
                return await ParseErrors.ReportAsync(parse, error);
            }

            if (parse.Errors.Count == 0 && parse.CommandResult.Command is not (RootCommand or CheckCommand))
            {
                // Fail before doing anything when a setting is missing or wrong, with the key named.
                app.Services.GetRequiredService<IStartupValidator>().Validate();
            }

            // Ctrl-C or SIGTERM cancels the verb's token. The parser's default is to wait 2 seconds and then return
            // 130 with the verb still running: the process ended under it, so a database lock was not released (the
            // next exchange found "another exchange running" until the lease expired) and the operator read nothing.
            // The verb gets time to roll back its transaction and release its locks instead.
            await using var output = new ChineseHelp(Console.Out);
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = InterruptGrace, Output = output,
            });
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("已中断：本次运行在收到 Ctrl-C 或终止信号后停止，未完成的文件与未应答的批次留待下次运行继续处理。");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex) when (OptionsFailures(ex) is { } message)
        {
            await error.WriteLineAsync(message);
            return ExitCodes.Configuration;
        }
        catch (Exception ex) when (ConfigurationErrors.Describe(ex) is { } message)
        {
            await error.WriteLineAsync(message);
            return ExitCodes.Configuration;
        }
        catch (Exception ex) when (DatabaseErrors.Describe(ex) is { } message)
        {
            await error.WriteLineAsync(message);
            return ExitCodes.Database;
        }
        catch (Exception ex)
        {
            return await UnexpectedAsync(ex, app.Services, error);
        }
    }

    /// <summary>Log category of faults no verb expected: kept in the log file, off the console (which gets one Chinese line).</summary>
    internal const string UnexpectedCategory = "GanXian.CreditHub.Cli.Unexpected";

    /// <summary>
    /// A fault no verb expected (a bug, a disk that fails): the runtime would print "Unhandled exception." with the
    /// English stack and end with SIGABRT (exit 134). The operator gets one Chinese line and exit 1; the stack goes
    /// to the log file for whoever maintains the hub.
    /// </summary>
    internal static async Task<int> UnexpectedAsync(Exception ex, IServiceProvider services, TextWriter error)
    {
        services.GetRequiredService<ILoggerFactory>().CreateLogger(UnexpectedCategory).LogCritical(ex, "命令执行中发生意外错误");
        await error.WriteLineAsync(
            $"意外错误（{ex.GetType().Name}）：{Hosting.PersonalIdRedactor.Mask(ex.Message)}。详细信息已写入日志文件（配置项 Logging:File:Path），请交维护人员处理。");
        return ExitCodes.Failure;
    }

    /// <summary>
    /// The command-line parser's own messages (a mistyped verb or option, a missing value, the help's headings) in
    /// Chinese, from System.CommandLine's zh-Hans resources, which the build ships. Only the UI culture: numbers and
    /// dates keep the invariant formats the hub writes everywhere.
    /// </summary>
    private static void UseChineseMessages()
    {
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");
        }
        catch (CultureNotFoundException)
        {
            // Invariant globalization (no ICU): the parser's messages stay English.
        }
    }
}

public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Configuration = 2;
    public const int Database = 3;

    /// <summary>Stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}

using System.CommandLine;
using System.Globalization;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Hosting;

namespace GanXian.CreditHub.AuditLog;

/// <summary><c>audit keygen | pubkey | checkpoint | verify | export | search</c>: the auditor's and operator's verbs.</summary>
public static class AuditVerbs
{
    public static Command Create(WebApplication app) => new("audit", "防篡改审计日志：密钥、检查点、校验、导出与查询")
    {
        Keygen(app), Pubkey(app), Checkpoint(app), Verify(app), Export(app), Search(app),
    };

    private static string CliActor => $"cli:{Environment.UserName}";

    private static Command Keygen(WebApplication app)
    {
        var force = new Option<bool>("--force") { Description = "覆盖已有密钥（旧检查点将无法用新公钥核对，请保留旧公钥）" };
        var cmd = new Command("keygen", "生成检查点签名密钥（ECDSA P-256），已存在时不覆盖") { force };
        cmd.SetAction((parse, _) =>
        {
            var key = app.Services.GetRequiredService<AuditSigningKey>();
            var created = key.Generate(parse.GetValue(force));
            Console.WriteLine(created ? $"已生成签名密钥：{key.Path}" : $"签名密钥已存在，未覆盖：{key.Path}（如需更换请加 --force）");
            Console.WriteLine($"公钥指纹（SHA-256）：{key.KeyFingerprint}");
            return Task.FromResult(ExitCodes.Ok);
        });
        return cmd;
    }

    private static Command Pubkey(WebApplication app)
    {
        var cmd = new Command("pubkey", "输出检查点签名公钥（PEM），交审计人员离线核验");
        cmd.SetAction((_, _) =>
        {
            var key = app.Services.GetRequiredService<AuditSigningKey>();
            if (!key.Exists)
            {
                Console.Error.WriteLine($"尚未生成签名密钥 {key.Path}（配置项 {AuditLogOptions.Section}:SigningKeyPath）：请先运行 audit keygen");
                return Task.FromResult(ExitCodes.Failure);
            }

            Console.Write(key.PublicKeyPem);
            Console.WriteLine();
            Console.Error.WriteLine($"公钥指纹（SHA-256）：{key.KeyFingerprint}");
            return Task.FromResult(ExitCodes.Ok);
        });
        return cmd;
    }

    private static Command Checkpoint(WebApplication app)
    {
        var reason = new Option<string>("--reason") { Description = "原因", DefaultValueFactory = _ => "manual" };
        var cmd = new Command("checkpoint", "立即为各条链写入签名检查点") { reason };
        cmd.SetAction(Guarded(async (parse, ct) =>
        {
            var written = await app.Services.GetRequiredService<IAuditCheckpoints>().WriteAsync(parse.GetValue(reason)!, ct);
            Console.WriteLine(written.Count == 0
                ? "各条链自上个检查点以来没有新条目，未写入检查点。"
                : string.Join(Environment.NewLine, written.Select(c => $"已写入检查点：{ChainNames.Chinese(c.Chain)} 第 {c.Seq} 号")));
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Verify(WebApplication app)
    {
        var from = new Option<long?>("--from") { Description = "起始序号" };
        var to = new Option<long?>("--to") { Description = "结束序号" };
        var chain = new Option<string?>("--chain") { Description = "exchange 或 operation（默认两条都校验）" };
        var file = new Option<string?>("--file") { Description = "离线校验一个导出文件（不连接数据库）" };
        var publicKey = new Option<string?>("--public-key") { Description = "公钥 PEM 文件（默认用本机签名密钥的公钥）" };
        var cmd = new Command("verify", "重新计算哈希链并核对签名检查点；发现篡改时指出首个异常序号并以非零码退出")
        {
            from, to, chain, file, publicKey,
        };
        cmd.SetAction(Guarded(async (parse, ct) =>
        {
            var keyPath = parse.GetValue(publicKey);
            if (parse.GetValue(file) is { } path)
            {
                await using var input = File.OpenRead(path);
                var offline = await AuditExportVerifier.VerifyAsync(input, keyPath is null ? null : await File.ReadAllTextAsync(keyPath, ct), ct);
                Console.Write(AuditReportText.Full(offline));
                return offline.Ok ? ExitCodes.Ok : ExitCodes.Failure;
            }

            if (!TryChains(parse.GetValue(chain), out var chains))
            {
                return ExitCodes.Failure;
            }

            await using var scope = app.Services.CreateAsyncScope();
            var verifier = scope.ServiceProvider.GetRequiredService<AuditVerifier>();
            using var key = AuditVerifier.LocalPublicKey(scope.ServiceProvider.GetRequiredService<AuditSigningKey>(), keyPath);
            var ok = true;
            foreach (var c in chains)
            {
                // As the API: a range with nothing in it is refused, since "通过" would read as "verified".
                if (await verifier.RangeErrorAsync(c, parse.GetValue(from), parse.GetValue(to), ct) is { } range)
                {
                    await Console.Error.WriteLineAsync(range);
                    return ExitCodes.Failure;
                }

                var report = await verifier.VerifyAsync(c, parse.GetValue(from), parse.GetValue(to), key, ct);
                Console.Write(AuditReportText.Full(report));
                ok &= report.Ok;
            }

            await scope.ServiceProvider.GetRequiredService<AuditSearch>().RecordAsync(CliActor, "audit.verify",
                $"chains={string.Join(',', chains.Select(ChainNames.Name))} from={parse.GetValue(from)} to={parse.GetValue(to)} ok={ok}", null, ct);
            return ok ? ExitCodes.Ok : ExitCodes.Failure;
        }));
        return cmd;
    }

    private static Command Export(WebApplication app)
    {
        var output = new Option<string>("--out") { Description = "输出文件（- 表示标准输出）", Required = true };
        var filters = new FilterOptions();
        var cmd = new Command("export", "导出一段日志（JSON Lines），含公钥与覆盖它的签名检查点，可离线校验") { output };
        filters.AddTo(cmd);
        cmd.SetAction(Guarded(async (parse, ct) =>
        {
            if (filters.Build(parse) is not { } filter)
            {
                return ExitCodes.Failure;
            }

            // The output is opened first: a folder that does not exist or cannot be written is the operator's typo, to be
            // told in Chinese, and an export that never happened must not be logged as one (audit.export, a checkpoint).
            var path = parse.GetValue(output)!;
            await using var stream = OpenOutput(path, Console.Error);
            if (stream is null)
            {
                return ExitCodes.Failure;
            }

            await using var scope = app.Services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            await sp.GetRequiredService<AuditSearch>().RecordAsync(CliActor, "audit.export", filter.Describe(), filter.EntityKey, ct);
            await sp.GetRequiredService<IAuditCheckpoints>().WriteAsync(filter.Chain, "export", ct);
            var key = sp.GetRequiredService<AuditSigningKey>();
            var result = await sp.GetRequiredService<AuditExporter>().ExportAsync(filter, key.PublicKeyPem, key.KeyFingerprint, CliActor,
                sp.GetRequiredService<TimeProvider>().GetUtcNow(), stream, ct);
            Console.Error.WriteLine(result.Entries == 0
                ? "没有符合条件的条目。"
                : $"已导出{ChainNames.Chinese(filter.Chain)}第 {result.FromSeq}–{result.ToSeq} 号：完整条目 {result.Entries} 条，摘要条目 {result.Stubs} 条，检查点 {result.Checkpoints} 个；公钥指纹 {key.KeyFingerprint}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Search(WebApplication app)
    {
        var page = new Option<int>("--page") { Description = "页码", DefaultValueFactory = _ => 1 };
        var size = new Option<int>("--page-size") { Description = "每页条数", DefaultValueFactory = _ => 50 };
        var filters = new FilterOptions();
        var cmd = new Command("search", "查询日志（最新的在前，分页）；查询本身记入操作日志") { page, size };
        filters.AddTo(cmd);
        cmd.SetAction(Guarded(async (parse, ct) =>
        {
            if (filters.Build(parse) is not { } filter)
            {
                return ExitCodes.Failure;
            }

            if (AuditSearch.ValidatePaging(parse.GetValue(page), parse.GetValue(size)) is { } error)
            {
                Console.Error.WriteLine(error);
                return ExitCodes.Failure;
            }

            await using var scope = app.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<AuditSearch>()
                .SearchAsync(filter, parse.GetValue(page), parse.GetValue(size), CliActor, ct);
            foreach (var e in result.Items)
            {
                var local = TimeZoneInfo.ConvertTime(e.OccurredAt, BusinessTime.Zone);
                Console.WriteLine(string.Join('\t',
                    e.Seq.ToString(CultureInfo.InvariantCulture), local.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
                    e.Kind, e.Actor, e.Catalog ?? "-", e.EntityKey ?? "-", e.RecordId ?? "-", e.BatchId ?? "-", e.State ?? "-", e.Detail ?? ""));
            }

            Console.Error.WriteLine(result.Items.Count == 0
                ? "没有符合条件的条目。"
                : $"第 {result.Page} 页，{result.Items.Count} 条{(result.HasMore ? $"；还有更多，请用 --page {result.Page + 1}" : "")}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    /// <summary>The filter options shared by <c>export</c> and <c>search</c>.</summary>
    private sealed class FilterOptions
    {
        private readonly Option<string?> chain = new("--chain") { Description = "exchange（默认）或 operation" };
        private readonly Option<string?> entity = new("--entity") { Description = "统一社会信用代码或身份证号（按脱敏形式匹配）" };
        private readonly Option<string?> record = new("--record") { Description = "记录号" };
        private readonly Option<string?> batch = new("--batch") { Description = "批次号" };
        private readonly Option<string?> actor = new("--actor") { Description = "操作人：用户名、API 密钥名，或 system:任务名" };
        private readonly Option<string?> since = new("--since") { Description = "开始时间（含），如 2026-12-01 或 2026-12-01T08:00:00+08:00" };
        private readonly Option<string?> until = new("--until") { Description = "结束时间（不含）；只写日期时含当天，如 2026-12-01" };
        private readonly Option<string?> state = new("--state") { Description = "状态，如 accepted、rejected" };
        private readonly Option<string?> kind = new("--kind") { Description = "类型，如 record.accepted" };
        private readonly Option<long?> from = new("--from") { Description = "起始序号" };
        private readonly Option<long?> to = new("--to") { Description = "结束序号" };

        public void AddTo(Command cmd)
        {
            foreach (var o in new Option[] { chain, entity, record, batch, actor, since, until, state, kind, from, to })
            {
                cmd.Options.Add(o);
            }
        }

        /// <summary>The filter, or null after printing why not.</summary>
        public AuditFilter? Build(ParseResult parse)
        {
            if (!TryChains(parse.GetValue(chain) ?? "exchange", out var chains)
                || !TryTime(parse.GetValue(since), "--since", end: false, out var sinceAt) || !TryTime(parse.GetValue(until), "--until", end: true, out var untilAt))
            {
                return null;
            }

            var filter = new AuditFilter
            {
                Chain = chains[0], EntityKey = parse.GetValue(entity), RecordId = parse.GetValue(record), BatchId = parse.GetValue(batch),
                From = sinceAt, To = untilAt, State = parse.GetValue(state), Kind = parse.GetValue(kind), FromSeq = parse.GetValue(from),
                ToSeq = parse.GetValue(to), Actor = parse.GetValue(actor),
            };
            if (filter.Validate() is { } error)
            {
                Console.Error.WriteLine(error);
                return null;
            }

            return filter;
        }
    }

    /// <summary>The export's output file (<c>-</c>: standard output), or null with one Chinese line saying why not.</summary>
    internal static Stream? OpenOutput(string path, TextWriter error)
    {
        if (path == "-")
        {
            return Console.OpenStandardOutput();
        }

        string? why;
        try
        {
            return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        }
        catch (DirectoryNotFoundException)
        {
            why = "所在目录不存在";
        }
        catch (UnauthorizedAccessException)
        {
            why = Directory.Exists(path) ? "这是一个目录，请给出文件名" : "没有写入权限";
        }
        catch (IOException)
        {
            why = "文件被占用或无法创建";
        }

        error.WriteLine($"无法写入输出文件 {path}：{why}，未导出。");
        return null;
    }

    /// <summary>Known operator mistakes (no key, a file that is not there) become one Chinese line and exit 1, not a stack trace.</summary>
    private static Func<ParseResult, CancellationToken, Task<int>> Guarded(Func<ParseResult, CancellationToken, Task<int>> action) =>
        async (parse, ct) =>
        {
            try
            {
                return await action(parse, ct);
            }
            catch (Exception ex) when (OperatorMistake(ex) is { } line)
            {
                await Console.Error.WriteLineAsync(line);
                return ExitCodes.Failure;
            }
        };

    /// <summary>
    /// One Chinese line for a mistake the operator can fix, or null for a fault (left to the host's handling). The
    /// runtime's file errors are English ("Access to the path '/tmp' is denied." for a folder given as a file), so
    /// they are told by kind, naming the path.
    /// </summary>
    internal static string? OperatorMistake(Exception ex) => ex switch
    {
        AuditKeyMissingException or AuditKeyFormatException => ex.Message,
        // The log's own refusals (a checkpoint over a head the entries do not show) are written for the operator.
        InvalidOperationException when ex.Message.Any(c => c is >= '\u4e00' and <= '\u9fff') => ex.Message,
        FileNotFoundException f => $"文件不存在：{f.FileName}",
        DirectoryNotFoundException d => $"路径不存在：{QuotedPath(d.Message) ?? "所给文件所在的目录不存在"}",
        UnauthorizedAccessException u when QuotedPath(u.Message) is { } path => Directory.Exists(path)
            ? $"{path} 是一个目录，请给出文件名"
            : $"没有权限读取或写入 {path}",
        UnauthorizedAccessException => "没有权限读取或写入所给文件",
        IOException io when QuotedPath(io.Message) is { } path => $"无法读取或写入 {path}：文件被占用或已损坏",
        _ => null,
    };

    private static string? QuotedPath(string message) =>
        message.IndexOf('\'') is var start and >= 0 && message.LastIndexOf('\'') is var end && end > start ? message[(start + 1)..end] : null;

    private static bool TryChains(string? name, out LogChain[] chains)
    {
        if (name is null)
        {
            chains = Enum.GetValues<LogChain>();
            return true;
        }

        if (ChainNames.Parse(name) is { } c)
        {
            chains = [c];
            return true;
        }

        Console.Error.WriteLine("--chain 只能是 exchange 或 operation");
        chains = [];
        return false;
    }

    /// <summary>An option's time as <see cref="AuditTimeText"/> reads it; prints why not and returns false when it cannot.</summary>
    internal static bool TryTime(string? text, string option, bool end, out DateTimeOffset? value)
    {
        if (AuditTimeText.Parse(text, end, option, out value) is { } error)
        {
            Console.Error.WriteLine(error);
            return false;
        }

        return true;
    }
}

using System.Text;
using System.Text.Json.Nodes;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.IntegrationTests.AuditLog;

public sealed class AuditExportTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_export_verifies_offline_with_the_public_key_and_every_alteration_is_caught(DatabaseProvider provider)
    {
        await using var f = await ArrangeAsync(provider);
        var file = Path.Combine(f.Folder, "export.jsonl");
        var pem = Path.Combine(f.Folder, "public.pem");
        await File.WriteAllTextAsync(pem, f.App.Services.GetRequiredService<AuditSigningKey>().PublicKeyPem);

        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(f.App, ["audit", "export", "--out", file, "--batch", "b-2"]));
        var lines = await File.ReadAllLinesAsync(file);

        // The range runs from after the checkpoint before the batch to the checkpoint after it; others are stubs.
        var entries = lines.Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal("header", (string?)entries[0]["type"]);
        Assert.Equal(11, (long)entries[0]["fromSeq"]!);
        Assert.Equal(20, (long)entries[0]["toSeq"]!);
        Assert.Equal(6, entries.Count(e => (string?)e["type"] == "entry"));
        Assert.Equal(4, entries.Count(e => (string?)e["type"] == "stub"));
        Assert.All(entries.Where(e => (string?)e["type"] == "entry"), e => Assert.Equal("b-2", (string?)e["batchId"]));

        Assert.True((await VerifyAsync(lines, pem)).Ok, AuditReportText.Full(await VerifyAsync(lines, pem)));
        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(f.App, ["audit", "verify", "--file", file, "--public-key", pem]));

        // An altered field in an entry line.
        var changed = Replace(lines, e => (string?)e["type"] == "entry" && (long)e["seq"]! == 13, e => e["state"] = "accepted");
        Assert.Equal(13, (await VerifyAsync(changed, pem)).FirstProblem!.Seq);
        await File.WriteAllLinesAsync(file + ".bad", changed);
        Assert.Equal(ExitCodes.Failure, await CliRoot.RunAsync(f.App, ["audit", "verify", "--file", file + ".bad", "--public-key", pem]));

        // A stub whose digest was changed, a line removed, two lines swapped.
        Assert.Equal(19, (await VerifyAsync(Replace(lines, e => (long?)e["seq"] == 19 && (string?)e["type"] == "stub",
            e => e["digest"] = new string('0', 64)), pem)).FirstProblem!.Seq);
        var seqOf = lines.Select((l, i) => (i, JsonNode.Parse(l)!)).Where(x => (string?)x.Item2["type"] is "entry" or "stub")
            .ToDictionary(x => (long)x.Item2["seq"]!, x => x.i);
        Assert.Equal(15, (await VerifyAsync(lines.Where((_, i) => i != seqOf[15]).ToArray(), pem)).FirstProblem!.Seq);
        var swapped = lines.ToArray();
        (swapped[seqOf[12]], swapped[seqOf[14]]) = (swapped[seqOf[14]], swapped[seqOf[12]]);
        Assert.Equal(12, (await VerifyAsync(swapped, pem)).FirstProblem!.Seq);

        // The last lines cut off: the checkpoint in the export still names seq 20.
        Assert.Equal(19, (await VerifyAsync(lines[..^2], pem)).FirstProblem!.Seq);

        // Another key: the checkpoints no longer verify.
        using var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var otherPem = Path.Combine(f.Folder, "other.pem");
        await File.WriteAllTextAsync(otherPem, other.ExportSubjectPublicKeyInfoPem());
        var wrongKey = await VerifyAsync(lines, otherPem);
        Assert.Contains(wrongKey.Problems, p => p.Reason.Contains("签名无效"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_full_export_verifies_without_a_separate_key_and_the_export_is_logged(DatabaseProvider provider)
    {
        await using var f = await ArrangeAsync(provider);
        var file = Path.Combine(f.Folder, "all.jsonl");

        Assert.Equal(ExitCodes.Ok, await CliRoot.RunAsync(f.App, ["audit", "export", "--out", file]));

        var lines = await File.ReadAllLinesAsync(file);
        var report = await VerifyAsync(lines, publicKeyPath: null);
        Assert.True(report.Ok, AuditReportText.Full(report));
        Assert.Equal(25, report.Checked);
        Assert.Equal(25, report.LastSignedSeq); // export signs the head first
        Assert.Contains(report.Notes, n => n.Contains("自带的公钥"));

        await using var scope = f.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditHubDbContext>();
        var logged = await db.Set<AuditEntry>().SingleAsync(e => e.Chain == LogChain.Operation && e.Kind == "audit.export");
        Assert.StartsWith("cli:", logged.Actor);
    }

    private static async Task<AuditFixture> ArrangeAsync(DatabaseProvider provider)
    {
        var f = await AuditFixture.CreateAsync(provider);
        await f.AppendAsync(LogChain.Exchange, 10, "b-1");
        await f.CheckpointAsync();
        await f.AppendAsync(LogChain.Exchange, 3, "b-2");
        await f.AppendAsync(LogChain.Exchange, 2, "b-9");
        await f.AppendAsync(LogChain.Exchange, 3, "b-2");
        await f.AppendAsync(LogChain.Exchange, 2, "b-9");
        await f.CheckpointAsync();
        await f.AppendAsync(LogChain.Exchange, 5, "b-3");
        return f;
    }

    private static async Task<VerifyReport> VerifyAsync(string[] lines, string? publicKeyPath)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        return await AuditExportVerifier.VerifyAsync(input, publicKeyPath is null ? null : await File.ReadAllTextAsync(publicKeyPath), default);
    }

    private static string[] Replace(string[] lines, Func<JsonNode, bool> which, Action<JsonNode> change) =>
        lines.Select(l =>
        {
            var node = JsonNode.Parse(l)!;
            if (!which(node))
            {
                return l;
            }

            change(node);
            return node.ToJsonString();
        }).ToArray();
}

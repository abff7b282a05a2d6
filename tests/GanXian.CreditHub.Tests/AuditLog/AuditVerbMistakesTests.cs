using System.Security.Cryptography;
using GanXian.CreditHub.AuditLog;

namespace GanXian.CreditHub.Tests.AuditLog;

/// <summary>The audit verbs' operator mistakes are one Chinese line naming the path, not .NET's English text.</summary>
public sealed class AuditVerbMistakesTests
{
    [Fact]
    public void A_folder_given_as_the_file_to_verify_is_named_as_a_folder()
    {
        var folder = Directory.CreateTempSubdirectory("credithub-verify-");
        try
        {
            var ex = Assert.ThrowsAny<UnauthorizedAccessException>(() => File.OpenRead(folder.FullName).Dispose());

            Assert.Equal($"{folder.FullName} 是一个目录，请给出文件名", AuditVerbs.OperatorMistake(ex));
        }
        finally
        {
            folder.Delete();
        }
    }

    [Fact]
    public void A_missing_folder_and_file_are_named()
    {
        var missing = Path.Combine(Path.GetTempPath(), "credithub-no-such-folder", "export.jsonl");
        var folderGone = Assert.ThrowsAny<DirectoryNotFoundException>(() => File.OpenRead(missing).Dispose());
        var fileGone = Assert.ThrowsAny<FileNotFoundException>(() => File.OpenRead(Path.Combine(Path.GetTempPath(), "credithub-no-such-file.pem")).Dispose());

        Assert.Equal($"路径不存在：{missing}", AuditVerbs.OperatorMistake(folderGone));
        Assert.Equal($"文件不存在：{Path.Combine(Path.GetTempPath(), "credithub-no-such-file.pem")}", AuditVerbs.OperatorMistake(fileGone));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")]
    [InlineData("")]
    public void A_public_key_that_is_not_one_says_so_in_Chinese(string pem)
    {
        var ex = Assert.Throws<AuditKeyFormatException>(() => AuditSigningKey.ImportPublicKey(pem));

        Assert.StartsWith("不是 PEM 格式的 ECDSA 公钥", AuditVerbs.OperatorMistake(ex));
    }

    [Fact]
    public void A_real_public_key_still_imports()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var imported = AuditSigningKey.ImportPublicKey(key.ExportSubjectPublicKeyInfoPem());

        Assert.Equal(key.ExportSubjectPublicKeyInfo(), imported.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void Faults_that_are_not_the_operators_are_left_to_the_host()
    {
        Assert.Null(AuditVerbs.OperatorMistake(new InvalidOperationException("Sequence contains no elements")));
        Assert.Null(AuditVerbs.OperatorMistake(new ArgumentException("bad")));
        Assert.Equal("审计交换日志的链头与日志条目不一致", AuditVerbs.OperatorMistake(new InvalidOperationException("审计交换日志的链头与日志条目不一致")));
    }
}

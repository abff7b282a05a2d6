using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.AuditLog;

/// <summary>
/// The hub's ECDSA P-256 checkpoint key, a PKCS#8 PEM file at <see cref="AuditLogOptions.SigningKeyPath"/> readable by
/// the hub's OS user only. It never enters the database or the repository; auditors get the public key
/// (<c>audit pubkey</c>) and compare its fingerprint with the one printed in every export.
/// </summary>
public sealed class AuditSigningKey(IOptions<AuditLogOptions> options, ILogger<AuditSigningKey> logger) : IDisposable
{
    private readonly Lock gate = new();
    private ECDsa? key;

    public string Path => System.IO.Path.GetFullPath(options.Value.SigningKeyPath);

    public bool Exists => File.Exists(Path);

    /// <summary>Creates the key file. Returns false (and leaves the file alone) when it already exists and <paramref name="force"/> is off.</summary>
    public bool Generate(bool force)
    {
        lock (gate)
        {
            if (Exists && !force)
            {
                return false;
            }

            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var dir = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            var tmp = Path + ".tmp";
            var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(tmp, Encoding.ASCII, fileOptions))
            {
                writer.Write(fresh.ExportPkcs8PrivateKeyPem());
            }

            File.Move(tmp, Path, overwrite: true);
            key?.Dispose();
            key = null;
            logger.LogWarning("已生成新的审计检查点签名密钥：{Path}（指纹 {Fingerprint}）；请妥善备份，并把公钥（audit pubkey）交给审计人员", Path, Fingerprint(fresh));
            return true;
        }
    }

    public string PublicKeyPem => Key().ExportSubjectPublicKeyInfoPem();

    public string KeyFingerprint => Fingerprint(Key());

    public byte[] Sign(byte[] statement) => Key().SignData(statement, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>Lower-hex SHA-256 of the DER SubjectPublicKeyInfo: what an auditor compares out of band.</summary>
    public static string Fingerprint(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    /// <summary>An ECDSA public key from PEM; anything else is an <see cref="AuditKeyFormatException"/> saying so in Chinese.</summary>
    public static ECDsa ImportPublicKey(string pem)
    {
        var k = ECDsa.Create();
        try
        {
            k.ImportFromPem(pem);
            return k;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            // .NET's text ("No supported key formats were found…") is English and speaks of an API parameter.
            k.Dispose();
            throw new AuditKeyFormatException("不是 PEM 格式的 ECDSA 公钥（应以 -----BEGIN PUBLIC KEY----- 开头，可用 audit pubkey 导出）", ex);
        }
    }

    public static bool Verify(ECDsa publicKey, byte[] statement, byte[] signature) =>
        publicKey.VerifyData(statement, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    private ECDsa Key()
    {
        lock (gate)
        {
            if (key is not null)
            {
                return key;
            }

            if (!Exists)
            {
                if (!options.Value.GenerateKeyOnFirstUse)
                {
                    throw new AuditKeyMissingException(
                        $"未找到审计签名密钥文件 {Path}（配置项 {AuditLogOptions.Section}:SigningKeyPath）：请先运行 audit keygen");
                }

                Generate(force: false);
            }

            var k = ECDsa.Create();
            k.ImportFromPem(File.ReadAllText(Path));
            if (k.KeySize != 256)
            {
                k.Dispose();
                throw new AuditKeyMissingException($"审计签名密钥 {Path} 不是 ECDSA P-256 密钥（配置项 {AuditLogOptions.Section}:SigningKeyPath）");
            }

            return key = k;
        }
    }

    public void Dispose() => key?.Dispose();
}

public sealed class AuditKeyMissingException(string message) : Exception(message);

public sealed class AuditKeyFormatException(string message, Exception inner) : Exception(message, inner);

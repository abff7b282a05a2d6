using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GanXian.CreditHub.Data;
using Microsoft.AspNetCore.DataProtection;

namespace GanXian.CreditHub.Identity;

/// <summary>
/// The key ring that signs sign-in cookies and antiforgery tokens. It lives in the database so every node of a
/// cluster reads the same ring; with <c>Identity:DataProtection:CertificatePath</c> the keys are encrypted there with
/// that certificate, so a copy of the database alone cannot forge an administrator's cookie.
/// </summary>
public static class DataProtectionComposition
{
    public const string CertificatePathKey = "Identity:DataProtection:CertificatePath";
    public const string CertificatePasswordKey = "Identity:DataProtection:CertificatePassword";

    /// <summary>Registers the ring; returns a Chinese error when a configured certificate cannot be used.</summary>
    public static string? AddHubDataProtection(this IServiceCollection services, IConfiguration config, string applicationName, string contentRoot)
    {
        var builder = services.AddDataProtection().SetApplicationName(applicationName).PersistKeysToDbContext<CreditHubDbContext>();
        var path = config[CertificatePathKey];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var (certificate, error) = Load(Hosting.ContentRoot.Resolve(path.Trim(), contentRoot), config[CertificatePasswordKey]);
        if (certificate is not null)
        {
            // Unprotect too: on Linux there is no certificate store the decryptor could find it in.
            builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        return error;
    }

    /// <summary>A PKCS#12 file (.pfx/.p12) or a PEM file holding the certificate and its private key.</summary>
    internal static (X509Certificate2? Certificate, string? Error) Load(string path, string? password)
    {
        if (!File.Exists(path))
        {
            return (null, $"配置项 {CertificatePathKey} 指向的证书文件“{path}”不存在");
        }

        try
        {
            var pem = Path.GetExtension(path).ToLowerInvariant() is ".pem" or ".crt";
            var certificate = pem
                ? string.IsNullOrEmpty(password) ? X509Certificate2.CreateFromPemFile(path) : X509Certificate2.CreateFromEncryptedPemFile(path, password)
                : X509CertificateLoader.LoadPkcs12FromFile(path, password);
            return certificate.HasPrivateKey
                ? (certificate, null)
                : (null, $"配置项 {CertificatePathKey} 指向的证书“{path}”不含私钥：加密密钥需要证书，解密需要其私钥");
        }
        catch (CryptographicException ex)
        {
            return (null, $"无法读取配置项 {CertificatePathKey} 指向的证书“{path}”（口令见 {CertificatePasswordKey}）：{ex.Message}");
        }
    }
}

using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace GanXian.CreditHub.Mapping;

/// <summary>
/// SHA-256 of short inputs (recordIds, content hashes: one to six blocks), a million times a night. The one-shot
/// <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> goes through OpenSSL 3's EVP layer, whose per-call set-up
/// (context, provider fetch) costs about 1 µs here, several times the hashing itself; OpenSSL's plain SHA256_Init/Update/Final
/// on a stack context use the same SHA-NI code without that set-up. Used when libcrypto.so.3 is there and agrees with
/// <see cref="SHA256"/> on a probe at start; otherwise (another OS or OpenSSL) the managed API.
/// </summary>
internal static class Sha256
{
    private const int ContextSize = 128; // sizeof(SHA256_CTX) is 112

    private static readonly bool Native = Probe();

    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (Native)
        {
            Span<byte> ctx = stackalloc byte[ContextSize];
            ref var c = ref MemoryMarshal.GetReference(ctx);
            if (Interop.SHA256_Init(ref c) == 1
                && Interop.SHA256_Update(ref c, ref MemoryMarshal.GetReference(data), (nuint)data.Length) == 1
                && Interop.SHA256_Final(ref MemoryMarshal.GetReference(destination[..32]), ref c) == 1)
            {
                return;
            }
        }

        SHA256.HashData(data, destination);
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            ReadOnlySpan<byte> probe = "GanXian.CreditHub 赣县区 sha-256 probe, longer than one block of sixty-four bytes"u8;
            Span<byte> ctx = stackalloc byte[ContextSize];
            Span<byte> mine = stackalloc byte[32];
            ref var c = ref MemoryMarshal.GetReference(ctx);
            return Interop.SHA256_Init(ref c) == 1
                   && Interop.SHA256_Update(ref c, ref MemoryMarshal.GetReference(probe), (nuint)probe.Length) == 1
                   && Interop.SHA256_Final(ref MemoryMarshal.GetReference(mine), ref c) == 1
                   && mine.SequenceEqual(SHA256.HashData(probe));
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    private static class Interop
    {
        private const string Library = "libcrypto.so.3";

        // Short, non-blocking calls that never call back: no GC transition needed.
        [DllImport(Library), SuppressGCTransition]
        public static extern int SHA256_Init(ref byte ctx);

        [DllImport(Library), SuppressGCTransition]
        public static extern int SHA256_Update(ref byte ctx, ref byte data, nuint length);

        [DllImport(Library), SuppressGCTransition]
        public static extern int SHA256_Final(ref byte digest, ref byte ctx);
    }
}

using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace GanXian.CreditHub.Hosting;

/// <summary>
/// SHA-256 of short inputs: recordIds and content hashes at collection, twice per entry in the audit log, each a
/// million times a night. <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>
/// costs about 1 µs per call here whatever the length, because OpenSSL 3 fetches the algorithm through its provider
/// layer on every one-shot digest; hashing the 64–300 bytes of an entry is a small part of that. Where libcrypto
/// exports the classic <c>SHA256_Init/Update/Final</c> (every OpenSSL 3 build that keeps the deprecated API, which
/// the distributions do), those run the same SHA-NI/AVX2 block function without the fetch, in about 0.2 µs. They are
/// checked against <see cref="SHA256"/> once before they are used, and anything else (another platform, a build
/// without them, a wrong answer) falls back to <see cref="SHA256"/>: the result is the same SHA-256 either way.
/// </summary>
internal static class Sha256
{
    public const int Size = 32;

    // sizeof(SHA256_CTX) is 112 on every OpenSSL; a little slack costs nothing on the stack.
    private const int ContextSize = 128;
    private const string Libcrypto = "libcrypto.so.3";

    private static readonly bool Native = Probe();

    /// <summary>True when the libcrypto fast path is in use (reported by the benchmark).</summary>
    public static bool UsesNativeFastPath => Native;

    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (Native)
        {
            NativeHash(data, destination);
        }
        else
        {
            SHA256.HashData(data, destination);
        }
    }

    private static void NativeHash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException("The destination is shorter than a SHA-256 hash.", nameof(destination));
        }

        Span<byte> context = stackalloc byte[ContextSize];
        ref var ctx = ref MemoryMarshal.GetReference(context);
        if (Init(ref ctx) != 1
            || Update(ref ctx, ref MemoryMarshal.GetReference(data), (nuint)data.Length) != 1
            || Final(ref MemoryMarshal.GetReference(destination), ref ctx) != 1)
        {
            throw new CryptographicException("libcrypto SHA256 failed.");
        }
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            Span<byte> native = stackalloc byte[Size];
            Span<byte> managed = stackalloc byte[Size];
            var input = new byte[300];
            for (var length = 0; length <= input.Length; length += 37)
            {
                input[length % input.Length] ^= (byte)length;
                NativeHash(input.AsSpan(0, length), native);
                SHA256.HashData(input.AsSpan(0, length), managed);
                if (!native.SequenceEqual(managed))
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or CryptographicException)
        {
            return false;
        }
    }

    // DllImport rather than LibraryImport: ref byte is blittable, so no marshalling stub and no unsafe code needed.
    // Short, non-blocking calls that never call back into .NET: safe to make without a GC transition.
    [DllImport(Libcrypto, EntryPoint = "SHA256_Init", ExactSpelling = true)]
    [SuppressGCTransition]
    private static extern int Init(ref byte ctx);

    [DllImport(Libcrypto, EntryPoint = "SHA256_Update", ExactSpelling = true)]
    [SuppressGCTransition]
    private static extern int Update(ref byte ctx, ref byte data, nuint length);

    [DllImport(Libcrypto, EntryPoint = "SHA256_Final", ExactSpelling = true)]
    [SuppressGCTransition]
    private static extern int Final(ref byte digest, ref byte ctx);
}

using System.Buffers;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace GanXian.CreditHub.PlatformSimulator.Http;

/// <summary>
/// A POST body read once, by the simulator, into a pooled buffer. WireMock would otherwise copy it through a growing
/// MemoryStream, copy it again into an array and decode all of it into a string (a batch is about 300 KB: four
/// large-object allocations per request, and the gen-2 collections they trigger). Content-Encoding gzip/deflate is
/// decompressed exactly as WireMock did, so handlers and the signature see the same bytes as before.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private byte[]? _pooled;

    private RequestBody(byte[] buffer, int length, bool pooled)
    {
        _pooled = pooled ? buffer : null;
        Bytes = new ReadOnlyMemory<byte>(buffer, 0, length);
    }

    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>
    /// Reads the body and leaves WireMock an empty one; null (and the body untouched for WireMock) when it cannot be
    /// decoded, so WireMock answers such a request as it always did.
    /// </summary>
    public static async Task<RequestBody?> TakeAsync(HttpRequest request, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and <= int.MaxValue ? (int)request.ContentLength.Value : 16 * 1024);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            var n = await request.Body.ReadAsync(buffer.AsMemory(length), ct);
            if (n == 0)
            {
                break;
            }

            length += n;
        }

        var encoding = request.Headers.ContentEncoding.FirstOrDefault()?.ToLowerInvariant();
        if (encoding is not ("gzip" or "deflate"))
        {
            request.Body = Stream.Null;
            return new RequestBody(buffer, length, pooled: true);
        }

        try
        {
            var inflated = Decompress(encoding, buffer.AsMemory(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
            request.Body = Stream.Null;
            request.Headers.Remove("Content-Encoding");
            return new RequestBody(inflated, inflated.Length, pooled: false);
        }
        catch (InvalidDataException)
        {
            request.Body = new MemoryStream(buffer.AsSpan(0, length).ToArray());
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _pooled, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Decompress(string encoding, ReadOnlyMemory<byte> data)
    {
        using var compressed = new MemoryStream(data.ToArray());
        using Stream zip = encoding == "gzip"
            ? new GZipStream(compressed, CompressionMode.Decompress)
            : new DeflateStream(compressed, CompressionMode.Decompress);
        using var result = new MemoryStream();
        zip.CopyTo(result);
        return result.ToArray();
    }
}

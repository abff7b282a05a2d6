using System.Security.Cryptography;
using GanXian.CreditHub.Hosting;

namespace GanXian.CreditHub.Tests.Hosting;

public sealed class Sha256Tests
{
    [Fact]
    public void The_fast_sha256_agrees_with_the_framework_on_every_length()
    {
        var data = new byte[1100];
        new Random(7).NextBytes(data);
        Span<byte> fast = stackalloc byte[32];
        for (var length = 0; length <= data.Length; length += length < 600 ? 1 : 97)
        {
            Sha256.Hash(data.AsSpan(0, length), fast);
            Assert.Equal(SHA256.HashData(data.AsSpan(0, length)), fast.ToArray());
        }
    }
}

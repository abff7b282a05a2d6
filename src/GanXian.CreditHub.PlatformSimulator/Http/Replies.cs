using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using GanXian.CreditHub.Platform.Contract;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace GanXian.CreditHub.PlatformSimulator.Http;

/// <summary>WireMock response messages in the contract's shape (JSON bodies, the §2 error body).</summary>
internal static class Replies
{
    public static ResponseMessage Json(int status, byte[] body)
    {
        var message = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { DetectedBodyType = BodyType.Bytes, BodyAsBytes = body },
        };
        message.AddHeader("Content-Type", "application/json; charset=utf-8");
        return message;
    }

    public static ResponseMessage Json<T>(int status, T value, JsonTypeInfo<T> type) => Json(status, JsonSerializer.SerializeToUtf8Bytes(value, type));

    public static ResponseMessage Empty(int status) => new() { StatusCode = status };

    public static ResponseMessage Error(int status, string code, string message, int? retryAfterSeconds = null)
    {
        var reply = Json(status, new PlatformErrorBody(code, message, Guid.NewGuid().ToString("N")), SimJson.Platform.PlatformErrorBody);
        if (retryAfterSeconds is { } s)
        {
            reply.AddHeader("Retry-After", s.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return reply;
    }

    /// <summary>The malformed-reply fault: the first half of a real answer, so it starts like JSON and breaks off.</summary>
    public static ResponseMessage Truncated(IResponseMessage reply)
    {
        var body = reply.BodyData?.BodyAsBytes ?? "{\"items\":["u8.ToArray();
        return Json(200, body[..Math.Max(1, body.Length / 2)]);
    }
}

using Microsoft.Net.Http.Headers;

namespace GanXian.CreditHub.Exchange;

/// <summary>
/// Reads the form of a <c>multipart/form-data</c> upload and tells a request the hub cannot read (400: no boundary,
/// a body that ends before its closing boundary) or a content type that cannot carry a file (415) from a file over the
/// limit (413). The form reader throws <see cref="InvalidDataException"/> for a missing boundary and
/// <see cref="IOException"/> for a cut body; both used to end as "文件超过上传上限" or a 500. A file over the limit is
/// always Kestrel's <see cref="BadHttpRequestException"/> 413: the reader's own multipart limit is never below the
/// request's (ExchangeComposition), so Kestrel stops the body first.
/// </summary>
internal static class UploadBody
{
    public sealed record Refusal(int Status, string Detail, string? Title = null);

    public const string UnsupportedTitle = "不支持的内容类型：上传请使用 multipart/form-data，或直接发送文件的原始字节";

    /// <summary>A content type an upload cannot be read from; null for a form with a boundary or raw bytes (any other type).</summary>
    public static Refusal? ContentTypeError(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type))
        {
            return null;
        }

        if (type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return new(StatusCodes.Status415UnsupportedMediaType, "application/x-www-form-urlencoded 表单不能携带文件：请以 multipart/form-data 上传", UnsupportedTitle);
        }

        if (!type.MediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return new(StatusCodes.Status415UnsupportedMediaType, $"不能从 {type.MediaType} 请求中读取文件：请以 multipart/form-data 上传", UnsupportedTitle);
        }

        return HeaderUtilities.RemoveQuotes(type.Boundary).Length == 0
            ? new(StatusCodes.Status400BadRequest, "multipart/form-data 请求的 Content-Type 缺少 boundary 参数，无法读出其中的文件（例如 multipart/form-data; boundary=----分隔符）")
            : null;
    }

    /// <summary>The request's form, or the refusal of a body that is not a complete multipart form.</summary>
    public static async Task<(IFormCollection? Form, Refusal? Error)> ReadFormAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            return (await request.ReadFormAsync(ct), null);
        }
        catch (Exception ex) when (ex is InvalidDataException || (ex is IOException and not BadHttpRequestException && !ct.IsCancellationRequested))
        {
            // The reason is the reader's English; the log keeps it (a full temporary folder would show here too).
            request.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UploadBody))
                .LogWarning("上传 {Path}：无法读取 multipart 请求体：{Reason}", request.Path, ex.Message);
            return (null, new(StatusCodes.Status400BadRequest, "multipart/form-data 请求体不完整或格式错误（缺少结束分隔符，或上传被中断），未能读出其中的文件：请重新上传"));
        }
    }
}

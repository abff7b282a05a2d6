using Refit;

namespace GanXian.CreditHub.Platform.Contract;

/// <summary>Every endpoint of PLATFORM-API.md. Signing, resilience and error mapping are handlers around this client.</summary>
public interface IPlatformApi
{
    [Get("/api/v1/catalogs")]
    Task<IReadOnlyList<CatalogDefinition>> GetCatalogsAsync(CancellationToken ct = default);

    [Post("/api/v1/catalogs/{code}/batches")]
    Task<BatchReceipt> SubmitBatchAsync(string code, [Body] BatchRequest batch, CancellationToken ct = default);

    /// <summary>
    /// The same call with a body already serialised: the exchange sends the exact bytes it stored before the first
    /// attempt (a resend is byte-identical, and nothing is parsed and re-serialised per record).
    /// </summary>
    [Post("/api/v1/catalogs/{code}/batches")]
    [Headers("Content-Type: application/json; charset=utf-8")]
    Task<BatchReceipt> SubmitBatchBodyAsync(string code, [Body] Stream body, CancellationToken ct = default);

    [Get("/api/v1/catalogs/{code}/records/{recordId}")]
    Task<PlatformRecord> GetRecordAsync(string code, string recordId, CancellationToken ct = default);

    [Get("/api/v1/catalogs/{code}/records")]
    Task<RecordPage> GetRecordsAsync(string code, DateTimeOffset? updatedSince = null, string? cursor = null, int? limit = null, CancellationToken ct = default);

    [Get("/api/v1/feedback")]
    Task<FeedbackPage> GetFeedbackAsync(string? cursor = null, int? limit = null, CancellationToken ct = default);

    [Post("/api/v1/feedback/{feedbackId}/ack")]
    Task AcknowledgeFeedbackAsync(string feedbackId, CancellationToken ct = default);
}

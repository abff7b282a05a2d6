using System.Globalization;
using System.Net;
using System.Text.Json;
using GanXian.CreditHub.Platform.Contract;
using GanXian.CreditHub.PlatformSimulator.Http;
using WireMock;

namespace GanXian.CreditHub.PlatformSimulator;

// /_sim/*: for tests, drills and people. No platform signature; loopback clients only unless AllowRemoteAdmin.
public sealed partial class SimulatorServer
{
    private void MapAdmin()
    {
        Map("GET", Exact("/_sim/records"), r => Admin(r, ListRecords));
        Map("GET", Exact("/_sim/stats"), r => Admin(r, _ => Replies.Json(200, Stats, SimJson.Admin.SimulatorStats)));
        Map("GET", Exact("/_sim/faults"), r => Admin(r, _ => Replies.Json(200, Faults, SimJson.Admin.SimulatorFaults)));
        Map("PUT", Exact("/_sim/faults"), r => Admin(r, PutFaults));
        Map("DELETE", Exact("/_sim/faults"), r => Admin(r, _ =>
        {
            ClearFaults();
            return Replies.Json(200, Faults, SimJson.Admin.SimulatorFaults);
        }));
        Map("POST", Exact("/_sim/feedback"), r => Admin(r, PostFeedback));
        Map("POST", Exact("/_sim/tamper/delete"), r => Admin(r, req => Tamper(req, t =>
            TamperDelete(t.Catalog, t.RecordId) ? Replies.Empty(204) : Replies.Error(404, "NOT_FOUND", "没有这条记录"))));
        Map("POST", Exact("/_sim/tamper/alter"), r => Admin(r, req => Tamper(req, t =>
            TamperAlter(t.Catalog, t.RecordId, t.ContentHash, t.Status) is { } altered
                ? Replies.Json(200, altered, SimJson.Admin.StoredRecord)
                : Replies.Error(404, "NOT_FOUND", "没有这条记录"))));
    }

    private Task<IResponseMessage> Admin(IRequestMessage request, Func<IRequestMessage, IResponseMessage> handler)
    {
        var remote = RequestScope.Current?.Remote;
        if (!_options.AllowRemoteAdmin && remote is not null && !IPAddress.IsLoopback(remote))
        {
            return Task.FromResult<IResponseMessage>(Replies.Error(403, "FORBIDDEN", "/_sim/* 仅允许本机访问（--allow-remote-admin 可放开）"));
        }

        try
        {
            return Task.FromResult(handler(request));
        }
        catch (JsonException ex)
        {
            return Task.FromResult<IResponseMessage>(Replies.Error(400, "MALFORMED", ex.Message));
        }
    }

    private IResponseMessage ListRecords(IRequestMessage request)
    {
        var all = Records(Query(request, "catalog"));
        var limit = int.TryParse(Query(request, "limit"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 10_000;
        return Replies.Json(200, new SimulatorRecordList(all.Count, all.Take(limit).ToList()), SimJson.Admin.SimulatorRecordList);
    }

    private IResponseMessage PutFaults(IRequestMessage request)
    {
        var faults = JsonSerializer.Deserialize(request.BodyAsBytes ?? "{}"u8.ToArray(), SimJson.Admin.SimulatorFaults)
                     ?? new SimulatorFaults();
        SetFaults(faults);
        return Replies.Json(200, Faults, SimJson.Admin.SimulatorFaults);
    }

    private IResponseMessage PostFeedback(IRequestMessage request)
    {
        var f = JsonSerializer.Deserialize(Body(request).Span, SimJson.Admin.FeedbackInjection);
        if (f is null || string.IsNullOrWhiteSpace(f.Catalog) || string.IsNullOrWhiteSpace(f.RecordId) || string.IsNullOrWhiteSpace(f.Code))
        {
            return Replies.Error(400, "MALFORMED", "需要 catalog、recordId、code、message");
        }

        return Replies.Json(201, InjectFeedback(f.Catalog, f.RecordId, f.Code, f.Message ?? ""), SimJson.Admin.FeedbackItem);
    }

    private static IResponseMessage Tamper(IRequestMessage request, Func<TamperRequest, IResponseMessage> action)
    {
        var t = JsonSerializer.Deserialize(Body(request).Span, SimJson.Admin.TamperRequest);
        return t is null || string.IsNullOrWhiteSpace(t.Catalog) || string.IsNullOrWhiteSpace(t.RecordId)
            ? Replies.Error(400, "MALFORMED", "需要 catalog 和 recordId")
            : action(t);
    }
}

using GanXian.CreditHub.AuditLog;

namespace GanXian.CreditHub.Tests.AuditLog;

public sealed class AuditLogWriterRedactionTests
{
    private static LogEvent Event(string? entityKey, string? detail = null, string actor = "officer") =>
        new() { Chain = LogChain.Operation, Kind = "record.viewed", Actor = actor, EntityKey = entityKey, Detail = detail };

    [Fact]
    public void Events_without_id_numbers_are_passed_as_they_are()
    {
        IReadOnlyList<LogEvent> events = [Event("91350100M000100Y43", "批次 P-202612040000000001"), Event(null), Event("123607211000000052")];
        Assert.Same(events, AuditLogWriter.Redacted(events));
    }

    [Fact]
    public void An_id_number_in_any_text_field_is_masked_before_it_is_sealed()
    {
        var events = AuditLogWriter.Redacted([Event("91350100M000100Y43"), Event("360721198506123015", "查询 360721198506123015", "sfz360721198506123015")]);
        Assert.Equal("91350100M000100Y43", events[0].EntityKey);
        Assert.Equal(("360721********3015", "查询 360721********3015", "sfz360721********3015"), (events[1].EntityKey, events[1].Detail, events[1].Actor));
    }
}

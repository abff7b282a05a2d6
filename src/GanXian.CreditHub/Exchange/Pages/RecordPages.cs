using System.Text.Json.Nodes;
using GanXian.CreditHub.Hosting;
using GanXian.CreditHub.Mapping;

namespace GanXian.CreditHub.Exchange.Pages;

/// <summary>Routes shared by the records pages, and how they show identifiers.</summary>
public static class RecordPages
{
    public const string ListPath = "/exchange/records";

    public static string ItemPath(string recordId) => $"{ListPath}/{Uri.EscapeDataString(recordId)}";

    /// <summary>
    /// A value as someone without the personal-data permission may see it: ID numbers masked, except a valid credit
    /// code in a credit-code field, which may be all digits and so look like one (机关、事业单位).
    /// </summary>
    public static string Show(string? value, bool unmasked, bool creditCodeField = false) =>
        value is null ? "" : unmasked || (creditCodeField && PersonalIdRedactor.IsCreditCodeNotId(value)) ? value : PersonalIdRedactor.Mask(value);


    /// <summary>An entity key: a credit code or, for a natural person, an ID number.</summary>
    public static string ShowEntity(string? key, bool unmasked) => key is null ? "—" : Show(key, unmasked, creditCodeField: true);

    /// <summary>
    /// What a record is, for a list where its opaque recordId says nothing to an officer: the entity's name (each
    /// catalogue's first field, PLATFORM-API.md §3) and the other fields of its business key by their names
    /// ("险种类型 110，费款所属期 202610", "决定书文号 …").
    /// </summary>
    public static (string Name, string Key) Describe(ExchangeRecord r, MappingRegistry mappings, bool unmasked)
    {
        if (mappings.Catalogs.Find(r.Catalog) is not { Fields.Count: > 0 } catalog || JsonNode.Parse(r.Data) is not JsonObject data)
        {
            return ("—", "");
        }

        string Value(string code) => data[code] is JsonValue v && v.TryGetValue<string>(out var text) ? text : data[code]?.ToJsonString() ?? "";
        var name = catalog.Fields[0];
        var key = (mappings.ForCatalog(r.Catalog)?.Definition.RecordKey ?? [])
            .Select(catalog.Field).OfType<CatalogFieldSpec>()
            .Where(f => f.Code != name.Code && f.Type != FieldTypes.Uscc && Value(f.Code).Length > 0)
            .Select(f => $"{f.Name} {Show(Value(f.Code), unmasked)}");
        return (Show(Value(name.Code), unmasked), string.Join("，", key));
    }

    public static bool CanWithdraw(ExchangeRecord r) => r.WithdrawnBy is null && r.State is not (RecordStates.Sending or RecordStates.Withdrawn);

    public static bool IsWithdrawal(ExchangeRecord r) => r.Op == Platform.Contract.BatchRecord.Withdraw;
}

using System.Text.Json;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Platform.Contract;
using GanXian.CreditHub.PlatformSimulator.Catalogs;

namespace GanXian.CreditHub.PlatformSimulator;

/// <summary>A submitted batch as the simulator reads it (either path of <see cref="BatchReader"/>).</summary>
/// <remarks><see cref="Memo"/>: what the fast path remembered of each field's last value (null from the general path).</remarks>
internal sealed record ParsedBatch(string? BatchId, string? SourceUnitUscc, IReadOnlyList<ParsedRecord?>? Records, FieldMemo? Memo = null);

/// <summary>
/// One record of a batch: <see cref="Data"/> when the fast path read it, <see cref="Node"/> when the general path did
/// (turned into <see cref="RecordData"/> only when validated, where the general path always looked at it).
/// </summary>
internal sealed record ParsedRecord(string? RecordId, string? Op, RecordData? Data = null, JsonObject? Node = null);

/// <summary>
/// Reads a batch body. The fast path walks the UTF-8 bytes once with <see cref="Utf8JsonReader"/> and fills
/// <see cref="RecordData"/> directly: no JSON DOM per record, which was most of the simulator's cost. It accepts only
/// the plain shape the contract describes (exact property names, each once; string ids; flat data of scalars, no
/// duplicate keys). Anything else — odd casing, extra properties, nested values, duplicates, broken JSON — goes to
/// the general path, the contract's source-generated deserializer, so its answers (and error messages) stay exactly
/// what they were.
/// </summary>
internal static class BatchReader
{
    /// <exception cref="JsonException">From the general path: the body is not a batch.</exception>
    public static ParsedBatch Read(ReadOnlySpan<byte> body, FieldKeys keys) => TryReadFast(body, keys) ?? ReadGeneral(body);

    /// <summary>The general path alone (tests compare both paths).</summary>
    public static ParsedBatch ReadGeneral(ReadOnlySpan<byte> body)
    {
        var batch = JsonSerializer.Deserialize(body, SimJson.Platform.BatchRequest);
        if (batch is null)
        {
            return new ParsedBatch(null, null, null);
        }

        var records = batch.Records?.Select(r => r is null ? null : new ParsedRecord(r.RecordId, r.Op, Node: r.Data)).ToList();
        return new ParsedBatch(batch.BatchId, batch.SourceUnitUscc, records);
    }

    /// <summary>The fast path; null when the body is not in the plain shape (the caller then takes the general path).</summary>
    public static ParsedBatch? TryReadFast(ReadOnlySpan<byte> body, FieldKeys keys)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            return ReadBatch(ref reader, keys, new FieldMemo(keys.Count));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // Broken JSON or text that does not transcode: the general path produces the contract's error.
            return null;
        }
    }

    private static ParsedBatch? ReadBatch(ref Utf8JsonReader reader, FieldKeys keys, FieldMemo memo)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? batchId = null, source = null;
        List<ParsedRecord?>? records = null;
        bool seenId = false, seenSource = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped)
            {
                return null;
            }

            if (reader.ValueTextEquals("batchId"u8) && !seenId)
            {
                seenId = true;
                if (!ReadString(ref reader, out batchId))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("sourceUnitUscc"u8) && !seenSource)
            {
                seenSource = true;
                if (!ReadString(ref reader, out source))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("records"u8) && records is null)
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    return null;
                }

                records = new List<ParsedRecord?>(512);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject || ReadRecord(ref reader, keys, memo) is not { } record)
                    {
                        return null;
                    }

                    records.Add(record);
                }
            }
            else
            {
                return null;
            }
        }

        // The root object must be closed and nothing but whitespace may follow (Read throws on trailing data).
        return reader.TokenType == JsonTokenType.EndObject && !reader.Read() ? new ParsedBatch(batchId, source, records, memo) : null;
    }

    private static ParsedRecord? ReadRecord(ref Utf8JsonReader reader, FieldKeys keys, FieldMemo memo)
    {
        string? recordId = null, op = null;
        RecordData? data = null;
        bool seenId = false, seenOp = false, seenData = false, seenReason = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped)
            {
                return null;
            }

            if (reader.ValueTextEquals("recordId"u8) && !seenId)
            {
                seenId = true;
                if (!ReadString(ref reader, out recordId))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("op"u8) && !seenOp)
            {
                seenOp = true;
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                // The two valid ops as the contract's own strings (one allocation fewer per record).
                op = reader.ValueTextEquals("upsert"u8) ? BatchRecord.Upsert : reader.ValueTextEquals("withdraw"u8) ? BatchRecord.Withdraw : reader.GetString();
            }
            else if (reader.ValueTextEquals("reason"u8) && !seenReason)
            {
                seenReason = true;
                if (!ReadString(ref reader, out _))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("data"u8) && !seenData)
            {
                seenData = true;
                if (!reader.Read())
                {
                    return null;
                }

                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartObject || ReadData(ref reader, keys, memo) is not { } d)
                {
                    return null;
                }

                data = d;
            }
            else
            {
                return null;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? new ParsedRecord(recordId, op, data) : null;
    }

    private static RecordData? ReadData(ref Utf8JsonReader reader, FieldKeys keys, FieldMemo memo)
    {
        var data = new RecordData(keys.Count);
        ulong seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = keys.Read(ref reader, out var known);
            if (!reader.Read() || reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                return null;
            }

            // A duplicate key is the general path's business (its JsonObject decides what that means). Known keys
            // are checked with a bit each, others by a scan.
            var bit = known is >= 0 and < 64 ? 1UL << known : 0;
            if ((seen & bit) != 0 || (bit == 0 && (data.Count >= 256 || data.ContainsKey(key))))
            {
                return null;
            }

            seen |= bit;
            data.Add(key, known, known >= 0 && reader.TokenType == JsonTokenType.String
                ? new DataValue(DataKind.String, memo.Read(ref reader, known))
                : DataValue.Of(ref reader));
        }

        return reader.TokenType == JsonTokenType.EndObject ? data : null;
    }

    /// <summary>A string value (a JSON null or any other token is the general path's business).</summary>
    private static bool ReadString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        value = reader.GetString();
        return true;
    }
}

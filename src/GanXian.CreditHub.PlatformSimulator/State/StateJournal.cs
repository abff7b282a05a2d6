using System.Text;
using System.Text.Json;
using GanXian.CreditHub.Platform.Contract;

namespace GanXian.CreditHub.PlatformSimulator.State;

/// <summary>
/// Persistence for a standalone simulator: an append-only file of JSON lines, one per change, replayed at start.
/// Appending keeps a batch O(batch size) however much is stored (rewriting a snapshot per batch would be O(n²) over a
/// benchmark). A torn last line (the process was killed mid-write) is ignored.
/// </summary>
internal sealed class StateJournal : IDisposable
{
    private readonly FileStream _file;
    private readonly Utf8JsonWriter _writer;

    public StateJournal(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
        _writer = new Utf8JsonWriter(_file);
    }

    public void Batch(string batchId, string bodyHash, byte[] receipt, List<StoredRecord> changes)
    {
        _writer.WriteStartObject();
        _writer.WriteString("k", "batch");
        _writer.WriteString("id", batchId);
        _writer.WriteString("hash", bodyHash);
        _writer.WritePropertyName("receipt");
        _writer.WriteRawValue(receipt, skipInputValidation: true);
        _writer.WriteStartArray("changes");
        foreach (var c in changes)
        {
            WriteRecord(c);
        }

        _writer.WriteEndArray();
        _writer.WriteEndObject();
        EndLine();
    }

    public void Record(string kind, StoredRecord record)
    {
        _writer.WriteStartObject();
        _writer.WriteString("k", kind);
        _writer.WritePropertyName("record");
        WriteRecord(record);
        _writer.WriteEndObject();
        EndLine();
    }

    public void TamperDelete(string catalog, string recordId)
    {
        _writer.WriteStartObject();
        _writer.WriteString("k", "tamper-delete");
        _writer.WriteString("catalog", catalog);
        _writer.WriteString("recordId", recordId);
        _writer.WriteEndObject();
        EndLine();
    }

    public void Feedback(FeedbackItem item)
    {
        _writer.WriteStartObject();
        _writer.WriteString("k", "feedback");
        _writer.WriteString("feedbackId", item.FeedbackId);
        _writer.WriteString("catalog", item.Catalog);
        _writer.WriteString("recordId", item.RecordId);
        _writer.WriteString("code", item.Code);
        _writer.WriteString("message", item.Message);
        _writer.WriteString("createdAt", item.CreatedAt);
        _writer.WriteEndObject();
        EndLine();
    }

    public void Ack(string feedbackId)
    {
        _writer.WriteStartObject();
        _writer.WriteString("k", "ack");
        _writer.WriteString("feedbackId", feedbackId);
        _writer.WriteEndObject();
        EndLine();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }

    public static void Replay(string path, PlatformState state)
    {
        if (!File.Exists(path))
        {
            return;
        }

        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(line);
            }
            catch (JsonException)
            {
                break; // the torn tail of a killed process
            }

            using (doc)
            {
                var e = doc.RootElement;
                switch (e.GetProperty("k").GetString())
                {
                    case "batch":
                        state.ReplayBatch(e.GetProperty("id").GetString()!, e.GetProperty("hash").GetString()!,
                            Encoding.UTF8.GetBytes(e.GetProperty("receipt").GetRawText()),
                            e.GetProperty("changes").EnumerateArray().Select(ReadRecord).ToList());
                        break;
                    case "tamper-alter":
                        state.ReplayRecord(ReadRecord(e.GetProperty("record")));
                        break;
                    case "tamper-delete":
                        state.ReplayDelete(e.GetProperty("catalog").GetString()!, e.GetProperty("recordId").GetString()!);
                        break;
                    case "feedback":
                        state.ReplayFeedback(new FeedbackItem(e.GetProperty("feedbackId").GetString()!, e.GetProperty("catalog").GetString()!,
                            e.GetProperty("recordId").GetString()!, e.GetProperty("code").GetString()!, e.GetProperty("message").GetString()!,
                            e.GetProperty("createdAt").GetDateTimeOffset()));
                        break;
                    case "ack":
                        state.ReplayAck(e.GetProperty("feedbackId").GetString()!);
                        break;
                }
            }
        }
    }

    private void WriteRecord(StoredRecord r)
    {
        _writer.WriteStartObject();
        _writer.WriteString("c", r.Catalog);
        _writer.WriteString("r", r.RecordId);
        _writer.WriteString("p", r.PlatformId);
        _writer.WriteString("s", r.Status);
        _writer.WriteString("h", r.ContentHash);
        _writer.WriteString("u", r.UpdatedAt);
        _writer.WriteEndObject();
    }

    private static StoredRecord ReadRecord(JsonElement e) => new(
        e.GetProperty("c").GetString()!, e.GetProperty("r").GetString()!, e.GetProperty("p").GetString()!,
        e.GetProperty("s").GetString()!, e.GetProperty("h").GetString()!, e.GetProperty("u").GetDateTimeOffset());

    private void EndLine()
    {
        _writer.Flush();
        _writer.Reset();
        _file.WriteByte((byte)'\n');
        _file.Flush();
    }
}

using System.Text.Json;

namespace GanXian.CreditHub.Mapping;

/// <summary>
/// Line numbers of the properties and array elements of a JSON document, by path (<c>fields[2].transforms[0]</c>), so
/// a mapping error can name the line an administrator has to fix. System.Text.Json's DOM keeps no positions.
/// </summary>
internal sealed class JsonLineIndex
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    public int? LineOf(string path) => _lines.TryGetValue(path, out var l) ? l : null;

    public static JsonLineIndex Build(ReadOnlySpan<byte> json)
    {
        var index = new JsonLineIndex();
        var newlines = new List<long>();
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] == (byte)'\n')
            {
                newlines.Add(i);
            }
        }

        int Line(long offset)
        {
            var pos = newlines.BinarySearch(offset);
            return (pos < 0 ? ~pos : pos) + 1;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        // Each frame: the container's path, and for arrays the next element index.
        var stack = new Stack<(string Path, bool IsArray, int Next)>();
        string? pendingProperty = null;

        string ChildPath()
        {
            if (stack.Count == 0)
            {
                return "";
            }

            var top = stack.Pop();
            string path;
            if (top.IsArray)
            {
                path = $"{top.Path}[{top.Next}]";
                top.Next++;
            }
            else
            {
                path = top.Path.Length == 0 ? pendingProperty! : $"{top.Path}.{pendingProperty}";
            }

            stack.Push(top);
            return path;
        }

        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pendingProperty = reader.GetString();
                    var top = stack.Peek();
                    index._lines.TryAdd(top.Path.Length == 0 ? pendingProperty! : $"{top.Path}.{pendingProperty}", Line(reader.TokenStartIndex));
                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                {
                    var path = ChildPath();
                    index._lines.TryAdd(path, Line(reader.TokenStartIndex));
                    stack.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
                    break;
                }
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    stack.Pop();
                    break;
                default:
                    index._lines.TryAdd(ChildPath(), Line(reader.TokenStartIndex));
                    break;
            }
        }

        return index;
    }
}

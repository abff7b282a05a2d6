namespace GanXian.CreditHub.Mapping;

/// <summary>One problem in a mapping file, located by file and (where known) line, in Chinese for the administrator.</summary>
public sealed record MappingError(string File, int? Line, string Message)
{
    public override string ToString() => Line is { } l ? $"{File} 第 {l} 行：{Message}" : $"{File}：{Message}";
}

/// <summary>A mapping or catalogue file that cannot be used; every problem found is listed, not only the first.</summary>
public sealed class MappingLoadException(IReadOnlyList<MappingError> errors)
    : Exception("映射文件无效：" + string.Join("；", errors))
{
    public IReadOnlyList<MappingError> Errors { get; } = errors;
}

namespace AutomationServer.Audience.Import;

/// <summary>One problem of one CSV row: the file's line the row starts on, the column (header name) and why.</summary>
public sealed record CsvImportError(int Line, string Column, string Message);

/// <summary>
/// What an import did (or, for a dry run, would do). <see cref="Rows"/> counts data rows; <see cref="Imported"/> =
/// <see cref="Created"/> + <see cref="Updated"/>; <see cref="Rejected"/> rows were left out. <see cref="Errors"/> lists
/// at most <see cref="CsvContactImporter.MaxReportedErrors"/>; <see cref="ErrorCount"/> is the total.
/// </summary>
public sealed record CsvImportReport(
    int Rows,
    int Imported,
    int Created,
    int Updated,
    int Rejected,
    bool DryRun,
    int ErrorCount,
    bool ErrorsTruncated,
    IReadOnlyList<CsvImportError> Errors);

/// <summary>What a CSV column feeds; <see cref="Argument"/> is the system of an external id or the attribute's name.</summary>
internal enum CsvTargetKind
{
    Ignore,
    Email,
    Phone,
    External,
    TimeZone,
    Locale,
    LifecycleStage,
    Score,
    Tags,
    Attribute,
}

internal sealed record CsvColumnBinding(int Index, string Column, CsvTargetKind Kind, string? Argument);

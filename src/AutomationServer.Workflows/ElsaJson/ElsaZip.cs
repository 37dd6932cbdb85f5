using System.IO.Compression;
using System.Text;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Validation;

namespace AutomationServer.Workflows.ElsaJson;

/// <summary>How much of an uploaded archive is read before it is refused.</summary>
public sealed record ElsaZipLimits
{
    public static ElsaZipLimits Default { get; } = new();

    /// <summary>Size of the archive itself.</summary>
    public long MaxArchiveBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Entries of any kind (files and folders) the archive may hold.</summary>
    public int MaxEntries { get; init; } = 1000;

    /// <summary>Uncompressed size of one <c>.json</c> entry.</summary>
    public long MaxEntryBytes { get; init; } = ElsaFormat.MaxDocumentBytes;

    /// <summary>Uncompressed size of all <c>.json</c> entries together (guards against zip bombs).</summary>
    public long MaxTotalBytes { get; init; } = 128L * 1024 * 1024;
}

/// <summary>One <c>.json</c> entry of an archive and what the reader made of it.</summary>
public sealed record ElsaZipEntry(string EntryName, ElsaReadResult Result);

/// <summary>The entries read from an archive, and problems with the archive as a whole.</summary>
public sealed class ElsaZipReadResult
{
    public required IReadOnlyList<ElsaZipEntry> Entries { get; init; }

    /// <summary>Archive-level problems: unreadable archive, limits exceeded, entries skipped.</summary>
    public required IReadOnlyList<ValidationProblem> Problems { get; init; }
}

/// <summary>One definition to put into an export archive.</summary>
public sealed record ElsaExportItem(WorkflowModel Model, ExportOverrides? Overrides = null);

/// <summary>Bulk import and export of workflow definitions as a zip of Elsa 3 JSON files, one definition per file.</summary>
public static class ElsaZip
{
    // Zip cannot store earlier times; a fixed time keeps identical exports byte-identical.
    private static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Reads every <c>.json</c> entry. Never throws for a bad archive or entry: those yield problems.</summary>
    public static ElsaZipReadResult Read(Stream zip, ElsaZipLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(zip);
        limits ??= ElsaZipLimits.Default;

        var problems = new List<ValidationProblem>();
        var entries = new List<ElsaZipEntry>();
        var seekable = OpenSeekable(zip, limits, problems);
        if (seekable is null)
        {
            return new ElsaZipReadResult { Entries = entries, Problems = problems };
        }

        try
        {
            using var archive = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
            if (archive.Entries.Count > limits.MaxEntries)
            {
                problems.Add(ArchiveProblem($"The archive holds {archive.Entries.Count} entries; at most {limits.MaxEntries} are accepted."));
                return new ElsaZipReadResult { Entries = entries, Problems = problems };
            }

            long total = 0;
            foreach (var entry in archive.Entries)
            {
                if (IsFolderOrSystemFile(entry))
                {
                    continue;
                }

                if (!entry.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add(new ValidationProblem(ValidationCodes.SkippedEntry, $"'{entry.FullName}' is not a .json file and was skipped.", Field: entry.FullName, Severity: ValidationSeverity.Warning));
                    continue;
                }

                var result = ReadEntry(entry, limits, limits.MaxTotalBytes - total, out var size);
                total += size;
                entries.Add(new ElsaZipEntry(entry.FullName, result));
                if (total >= limits.MaxTotalBytes)
                {
                    problems.Add(ArchiveProblem($"The archive's files add up to more than {BoundedRead.FormatSize(limits.MaxTotalBytes)}; the remaining entries were not read."));
                    break;
                }
            }
        }
        catch (InvalidDataException exception)
        {
            problems.Add(ArchiveProblem($"The file is not a readable zip archive: {exception.Message}"));
        }
        finally
        {
            if (!ReferenceEquals(seekable, zip))
            {
                seekable.Dispose();
            }
        }

        return new ElsaZipReadResult { Entries = entries, Problems = problems };
    }

    /// <summary>Writes one <c>.json</c> file per definition, named like Elsa's exports.</summary>
    public static void Write(Stream destination, IEnumerable<ElsaExportItem> items)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(items);

        var usedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using var archive = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var item in items)
        {
            var name = UniqueName(FileNameFor(item.Model, item.Overrides), usedNames);
            var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
            entry.LastWriteTime = EntryTime;
            using var stream = entry.Open();
            ElsaJsonWriter.Write(stream, item.Model, item.Overrides);
        }
    }

    public static byte[] Write(IEnumerable<ElsaExportItem> items)
    {
        using var buffer = new MemoryStream();
        Write(buffer, items);
        return buffer.ToArray();
    }

    /// <summary><c>workflow-definition-{name}-{definitionId}.json</c>, reduced to characters safe in any file system.</summary>
    public static string FileNameFor(WorkflowModel model, ExportOverrides? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var slug = Slug(model.Name, 60);
        var id = Slug(overrides?.DefinitionId ?? model.DefinitionId, 64);
        var parts = new[] { "workflow-definition", slug, id }.Where(p => p.Length > 0);
        return string.Join('-', parts) + ".json";
    }

    private static Stream? OpenSeekable(Stream zip, ElsaZipLimits limits, List<ValidationProblem> problems)
    {
        if (zip.CanSeek)
        {
            if (zip.Length - zip.Position > limits.MaxArchiveBytes)
            {
                problems.Add(ArchiveProblem($"The archive is larger than {BoundedRead.FormatSize(limits.MaxArchiveBytes)}."));
                return null;
            }

            return zip;
        }

        // ZipArchive would buffer a forward-only stream without any limit; buffer it ourselves with one.
        if (!BoundedRead.TryReadAll(zip, limits.MaxArchiveBytes, out var bytes, out var error))
        {
            problems.Add(ArchiveProblem("The archive could not be read: " + error));
            return null;
        }

        return new MemoryStream(bytes, writable: false);
    }

    private static ElsaReadResult ReadEntry(ZipArchiveEntry entry, ElsaZipLimits limits, long remainingTotal, out long size)
    {
        size = 0;
        var limit = Math.Min(limits.MaxEntryBytes, remainingTotal);
        if (entry.Length > limit)
        {
            size = entry.Length;
            return EntryFailed($"The entry is larger than {BoundedRead.FormatSize(limit)} uncompressed and was not read.");
        }

        try
        {
            using var stream = entry.Open();
            // The declared length may lie: the bounded read enforces the limit on what is actually inflated.
            if (!BoundedRead.TryReadAll(stream, limit, out var bytes, out var error))
            {
                size = limit;
                return EntryFailed(error!);
            }

            size = bytes.Length;
            return ElsaJsonReader.Read(bytes);
        }
        catch (InvalidDataException exception)
        {
            return EntryFailed($"The entry could not be read: {exception.Message}");
        }
        catch (IOException exception)
        {
            return EntryFailed($"The entry could not be read: {exception.Message}");
        }
    }

    private static bool IsFolderOrSystemFile(ZipArchiveEntry entry) =>
        entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\') || entry.Name.Length == 0 ||
        entry.Name.StartsWith('.') || entry.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal);

    private static string UniqueName(string name, HashSet<string> used)
    {
        var candidate = name;
        for (var n = 2; !used.Add(candidate); n++)
        {
            candidate = $"{name[..^".json".Length]}-{n}.json";
        }

        return candidate;
    }

    private static string Slug(string text, int maxLength)
    {
        var builder = new StringBuilder(Math.Min(text.Length, maxLength));
        foreach (var c in text.Normalize(NormalizationForm.FormKD))
        {
            if (builder.Length >= maxLength)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-' && (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c)))
            {
                builder.Append('-');
            }
        }

        return builder.ToString().Trim('-');
    }

    private static ValidationProblem ArchiveProblem(string message) => new(ValidationCodes.InvalidArchive, message);

    private static ElsaReadResult EntryFailed(string message) =>
        new() { Problems = [new ValidationProblem(ValidationCodes.MalformedJson, message)] };
}

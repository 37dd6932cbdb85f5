using System.Globalization;
using System.Text;
using System.Text.Json;
using AutomationServer.Audience.Contacts;
using AutomationServer.Audience.Persistence;
using AutomationServer.Audience.Segments.Membership;
using AutomationServer.Audience.Validation;
using CsvHelper;
using CsvHelper.Configuration;

namespace AutomationServer.Audience.Import;

/// <summary>
/// Imports contacts from a UTF-8 CSV with a header row. Every row goes through the same checks as the contacts API;
/// rejected rows are reported with line, column and reason and the valid ones are upserted by identity — all of them
/// in one transaction, so a failed write leaves nothing half-imported. A dry run checks and reports without writing.
/// </summary>
public sealed class CsvContactImporter(
    IContactStore contacts,
    IContactAttributeSchemaStore schema,
    IdentityNormalizer identities,
    ContactChangeQueue changes,
    TimeProvider clock)
{
    public const long MaxFileBytes = 20L * 1024 * 1024;
    public const int MaxRows = 200_000;
    public const int MaxReportedErrors = 1_000;

    /// <param name="mapping">Column name → target; null when the columns are named like their targets.</param>
    /// <exception cref="AudienceValidationException">The file is not a CSV with a header or the mapping is invalid (<c>mapping.&lt;column&gt;</c>).</exception>
    public async Task<CsvImportReport> ImportAsync(Stream csv, IReadOnlyDictionary<string, string>? mapping, bool dryRun, CancellationToken cancellationToken)
    {
        var definitions = (await schema.ListAsync(cancellationToken)).ToDictionary(d => d.Name, StringComparer.Ordinal);
        var reader = new ContactInputReader(identities, definitions);
        var rows = 0;
        var rejected = 0;
        var errorCount = 0;
        var errors = new List<CsvImportError>();
        var patches = new List<ContactPatch>();

        try
        {
            BadDataFoundArgs? badData = null;
            var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = args => badData ??= args };
            // Invalid UTF-8 throws rather than turning into replacement characters stored as contact data.
            using var text = new StreamReader(csv, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
            using var parser = new CsvParser(text, configuration);
            if (!await parser.ReadAsync() || parser.Record is not { } headerRecord)
            {
                throw FieldErrors.Single("The file is empty.", "file", "The CSV has no header row.");
            }

            var bindings = CsvColumnMapping.Bind(headerRecord.Select(h => h.Trim()).ToList(), mapping, definitions);
            while (await parser.ReadAsync())
            {
                // RawRow is the physical line a record ends on; blank lines before it are skipped, newlines inside quotes are not.
                var line = parser.RawRow - CountLineBreaks(parser.RawRecord.TrimEnd('\r', '\n'));
                if (++rows > MaxRows)
                {
                    throw FieldErrors.Single("The file is too large.", "file", $"At most {MaxRows} rows per import; split the file.");
                }

                List<CsvImportError> rowErrors;
                if (badData is { } bad)
                {
                    rowErrors = [new CsvImportError(line, "", $"The row is not well-formed CSV near '{Shorten(bad.Field)}': a quote inside a field must be doubled and the field quoted.")];
                    badData = null;
                }
                else
                {
                    rowErrors = ReadRow(parser.Record ?? [], line, bindings, definitions, reader, out var patch);
                    if (patch is not null)
                    {
                        patches.Add(patch);
                        continue;
                    }
                }

                rejected++;
                errorCount += rowErrors.Count;
                errors.AddRange(rowErrors.Take(MaxReportedErrors - errors.Count));
            }
        }
        catch (DecoderFallbackException)
        {
            throw FieldErrors.Single("The file is not UTF-8.", "file", "Save the CSV as UTF-8 and upload it again.");
        }

        var created = dryRun ? await PredictCreatedAsync(patches, cancellationToken) : await WriteAsync(patches, cancellationToken);
        return new CsvImportReport(rows, patches.Count, created, patches.Count - created, rejected, dryRun, errorCount, errorCount > errors.Count, errors);
    }

    private static List<CsvImportError> ReadRow(string[] record, int line, IReadOnlyList<CsvColumnBinding> bindings,
        IReadOnlyDictionary<string, ContactAttributeDefinitionRecord> definitions, ContactInputReader reader, out ContactPatch? patch)
    {
        var problems = new List<CsvImportError>();
        var identityColumns = new List<string>();
        var identityInputs = new List<IdentityInput>();
        var tagColumns = new List<string>();
        var tags = new List<string>();
        var attributeColumns = new Dictionary<string, string>(StringComparer.Ordinal);
        var attributes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var scalarColumns = new Dictionary<string, string>(StringComparer.Ordinal);
        string? timeZone = null, locale = null, stage = null;
        int? score = null;

        foreach (var binding in bindings)
        {
            var cell = binding.Index < record.Length ? record[binding.Index].Trim() : "";
            if (cell.Length == 0)
            {
                // An empty cell leaves the stored value as it is rather than erasing it.
                continue;
            }

            switch (binding.Kind)
            {
                case CsvTargetKind.Email or CsvTargetKind.Phone or CsvTargetKind.External:
                    identityColumns.Add(binding.Column);
                    identityInputs.Add(new IdentityInput(binding.Kind == CsvTargetKind.External ? IdentityKinds.ExternalPrefix + binding.Argument : CsvColumnMapping.Name(binding.Kind), cell));
                    break;
                case CsvTargetKind.TimeZone:
                    timeZone = cell;
                    break;
                case CsvTargetKind.Locale:
                    locale = cell;
                    break;
                case CsvTargetKind.LifecycleStage:
                    stage = cell;
                    break;
                case CsvTargetKind.Score when int.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value):
                    score = value;
                    break;
                case CsvTargetKind.Score:
                    problems.Add(new CsvImportError(line, binding.Column, $"'{Shorten(cell)}' is not a whole number."));
                    break;
                case CsvTargetKind.Tags:
                    foreach (var tag in CsvCellValues.SplitList(cell))
                    {
                        tagColumns.Add(binding.Column);
                        tags.Add(tag);
                    }

                    break;
                case CsvTargetKind.Attribute:
                    attributeColumns[binding.Argument!] = binding.Column;
                    attributes[binding.Argument!] = CsvCellValues.ToJson(definitions[binding.Argument!].Type, cell);
                    break;
            }

            scalarColumns[CsvColumnMapping.Name(binding.Kind)] = binding.Column;
        }

        var fieldErrors = new FieldErrors();
        var fields = reader.Read(new ContactInput(identityInputs, timeZone, locale, stage, score, null, attributes, tags), "", fieldErrors, requireIdentity: true);
        foreach (var (field, messages) in fieldErrors.Entries)
        {
            problems.Add(new CsvImportError(line, ColumnOf(field), string.Join(" ", messages)));
        }

        patch = problems.Count == 0 ? fields.ToPatch() : null;
        return problems;

        string ColumnOf(string field)
        {
            if (field == "identities")
            {
                return string.Join(", ", bindings.Where(b => b.Kind is CsvTargetKind.Email or CsvTargetKind.Phone or CsvTargetKind.External).Select(b => b.Column));
            }

            if (field.StartsWith("attributes.", StringComparison.Ordinal) && attributeColumns.TryGetValue(field["attributes.".Length..], out var attributeColumn))
            {
                return attributeColumn;
            }

            if (IndexIn(field, "identities[") is { } identity && identity < identityColumns.Count)
            {
                return identityColumns[identity];
            }

            if (IndexIn(field, "tags[") is { } tagIndex && tagIndex < tagColumns.Count)
            {
                return tagColumns[tagIndex];
            }

            return scalarColumns.TryGetValue(field, out var column) ? column : field;
        }
    }

    private async Task<int> WriteAsync(List<ContactPatch> patches, CancellationToken cancellationToken)
    {
        if (patches.Count == 0)
        {
            return 0;
        }

        // One call is one transaction for every row: a failure part-way rolls the whole import back.
        var outcomes = await contacts.UpsertAsync(patches, clock.GetUtcNow().UtcDateTime, cancellationToken);
        changes.Enqueue(outcomes.Select(o => o.ContactId));
        return outcomes.Count(o => o.Created);
    }

    /// <summary>How many rows would create a contact: none of their identities is stored or named by an earlier row.</summary>
    private async Task<int> PredictCreatedAsync(List<ContactPatch> patches, CancellationToken cancellationToken)
    {
        var wanted = patches.SelectMany(p => p.Identities).Select(i => (i.Kind, i.Value)).ToHashSet();
        var seen = (await contacts.FindIdsAsync(wanted, cancellationToken)).Keys.ToHashSet();
        var created = 0;
        foreach (var patch in patches)
        {
            var keys = patch.Identities.Select(i => (i.Kind, i.Value)).ToList();
            if (!keys.Any(seen.Contains))
            {
                created++;
            }

            seen.UnionWith(keys);
        }

        return created;
    }

    private static int? IndexIn(string field, string prefix) =>
        field.StartsWith(prefix, StringComparison.Ordinal) && field.IndexOf(']', prefix.Length) is var end and > 0
        && int.TryParse(field.AsSpan(prefix.Length, end - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;

    private static int CountLineBreaks(string raw)
    {
        var count = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\n' || (raw[i] == '\r' && (i + 1 == raw.Length || raw[i + 1] != '\n')))
            {
                count++;
            }
        }

        return count;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

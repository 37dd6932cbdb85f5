using System.IO.Compression;
using System.Text;
using AutomationServer.Workflows.ElsaJson;
using AutomationServer.Workflows.Validation;

namespace AutomationServer.Workflows.Tests.ElsaJson;

public sealed class ElsaZipTests
{
    private static List<ElsaExportItem> CorpusItems() =>
        Corpus.Names.Select(n => new ElsaExportItem(ElsaJsonReader.Read(Corpus.Read(n)).Model!)).ToList();

    [Fact]
    public void Exported_archive_reads_back_into_the_same_definitions()
    {
        var items = CorpusItems();

        var result = ElsaZip.Read(new MemoryStream(ElsaZip.Write(items)));

        Assert.Empty(result.Problems);
        Assert.Equal(items.Count, result.Entries.Count);
        foreach (var (item, entry) in items.Zip(result.Entries))
        {
            Assert.Equal(ElsaZip.FileNameFor(item.Model), entry.EntryName);
            Assert.Empty(entry.Result.Problems);
            Corpus.AssertSameModel(item.Model, entry.Result.Model!);
        }
    }

    [Fact]
    public void Export_is_deterministic_and_names_files_like_elsa()
    {
        var items = CorpusItems();

        Assert.Equal(ElsaZip.Write(items), ElsaZip.Write(items));
        Assert.Equal("workflow-definition-abandoned-cart-reminder-3f1d9a7c2b6e4d80.json",
            ElsaZip.FileNameFor(items.Single(i => i.Model.DefinitionId == "3f1d9a7c2b6e4d80").Model));
        Assert.Equal("workflow-definition-birthday-greeting-unicode-d4e5f6a7b8c9d0e1.json",
            ElsaZip.FileNameFor(items.Single(i => i.Model.DefinitionId == "d4e5f6a7b8c9d0e1").Model));
    }

    [Fact]
    public void Overrides_apply_to_archive_entries_and_repeated_names_stay_unique()
    {
        var model = ElsaJsonReader.Read(Corpus.Read("fork-join.json")).Model!;
        var items = new[]
        {
            new ElsaExportItem(model, new ExportOverrides { Version = 1 }),
            new ElsaExportItem(model, new ExportOverrides { Version = 2 }),
        };

        var result = ElsaZip.Read(new MemoryStream(ElsaZip.Write(items)));

        Assert.Equal(["workflow-definition-welcome-series-parallel-c83f0b2a6e1d4975.json", "workflow-definition-welcome-series-parallel-c83f0b2a6e1d4975-2.json"],
            result.Entries.Select(e => e.EntryName));
        Assert.Equal([1, 2], result.Entries.Select(e => e.Result.Model!.Version));
    }

    [Fact]
    public void Bad_entries_give_problems_and_the_good_ones_are_still_read()
    {
        var zip = Zip(
            ("good.json", Corpus.Read("fork-join.json")),
            ("broken.json", "{\"root\": "),
            ("notes.txt", "hello"),
            ("folder/", ""),
            ("__MACOSX/._good.json", "\0\0"),
            ("nested/array.JSON", "[1,2]"));

        var result = ElsaZip.Read(new MemoryStream(zip));

        Assert.Equal(["good.json", "broken.json", "nested/array.JSON"], result.Entries.Select(e => e.EntryName));
        Assert.Empty(result.Entries[0].Result.Problems);
        Assert.Equal(ValidationCodes.MalformedJson, Assert.Single(result.Entries[1].Result.Problems).Code);
        Assert.Equal(ValidationCodes.InvalidStructure, Assert.Single(result.Entries[2].Result.Problems).Code);
        var skipped = Assert.Single(result.Problems);
        Assert.Equal((ValidationCodes.SkippedEntry, ValidationSeverity.Warning, "notes.txt"), (skipped.Code, skipped.Severity, skipped.Field));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 1, 2, 3 })]
    [InlineData(new byte[] { (byte)'{', (byte)'}' })]
    public void A_file_that_is_not_a_zip_is_an_archive_problem(byte[] bytes)
    {
        var result = ElsaZip.Read(new MemoryStream(bytes));

        Assert.Empty(result.Entries);
        Assert.Equal(ValidationCodes.InvalidArchive, Assert.Single(result.Problems).Code);
    }

    [Fact]
    public void A_corrupted_entry_is_an_entry_problem()
    {
        var zip = Zip(("a.json", Corpus.Read("switch-cases.json")));
        var dataStart = 30 + "a.json".Length;
        for (var i = dataStart + 10; i < dataStart + 60; i++)
        {
            zip[i] ^= 0x5A;
        }

        var result = ElsaZip.Read(new MemoryStream(zip));

        var entry = Assert.Single(result.Entries);
        Assert.NotEmpty(entry.Result.Problems);
        Assert.Null(entry.Result.Model);
    }

    [Fact]
    public void Limits_on_entry_count_entry_size_total_size_and_archive_size_are_enforced()
    {
        var zip = Zip(("a.json", Corpus.Read("fork-join.json")), ("b.json", Corpus.Read("fork-join.json")), ("c.json", Corpus.Read("fork-join.json")));

        var tooMany = ElsaZip.Read(new MemoryStream(zip), new ElsaZipLimits { MaxEntries = 2 });
        Assert.Empty(tooMany.Entries);
        Assert.Contains("3 entries", Assert.Single(tooMany.Problems).Message);

        var tooLarge = ElsaZip.Read(new MemoryStream(zip), new ElsaZipLimits { MaxEntryBytes = 1000 });
        Assert.All(tooLarge.Entries, e => Assert.Contains("larger than 1000 bytes", Assert.Single(e.Result.Problems).Message));

        var entrySize = Encoding.UTF8.GetByteCount(Corpus.Read("fork-join.json"));
        var tooMuch = ElsaZip.Read(new MemoryStream(zip), new ElsaZipLimits { MaxTotalBytes = (entrySize * 2) - 1 });
        Assert.Equal(2, tooMuch.Entries.Count);
        Assert.NotNull(tooMuch.Entries[0].Result.Model);
        Assert.Null(tooMuch.Entries[1].Result.Model);
        Assert.Equal(ValidationCodes.InvalidArchive, Assert.Single(tooMuch.Problems).Code);

        var archiveTooLarge = ElsaZip.Read(new MemoryStream(zip), new ElsaZipLimits { MaxArchiveBytes = 100 });
        Assert.Equal(ValidationCodes.InvalidArchive, Assert.Single(archiveTooLarge.Problems).Code);
        var forwardOnlyTooLarge = ElsaZip.Read(new ForwardOnlyStream(zip), new ElsaZipLimits { MaxArchiveBytes = 100 });
        Assert.Equal(ValidationCodes.InvalidArchive, Assert.Single(forwardOnlyTooLarge.Problems).Code);
    }

    [Fact]
    public void A_declared_entry_size_that_lies_does_not_get_past_the_limit()
    {
        var zip = Zip(("big.json", "{\"name\":\"" + new string('x', 5000) + "\"}"));
        // Patch the uncompressed size in the central directory so the entry claims to be tiny.
        var central = FindSignature(zip, 0x02014b50);
        BitConverter.GetBytes(10).CopyTo(zip, central + 24);

        var result = ElsaZip.Read(new MemoryStream(zip), new ElsaZipLimits { MaxEntryBytes = 1000 });

        var entry = Assert.Single(result.Entries);
        Assert.Null(entry.Result.Model);
        Assert.NotEmpty(entry.Result.Problems);
    }

    [Fact]
    public void A_forward_only_stream_is_read_like_a_seekable_one()
    {
        var zip = ElsaZip.Write(CorpusItems());

        var result = ElsaZip.Read(new ForwardOnlyStream(zip));

        Assert.Empty(result.Problems);
        Assert.Equal(Corpus.Names.Count, result.Entries.Count);
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name, CompressionLevel.Optimal).Open());
                writer.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private static int FindSignature(byte[] bytes, uint signature)
    {
        for (var i = 0; i <= bytes.Length - 4; i++)
        {
            if (BitConverter.ToUInt32(bytes, i) == signature)
            {
                return i;
            }
        }

        throw new InvalidOperationException("Signature not found.");
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

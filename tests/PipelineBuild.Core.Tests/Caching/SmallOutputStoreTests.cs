using System.Security.Cryptography;
using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Caching;

/// <summary>
/// Outputs stored through plain descriptors (small files on Linux) and through streams (large ones, other systems):
/// the same digest as .NET's SHA-256 and the same bytes in the store either way, and nothing but a regular file read.
/// </summary>
public sealed class SmallOutputStoreTests : IDisposable
{
    private const int Small = 16 << 10;
    private readonly TestWorkspace _ws = TestWorkspace.Create();
    private readonly WorkspaceLayout _layout;
    private readonly ContentStore _store;

    public SmallOutputStoreTests()
    {
        _layout = new WorkspaceLayout(_ws.Root);
        _store = new ContentStore(_layout.ContentFolder);
    }

    public static TheoryData<int> Lengths => [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 4096, Small - 1, Small, Small + 1, 65537, (1 << 20) + 3];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Should_store_a_file_of_any_length_under_the_digest_dotnet_computes_with_its_bytes_read_only(int length)
    {
        var content = Content(length);
        File.WriteAllBytes(_ws.PathOf("out.bin"), content);
        var before = FileStat.Read(_ws.PathOf("out.bin"))!.Value;

        var (digest, statAfter) = _store.Ingest(_ws.PathOf("out.bin"), before.Size);

        Assert.Equal(ContentDigest.FromHash(SHA256.HashData(content)), digest);
        Assert.Equal(content, File.ReadAllBytes(_store.ObjectPath(digest)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_layout.ContentFolder, "tmp")));
        if (OperatingSystem.IsLinux())
        {
            // Exactly 0444 whatever the umask: small objects get it through their descriptor, large ones by chmod.
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(_store.ObjectPath(digest)));

            // The stat through the read's own descriptor comes with small files only: a large one is stat'ed again by the caller.
            Assert.Equal(length <= Small ? before : null, statAfter);
        }
    }

    [Fact]
    public void Should_store_the_same_small_content_once_and_leave_no_staging_file_when_it_is_already_there()
    {
        File.WriteAllText(_ws.PathOf("a.txt"), "same");
        File.WriteAllText(_ws.PathOf("b.txt"), "same");

        var first = _store.Ingest(_ws.PathOf("a.txt"), 4).Digest;
        var second = _store.Ingest(_ws.PathOf("b.txt"), 4).Digest;

        Assert.Equal(first, second);
        Assert.Equal("same", File.ReadAllText(_store.ObjectPath(first)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_layout.ContentFolder, "tmp")));
    }

    [Fact]
    public void Should_not_rename_a_staging_file_over_an_object_already_there()
    {
        // Given an object that is already there when the commit's rename comes (another run stored it first): the
        // rename must not replace it, and the staging file must go
        File.WriteAllText(_ws.PathOf("a.txt"), "content");
        var digest = ContentDigest.Of("content"u8);
        Directory.CreateDirectory(Path.GetDirectoryName(_store.ObjectPath(digest))!);
        var staging = Path.Combine(_layout.ContentFolder, "tmp", "planted");
        Directory.CreateDirectory(Path.GetDirectoryName(staging)!);
        File.WriteAllText(staging, "other");
        File.WriteAllText(_store.ObjectPath(digest), "content");

        Assert.False(RegularFile.TryRenameNew(staging, _store.ObjectPath(digest)));

        Assert.Equal("content", File.ReadAllText(_store.ObjectPath(digest)));
        Assert.Equal("other", File.ReadAllText(staging));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Should_give_an_input_the_digest_dotnet_computes_and_remember_it(int length)
    {
        var content = Content(length);
        File.WriteAllBytes(_ws.PathOf("in.bin"), content);
        var statCache = new StatCache();

        var digest = new FileDigests(_layout, statCache, 1).TryGet("in.bin");

        Assert.Equal(ContentDigest.FromHash(SHA256.HashData(content)), digest);
        Assert.True(statCache.TryGet("in.bin", FileStat.Read(_ws.PathOf("in.bin"))!.Value, out var cached));
        Assert.Equal(digest, cached);
    }

    [Fact]
    public async Task Should_store_a_small_output_and_restore_it_byte_for_byte()
    {
        _ws.Write("out/o.txt", "restored exactly\n");
        var digests = new FileDigests(_layout, new StatCache(), 1);
        var records = new OutputRecorder(_layout, digests, _store).Record(Step("out/o.txt"), store: true);
        _ws.Delete("out/o.txt");

        var restored = await new CacheRestorer(_layout, digests, _store).TryRestoreAsync(new ActionEntry(new ActionKey(records[0].Digest), records));

        Assert.True(restored);
        Assert.Equal("restored exactly\n", _ws.Read("out/o.txt"));
    }

    [Fact]
    public void Should_refuse_a_fifo_in_place_of_an_output_without_waiting_for_a_writer()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        SpecialFiles.Fifo(_ws.PathOf("out/o.txt"));
        var recorder = new OutputRecorder(_layout, new FileDigests(_layout, new StatCache(), 1), _store);

        var error = SpecialFiles.WithoutHanging(() => Record.Exception(() => recorder.Record(Step("out/o.txt"), store: true)));

        var failure = Assert.IsType<PipelineException>(error);
        Assert.Contains("PB4005", failure.Message, StringComparison.Ordinal);
        Assert.Contains("output 'out/o.txt' is not a regular file", failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_layout.ContentFolder) && Directory.EnumerateFiles(_layout.ContentFolder, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public void Should_name_a_fifo_in_place_of_an_output_when_nothing_is_stored_too()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        SpecialFiles.Fifo(_ws.PathOf("out/o.txt"));
        var recorder = new OutputRecorder(_layout, new FileDigests(_layout, new StatCache(), 1), _store);

        var error = SpecialFiles.WithoutHanging(() => Record.Exception(() => recorder.Record(Step("out/o.txt"), store: false)));

        var failure = Assert.IsType<PipelineException>(error);
        Assert.Contains("output 'out/o.txt' is not a regular file", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_fifo_stored_by_path_without_waiting_for_a_writer()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        SpecialFiles.Fifo(_ws.PathOf("pipe"));

        var error = SpecialFiles.WithoutHanging(() => Record.Exception(() => _store.Ingest(_ws.PathOf("pipe"))));

        Assert.IsType<NotRegularFileException>(error);
    }

    [Fact]
    public void Should_store_what_an_in_workspace_link_points_to_as_before()
    {
        _ws.Write("data/a.txt", "target bytes");
        File.CreateSymbolicLink(_ws.PathOf("out.txt"), "data/a.txt");

        var records = new OutputRecorder(_layout, new FileDigests(_layout, new StatCache(), 1), _store).Record(Step("out.txt"), store: true);

        Assert.Equal(ContentDigest.Of("target bytes"u8), records.Single().Digest);
        Assert.Equal("target bytes", File.ReadAllText(_store.ObjectPath(records.Single().Digest)));
    }

    [Fact]
    public void Should_not_write_through_a_link_planted_in_the_staging_folder()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // Given a link where a staging file would be created
        _ws.Write("victim.txt", "keep me");
        var staged = _ws.PathOf("staging/new");
        Directory.CreateDirectory(_ws.PathOf("staging"));
        File.CreateSymbolicLink(staged, _ws.PathOf("victim.txt"));

        // Then creating it fails and the file the link points to is untouched
        Assert.Throws<IOException>(() => RegularFile.WriteNew(staged, "overwritten"u8));
        Assert.Equal("keep me", _ws.Read("victim.txt"));
    }

    [Fact]
    public void Should_make_the_missing_folder_of_a_new_file_and_write_it_whole()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        RegularFile.WriteNew(_ws.PathOf("a/b.txt"), "bytes"u8);

        Assert.Equal("bytes", _ws.Read("a/b.txt"));
        Assert.Throws<IOException>(() => RegularFile.WriteNew(_ws.PathOf("a/b.txt"), "again"u8));
    }

    public void Dispose() => _ws.Dispose();

    private static byte[] Content(int length)
    {
        var content = new byte[length];
        new Random(length).NextBytes(content);
        return content;
    }

    private static StepDefinition Step(string output) => new()
    {
        Id = "s.t",
        Stage = "s",
        Name = "t",
        Kind = StepKind.Host,
        Location = default,
        Outputs = [new OutputSpec(output, false, default)],
    };
}

using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Caching;

/// <summary>A restore never writes outside the workspace or outside the output that names a file, whatever the store says.</summary>
public sealed class PoisonedRestoreTests : IDisposable
{
    private readonly TestWorkspace _parent = TestWorkspace.Create();
    private readonly WorkspaceLayout _layout;
    private readonly ContentStore _store;
    private readonly List<string> _warnings = [];
    private readonly CacheRestorer _restorer;

    public PoisonedRestoreTests()
    {
        Directory.CreateDirectory(_parent.PathOf("ws"));
        _layout = new WorkspaceLayout(_parent.PathOf("ws"));
        _store = new ContentStore(_layout.ContentFolder);
        _restorer = new CacheRestorer(_layout, new FileDigests(_layout, new StatCache(), 1), _store, _warnings.Add);
    }

    [Theory]
    [InlineData("../POISON.txt")]
    [InlineData("out/../../POISON.txt")]
    [InlineData("ABSOLUTE")]
    public async Task Should_not_restore_a_folder_listing_that_names_a_path_outside_the_workspace(string poisoned)
    {
        // Given a folder output whose stored tree listing names a path outside the workspace
        var path = poisoned == "ABSOLUTE" ? _parent.PathOf("POISON.txt") : poisoned;
        var blob = _store.PutText("pwned");
        var listing = _store.PutText($"{ContentDigest.Of("ok"u8).Hex}  out/ok.txt\n{blob.Hex}  {path}\n");
        _store.PutText("ok");

        // When
        var restored = await _restorer.TryRestoreAsync(new ActionEntry(new ActionKey(listing), [new OutputRecord("out", true, listing)]));

        // Then nothing is written, anywhere
        Assert.False(restored);
        Assert.False(File.Exists(_parent.PathOf("POISON.txt")));
        Assert.False(Directory.Exists(_layout.FullPath("out")));
        Assert.Contains(_warnings, w => w.Contains("PB4011", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_not_restore_an_entry_whose_output_key_leaves_the_workspace()
    {
        var blob = _store.PutText("pwned");

        var restored = await _restorer.TryRestoreAsync(new ActionEntry(new ActionKey(blob), [new OutputRecord("../POISON_KEY.txt", false, blob)]));

        Assert.False(restored);
        Assert.False(File.Exists(_parent.PathOf("POISON_KEY.txt")));
    }

    [Fact]
    public async Task Should_not_restore_a_listing_file_that_lies_outside_its_folder_output()
    {
        // Given a listing of 'out/' that names a source file of the workspace
        File.WriteAllText(_layout.FullPath("main.py"), "print('mine')");
        var blob = _store.PutText("print('theirs')");
        var listing = _store.PutText($"{blob.Hex}  main.py\n");

        var restored = await _restorer.TryRestoreAsync(new ActionEntry(new ActionKey(listing), [new OutputRecord("out", true, listing)]));

        Assert.False(restored);
        Assert.Equal("print('mine')", File.ReadAllText(_layout.FullPath("main.py")));
    }

    [Fact]
    public async Task Should_not_restore_through_a_folder_that_is_a_symlink_out_of_the_workspace()
    {
        // Given 'models' links to a folder outside the workspace
        Directory.CreateDirectory(_parent.PathOf("elsewhere"));
        Directory.CreateSymbolicLink(_layout.FullPath("models"), _parent.PathOf("elsewhere"));
        var blob = _store.PutText("weights");

        var restored = await _restorer.TryRestoreAsync(new ActionEntry(new ActionKey(blob), [new OutputRecord("models/model.bin", false, blob)]));

        Assert.False(restored);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_parent.PathOf("elsewhere")));
    }

    [Fact]
    public async Task Should_restore_a_valid_folder_listing_as_before()
    {
        var a = _store.PutText("A");
        var listing = _store.PutText($"{a.Hex}  out/sub/a.txt\n");

        var restored = await _restorer.TryRestoreAsync(new ActionEntry(new ActionKey(listing), [new OutputRecord("out", true, listing)]));

        Assert.True(restored);
        Assert.Equal("A", File.ReadAllText(_layout.FullPath("out/sub/a.txt")));
    }

    public void Dispose() => _parent.Dispose();
}

using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace.Watching;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Hashing;

/// <summary>
/// What the stat cache takes from a change journal's answer: a loaded digest without a stat only for a path under a
/// vouched root and under no changed path, only while trusted; nothing older than the token left under the roots on
/// save; a token used only with the very stat cache file it was saved with.
/// </summary>
public sealed class JournalTrustTests : IDisposable
{
    private static readonly string[] Paths = ["data/a/one.txt", "data/a/two.txt", "data/b/three.txt", "other/four.txt"];
    private readonly TestWorkspace _ws = TestWorkspace.Create();

    public JournalTrustTests() => Directory.CreateDirectory(_ws.PathOf(".pipeline/cache"));

    public void Dispose() => _ws.Dispose();

    private string CachePath => _ws.PathOf(".pipeline/cache/stat");

    private static FileStat StatOf(string path) => new(path.Length, 1_000_000_000L, 1_000_000_000L, (ulong)path.Length);

    /// <summary>A cache holding <see cref="Paths"/>, saved and loaded back.</summary>
    private StatCache Loaded()
    {
        var cache = new StatCache();
        foreach (var path in Paths)
        {
            cache.Set(path, StatOf(path), ContentDigest.Of(System.Text.Encoding.UTF8.GetBytes(path)));
        }

        StatCacheFile.Save(cache, CachePath);
        return StatCacheFile.Load(CachePath);
    }

    [Theory]
    [InlineData("data/a/one.txt", true)]
    [InlineData("data/a/two.txt", false)] // changed itself
    [InlineData("data/b/three.txt", false)] // under a changed folder
    [InlineData("other/four.txt", false)] // outside the vouched root
    [InlineData("data/a/missing.txt", false)] // never loaded
    public void Should_give_a_loaded_digest_without_a_stat_only_for_what_the_journal_vouches(string path, bool expected)
    {
        // Given a loaded cache and an answer: under "data", "data/a/two.txt" and "data/b" changed
        var cache = Loaded();
        var hint = default(FindHint);

        // When asked within the trust's scope, and after it
        bool within;
        using (cache.TrustUnchanged(new UnchangedPaths(["data"], ["data/a/two.txt", "data/b"])))
        {
            within = cache.TryGetUnchanged(path, out _, ref hint);
        }

        var after = cache.TryGetUnchanged(path, out _, ref hint);

        // Then
        Assert.Equal(expected, within);
        Assert.False(after);
    }

    [Fact]
    public void Should_vouch_for_a_folders_listing_only_when_no_entry_of_it_changed()
    {
        // Given an answer where a file of "data/a" changed
        var unchanged = new UnchangedPaths(["data"], ["data/a/two.txt"]);

        // Then "data/a"'s listing is not vouched for, its sibling's and parent's are, and nothing outside the root
        Assert.False(unchanged.IsListingUnchanged("data/a"));
        Assert.True(unchanged.IsListingUnchanged("data/b"));
        Assert.True(unchanged.IsListingUnchanged("data"));
        Assert.False(unchanged.IsListingUnchanged("other"));
        Assert.False(new UnchangedPaths(["data"], ["data/new"]).IsListingUnchanged("data"));
    }

    [Fact]
    public void Should_drop_on_save_what_was_loaded_under_the_roots_and_not_made_good_this_run()
    {
        // Given a loaded cache of which this run looked at one file under "data"
        var cache = Loaded();
        Assert.True(cache.TryGet("data/a/one.txt", StatOf("data/a/one.txt"), out _));

        // When the roots' unseen entries are forgotten and the cache saved and loaded again
        cache.ForgetUnseenUnder(["data"]);
        StatCacheFile.Save(cache, CachePath);
        var again = StatCacheFile.Load(CachePath);

        // Then the file looked at and the one outside the roots stay; the others under "data" are gone
        Assert.True(again.TryGet("data/a/one.txt", StatOf("data/a/one.txt"), out _));
        Assert.True(again.TryGet("other/four.txt", StatOf("other/four.txt"), out _));
        Assert.False(again.TryGet("data/a/two.txt", StatOf("data/a/two.txt"), out _));
        Assert.False(again.TryGet("data/b/three.txt", StatOf("data/b/three.txt"), out _));
    }

    [Fact]
    public void Should_read_a_token_only_for_the_stat_cache_file_it_was_saved_with()
    {
        // Given a token saved for the cache file on disk
        var loaded = Loaded();
        var token = new JournalToken(Guid.NewGuid(), 42, ["data", "other"]);
        var tokenPath = JournalToken.PathBeside(CachePath);
        token.Save(tokenPath, loaded.LoadedFrom!.Value);

        // When it is read for that file, and for a cache saved since
        var same = JournalToken.Load(tokenPath, StatCacheFile.Load(CachePath).LoadedFrom);
        var resaved = StatCacheFile.Save(loaded, CachePath);
        var other = JournalToken.Load(tokenPath, resaved);

        // Then only the first gives it back
        Assert.NotNull(same);
        Assert.Equal((token.Instance, token.Sequence), (same.Instance, same.Sequence));
        Assert.Equal(["data", "other"], same.Roots);
        Assert.Null(other);
    }

    [Theory]
    [InlineData("")]
    [InlineData("pipelinebuild-fs-journal-token 1\nnot-a-guid\n1\n")]
    [InlineData("ROOTS")]
    [InlineData("COUNT")]
    public void Should_read_a_damaged_or_hostile_token_as_none(string damage)
    {
        // Given a token file damaged: empty, truncated, a root leading outside, a root count that does not match
        var loaded = Loaded();
        var tokenPath = JournalToken.PathBeside(CachePath);
        new JournalToken(Guid.NewGuid(), 7, ["data"]).Save(tokenPath, loaded.LoadedFrom!.Value);
        var text = File.ReadAllText(tokenPath);
        File.WriteAllText(tokenPath, damage switch
        {
            "ROOTS" => text.Replace("\ndata\n", "\n../outside\n", StringComparison.Ordinal),
            "COUNT" => text.Replace("\n1\ndata\n", "\n2\ndata\n", StringComparison.Ordinal),
            _ => damage,
        });

        // Then it is no token
        Assert.Null(JournalToken.Load(tokenPath, loaded.LoadedFrom));
    }

    [Theory]
    [InlineData(null, false, false)]
    [InlineData("off", false, false)]
    [InlineData("kept", false, true)]
    [InlineData("kept:30", false, true)]
    [InlineData("kept", true, false)]
    public void Should_read_the_setting_and_turn_it_off_in_CI(string? value, bool ci, bool kept)
    {
        // Given / When
        var setting = FsWatchSetting.From(name => name == FsWatchSetting.Variable ? value : null, ci);

        // Then
        Assert.Equal(kept, setting.Kept);
    }

    [Theory]
    [InlineData("on")]
    [InlineData("kept:0")]
    [InlineData("kept:-5")]
    [InlineData("kept:abc")]
    public void Should_refuse_a_setting_it_does_not_take_naming_the_variable(string value)
    {
        // Given / When
        var error = Assert.Throws<Core.Diagnostics.PipelineException>(() => FsWatchSetting.From(name => name == FsWatchSetting.Variable ? value : null, ci: false));

        // Then
        Assert.Equal(Core.Diagnostics.ExitCodes.InvalidInput, error.ExitCode);
        Assert.Contains(FsWatchSetting.Variable, error.Message, StringComparison.Ordinal);
    }
}
